"""RSS, Atom and JSON Feed of published corrections: all, per outlet, per story.

Django's syndication framework writes RSS and Atom; ``JsonFeed`` is a feed type of
its own for it, so the JSON Feed's items are the same ``Feed`` subclasses' items,
titles, links and dates.
"""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, RssFeed, SyndicationFeed
from django.utils.html import escape

from coverage.models import Correction, Outlet, Story

FEED_SIZE = 50


def latest_corrections():
    return (
        Correction.objects.published()
        .select_related("article__outlet")
        .defer("article__raw_text", "article__body")
        .order_by("-published_at", "-id")
    )


class CorrectionsRss(Feed):
    title = "Corrections"
    description = "Every published correction, clarification and retraction."
    # Readers render an item's description (Atom's summary type="html") as HTML:
    # the template escapes the imported and desk-written text in it.
    description_template = "coverage/feeds/correction_description.html"

    def link(self):
        return reverse("coverage:correction_list")

    def items(self):
        return latest_corrections()[:FEED_SIZE]

    def item_title(self, item):
        title = f"{item.get_kind_display()}: {item.article.headline}"
        # RSS cannot say its titles are text, and readers render them as HTML;
        # Atom's <title> is text unless it says otherwise, JSON Feed's always is.
        return escape(title) if issubclass(self.feed_type, RssFeed) else title

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.article.outlet.name

    def item_categories(self, item):
        return [item.get_kind_display()]


class CorrectionsAtom(CorrectionsRss):
    feed_type = Atom1Feed
    subtitle = CorrectionsRss.description


class OutletCorrectionsRss(CorrectionsRss):
    def get_object(self, request, slug):
        return get_object_or_404(Outlet.objects.public(), slug=slug)

    def title(self, obj):
        return f"Corrections: {obj.name}"

    def description(self, obj):
        return f"Published corrections to articles from {obj.name}."

    def link(self, obj):
        return f"{reverse('coverage:correction_list')}?outlet={obj.slug}"

    def items(self, obj):
        return latest_corrections().filter(article__outlet=obj)[:FEED_SIZE]


class OutletCorrectionsAtom(OutletCorrectionsRss):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class StoryCorrectionsRss(CorrectionsRss):
    def get_object(self, request, slug):
        return get_object_or_404(Story.objects.public(), slug=slug)

    def title(self, obj):
        return f"Corrections: {obj.title}"

    def description(self, obj):
        return f"Published corrections to the coverage of {obj.title}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return latest_corrections().filter(article__story=obj)[:FEED_SIZE]


class StoryCorrectionsAtom(StoryCorrectionsRss):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from Django's feed data.

    ``description`` (the rendered description template) is the item's
    ``content_html``; an item's ``image`` (a path or an address) is its picture."""

    content_type = "application/feed+json; charset=utf-8"
    version = "https://jsonfeed.org/version/1.1"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.document(), ensure_ascii=False))

    def document(self) -> dict:
        feed = self.feed
        data = {
            "version": self.version,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
        }
        if feed["author_name"]:
            data["authors"] = [self.author(feed)]
        data["items"] = [self.item(item) for item in self.items]
        return {key: value for key, value in data.items() if value is not None}

    def author(self, values: dict) -> dict:
        author = {"name": values["author_name"]}
        if values.get("author_link"):
            author["url"] = urljoin(self.feed["link"], values["author_link"])
        return author

    def item(self, item: dict) -> dict:
        data = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item["description"],
        }
        if item.get("image"):
            data["image"] = urljoin(self.feed["link"], item["image"])
        if item["pubdate"]:
            data["date_published"] = item["pubdate"].isoformat()
        if item["updateddate"]:
            data["date_modified"] = item["updateddate"].isoformat()
        if item["author_name"]:
            data["authors"] = [self.author(item)]
        if item["categories"]:
            data["tags"] = list(item["categories"])
        return data


class CorrectionsJson(CorrectionsRss):
    """The corrections feed as JSON Feed: the same items as RSS and Atom, each with
    its share card as ``image``."""

    feed_type = JsonFeed

    def author_name(self):
        return settings.NEWSROOM_NAME

    def author_link(self):
        return reverse("coverage:home")

    def item_extra_kwargs(self, item):
        return {"image": reverse("coverage:correction_card", args=[item.pk])}
