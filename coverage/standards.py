"""The standards record: how many corrections, of what kind, how fast, and the
verdicts given, as figures for the desk's dashboard, its exports and the public
transparency page. Read-only: every function takes a date range and answers from
the published record."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from coverage.models import (
    Claim,
    ClaimStatus,
    Correction,
    CorrectionRequest,
    CorrectionRequestStatus,
)

# How long corrections took, in the buckets the dashboard draws.
SPEED_BUCKETS = [
    ("within a day", 1),
    ("within a week", 7),
    ("within 30 days", 30),
    ("later", None),
]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def last_months(cls, months: int, *, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return cls(start=today - datetime.timedelta(days=30 * months), end=today)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, zone)
        end = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, zone
        )
        return start, end


def published_in(period: Period):
    start, end = period.bounds()
    return Correction.objects.filter(
        status=Correction.Status.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
    )


def days_to_correction(period: Period) -> list[int]:
    """Whole days from each article's publication to its correction's."""
    return [
        (published - article_published).days
        for published, article_published in published_in(period)
        .exclude(article__published_at=None)
        .values_list("published_at", "article__published_at")
    ]


def median_days(days: list[int]) -> float | None:
    return statistics.median(days) if days else None


def speed_buckets(days: list[int]) -> list[tuple[str, int]]:
    counts = []
    lower = None
    for name, upper in SPEED_BUCKETS:
        counts.append(
            (
                name,
                sum(
                    1
                    for d in days
                    if (lower is None or d > lower) and (upper is None or d <= upper)
                ),
            )
        )
        lower = upper
    return counts


def per_month_by_kind(period: Period) -> list[dict]:
    """``[{"month": date, "counts": {kind: n}}]``, oldest first, every kind present."""
    rows = (
        published_in(period)
        .annotate(month=TruncMonth("published_at"))
        .values("month", "kind")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    months: dict[datetime.date, dict[str, int]] = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        months.setdefault(month, dict.fromkeys(Correction.Kind.values, 0))[
            row["kind"]
        ] = row["n"]
    return [{"month": month, "counts": counts} for month, counts in months.items()]


def per_outlet(period: Period) -> list[tuple[str, int, float | None]]:
    """``(outlet, corrections, median days)``, most corrected first."""
    by_outlet: dict[str, list] = {}
    for outlet, published, article_published in published_in(period).values_list(
        "article__outlet__name", "published_at", "article__published_at"
    ):
        by_outlet.setdefault(outlet, []).append(
            (published - article_published).days if article_published else None
        )
    return sorted(
        (
            (outlet, len(days), median_days([d for d in days if d is not None]))
            for outlet, days in by_outlet.items()
        ),
        key=lambda row: (-row[1], row[0]),
    )


def verdicts(period: Period) -> list[tuple[str, int]]:
    start, end = period.bounds()
    counts = dict(
        Claim.objects.filter(
            verdict_published_at__gte=start, verdict_published_at__lt=end
        )
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return [
        (ClaimStatus(status).label, counts.get(status, 0))
        for status in ClaimStatus.values
        if status in counts
    ]


def late_corrections(period: Period):
    """Published more than the allowed days after their article: each carries its
    public note."""
    return [c for c in published_in(period).select_related("article") if c.is_late()]


def requests_by_outcome(period: Period) -> list[tuple[str, int]]:
    """Readers' requests received in the period: each status, and how many of the
    open ones are past their deadline."""
    start, end = period.bounds()
    received = CorrectionRequest.objects.filter(
        received_at__gte=start, received_at__lt=end
    )
    counts = dict(received.values_list("status").annotate(n=Count("id")))
    rows = [
        (CorrectionRequestStatus(status).label, counts.get(status, 0))
        for status in CorrectionRequestStatus.values
    ]
    return [*rows, ("Overdue (open past the deadline)", received.overdue().count())]


def days_from_request(period: Period) -> list[int]:
    """Whole days from each reader's request to the correction drafted from it
    being published."""
    return [
        (published - received).days
        for published, received in published_in(period)
        .exclude(request=None)
        .values_list("published_at", "request__received_at")
    ]
