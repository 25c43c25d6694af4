"""The sitemap lists only what is public: published corrections and fact checks,
and the stories they belong to."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from coverage.models import Claim, Correction, Story


class PageSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return ["coverage:home", "coverage:correction_list", "coverage:claim_list"]

    def location(self, item):
        return reverse(item)


class CorrectionSitemap(Sitemap):
    changefreq = "never"

    def items(self):
        return Correction.objects.published().only("pk", "published_at").order_by("pk")

    def lastmod(self, item):
        return item.published_at


class ClaimSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Claim.objects.published().only("pk", "verdict_published_at").order_by("pk")
        )

    def lastmod(self, item):
        return item.verdict_published_at


class StorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Story.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "corrections": CorrectionSitemap,
    "claims": ClaimSitemap,
    "stories": StorySitemap,
}
