from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from coverage.public import feeds, requests, sitemaps, views
from coverage.public.caching import public_page


class RowIdConverter:
    """A row id: digits that fit a 64-bit integer. A longer number is no row (404),
    where ``<int:>`` handed it to SQLite, which cannot bind it (a 500)."""

    regex = "[0-9]{1,19}"
    largest = 2**63 - 1

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.largest:
            raise ValueError(f"{value} is past the largest row id")
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(RowIdConverter, "id")

app_name = "coverage"

public = public_page()

urlpatterns = [
    path("", views.home, name="home"),
    path("corrections/", views.correction_list, name="correction_list"),
    path("corrections.json", views.correction_list_json, name="correction_list_json"),
    path("corrections/<id:pk>/", views.correction_detail, name="correction_detail"),
    path(
        "corrections/<id:pk>/card.png",
        views.correction_card_png,
        name="correction_card",
    ),
    path(
        "corrections/feed.json",
        public(feeds.CorrectionsJson()),
        name="corrections_json_feed",
    ),
    path("standards/", views.standards_record, name="standards"),
    path("standards.json", views.standards_record_json, name="standards_json"),
    path(
        "corrections/feed/rss/",
        public(feeds.CorrectionsRss()),
        name="corrections_rss",
    ),
    path(
        "corrections/feed/atom/",
        public(feeds.CorrectionsAtom()),
        name="corrections_atom",
    ),
    path(
        "outlets/<slug:slug>/corrections/feed/rss/",
        public(feeds.OutletCorrectionsRss()),
        name="outlet_corrections_rss",
    ),
    path(
        "outlets/<slug:slug>/corrections/feed/atom/",
        public(feeds.OutletCorrectionsAtom()),
        name="outlet_corrections_atom",
    ),
    path(
        "stories/<slug:slug>/corrections/feed/rss/",
        public(feeds.StoryCorrectionsRss()),
        name="story_corrections_rss",
    ),
    path(
        "stories/<slug:slug>/corrections/feed/atom/",
        public(feeds.StoryCorrectionsAtom()),
        name="story_corrections_atom",
    ),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/<id:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<id:pk>/card.png", views.claim_card_png, name="claim_card"),
    path("claims/feed.json", views.claim_review_feed, name="claim_review_feed"),
    path("stories/<slug:slug>/", views.story_detail, name="story_detail"),
    path(
        "sitemap.xml",
        public(sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
]


class RequestTokenConverter:
    """A status page's token (``secrets.token_urlsafe``); anything else is a 404."""

    regex = "[A-Za-z0-9_-]{20,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(RequestTokenConverter, "token")

urlpatterns += [
    path("corrections/request/", requests.request_form, name="request_form"),
    path(
        "corrections/request/<token:token>/",
        requests.request_status,
        name="request_status",
    ),
]
