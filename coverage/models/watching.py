"""Outlets the desk watches: a feed per outlet polled on its interval, and each
article it brought in re-fetched on a schedule that backs off with age."""

from django.conf import settings
from django.db import models


class FeedKind(models.TextChoices):
    RSS = "rss", "RSS"
    ATOM = "atom", "Atom"
    JSON_FEED = "json", "JSON Feed"
    NEWS_SITEMAP = "sitemap", "News sitemap"


class WatchedFeedQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(active=True, next_poll_at__lte=now)


class WatchedFeed(models.Model):
    outlet = models.ForeignKey(
        "coverage.Outlet", on_delete=models.PROTECT, related_name="watched_feeds"
    )
    url = models.URLField(max_length=2000, unique=True)
    kind = models.CharField(max_length=10, choices=FeedKind.choices)
    interval_minutes = models.PositiveIntegerField(default=30)
    active = models.BooleanField(default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Imports from this feed are made in this user's name.",
    )
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(db_index=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchedFeedQuerySet.as_manager()

    class Meta:
        ordering = ["outlet__name", "url"]

    def __str__(self):
        return f"{self.outlet}: {self.url}"


class WatchedArticleQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(next_fetch_at__lte=now, watch_until__gt=now)


class WatchedArticle(models.Model):
    article = models.OneToOneField(
        "coverage.Article", on_delete=models.CASCADE, related_name="watch"
    )
    feed = models.ForeignKey(
        WatchedFeed, on_delete=models.SET_NULL, null=True, related_name="articles"
    )
    url = models.URLField(max_length=2000, unique=True)
    first_seen_at = models.DateTimeField()
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    next_fetch_at = models.DateTimeField(db_index=True)
    watch_until = models.DateTimeField()
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)

    objects = WatchedArticleQuerySet.as_manager()

    class Meta:
        ordering = ["next_fetch_at"]

    def __str__(self):
        return self.url
