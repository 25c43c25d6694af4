"""RSS and Atom feeds of published corrections: all, per outlet, per story."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
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
        # Atom's <title> is text unless it says otherwise.
        return title if self.feed_type is Atom1Feed else escape(title)

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
