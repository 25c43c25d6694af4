"""Stories the desk has published something about, and outlets it has corrected."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from coverage.api.pages import READ_ERRORS, answer, conditional, read, window
from coverage.api.schemas import (
    SLUG,
    Detail,
    OutletOut,
    OutletPage,
    StoryOut,
    StoryPage,
    Window,
)
from coverage.models import Outlet, Story

stories = Router(tags=["stories"])
outlets = Router(tags=["outlets"])


def story_json(story: Story, *, absolute_url) -> dict:
    return {
        "slug": story.slug,
        "title": story.title,
        "summary": story.summary,
        "status": story.status,
        "url": absolute_url(story.get_absolute_url()),
    }


def outlet_json(outlet: Outlet) -> dict:
    return {"slug": outlet.slug, "name": outlet.name, "homepage": outlet.homepage}


def public_stories():
    return Story.objects.public().order_by("title", "id")


def public_outlets():
    return Outlet.objects.public().order_by("name", "id")


@read(stories, "", response={200: StoryPage, **READ_ERRORS}, summary="List stories")
@conditional()
def list_stories(request, query: Query[Window]):
    total, rows = window(public_stories(), query)
    url = request.build_absolute_uri
    return answer(query, total, [story_json(s, absolute_url=url) for s in rows])


@read(
    stories,
    "/{slug}",
    response={200: StoryOut, 404: Detail, **READ_ERRORS},
    summary="One story",
)
@conditional()
def get_story(request, slug: str = Path(..., max_length=200, pattern=SLUG)):
    story = get_object_or_404(public_stories(), slug=slug)
    return story_json(story, absolute_url=request.build_absolute_uri)


@read(outlets, "", response={200: OutletPage, **READ_ERRORS}, summary="List outlets")
@conditional()
def list_outlets(request, query: Query[Window]):
    total, rows = window(public_outlets(), query)
    return answer(query, total, [outlet_json(o) for o in rows])


@read(
    outlets,
    "/{slug}",
    response={200: OutletOut, 404: Detail, **READ_ERRORS},
    summary="One outlet",
)
@conditional()
def get_outlet(request, slug: str = Path(..., max_length=200, pattern=SLUG)):
    return outlet_json(get_object_or_404(public_outlets(), slug=slug))
