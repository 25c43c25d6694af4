from django.contrib.sitemaps.views import sitemap
from django.urls import path

from coverage import feeds, signatures, sitemaps, views

app_name = "coverage"

all_corrections = signatures.public_page(signatures.corrections_signature)
outlet_corrections = signatures.public_page(signatures.outlet_signature)
story_corrections = signatures.public_page(signatures.story_corrections_signature)

urlpatterns = [
    path("", views.home, name="home"),
    path("corrections/", views.correction_list, name="correction_list"),
    path("corrections.json", views.correction_list_json, name="correction_list_json"),
    path("corrections/<int:pk>/", views.correction_detail, name="correction_detail"),
    path(
        "corrections/feed/rss/",
        all_corrections(feeds.CorrectionsRss()),
        name="corrections_rss",
    ),
    path(
        "corrections/feed/atom/",
        all_corrections(feeds.CorrectionsAtom()),
        name="corrections_atom",
    ),
    path(
        "outlets/<slug:slug>/corrections/feed/rss/",
        outlet_corrections(feeds.OutletCorrectionsRss()),
        name="outlet_corrections_rss",
    ),
    path(
        "outlets/<slug:slug>/corrections/feed/atom/",
        outlet_corrections(feeds.OutletCorrectionsAtom()),
        name="outlet_corrections_atom",
    ),
    path(
        "stories/<slug:slug>/corrections/feed/rss/",
        story_corrections(feeds.StoryCorrectionsRss()),
        name="story_corrections_rss",
    ),
    path(
        "stories/<slug:slug>/corrections/feed/atom/",
        story_corrections(feeds.StoryCorrectionsAtom()),
        name="story_corrections_atom",
    ),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("stories/<slug:slug>/", views.story_detail, name="story_detail"),
    path(
        "sitemap.xml",
        signatures.public_page(signatures.sitemap_signature)(sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
]
