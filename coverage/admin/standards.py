"""The standards dashboard and its exports: the desk's record of corrections and
verdicts over a period, drawn as server-side SVG with the numbers beside each
chart, and as CSV for an IFCN or EFCSN assessment."""

import csv

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from coverage import standards
from coverage.models import Correction, CorrectionRequest

KIND_LABELS = dict(Correction.Kind.choices)
MAX_PERIOD_DAYS = 366 * 5


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError("“From” must not be after “To”.")
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError("Choose a period of at most five years.")
        return cleaned


def chosen_period(request) -> tuple[PeriodForm, standards.Period]:
    default = standards.Period.last_months(12)
    form = PeriodForm(request.GET or {"start": default.start, "end": default.end})
    if form.is_valid():
        return form, standards.Period(
            form.cleaned_data["start"], form.cleaned_data["end"]
        )
    return form, default


def bars(rows: list[tuple[str, int]]) -> list[dict]:
    """Label, value and the bar's width as a share of the widest (for the SVG)."""
    widest = max((value for _label, value in rows), default=0) or 1
    return [
        {
            "label": label,
            "value": value,
            "width": round(100 * value / widest, 1),
            "y": 28 * i,
        }
        for i, (label, value) in enumerate(rows)
    ]


def stacked_months(months: list[dict]) -> list[dict]:
    """One stacked bar per month: each kind's segment offset by those before it."""
    widest = max((sum(m["counts"].values()) for m in months), default=0) or 1
    drawn = []
    for i, month in enumerate(months):
        offset, segments = 0.0, []
        for kind, count in month["counts"].items():
            width = 100 * count / widest
            if count:
                segments.append(
                    {
                        "kind": kind,
                        "label": KIND_LABELS[kind],
                        "count": count,
                        "x": round(offset, 1),
                        "width": round(width, 1),
                    }
                )
            offset += width
        drawn.append(
            {
                "month": month["month"],
                "total": sum(month["counts"].values()),
                "counts": month["counts"],
                "segments": segments,
                "y": 28 * i,
            }
        )
    return drawn


class StandardsRecordViews:
    """Mixed into the corrections' ModelAdmin: its view permission opens them."""

    def standards_urls(self):
        view = self.admin_site.admin_view
        return [
            path("standards/", view(self.standards_view), name="coverage_standards"),
            path(
                "standards/corrections.csv",
                view(self.csv_view(write_corrections_csv, "corrections")),
                name="coverage_standards_corrections_csv",
            ),
            path(
                "standards/requests.csv",
                view(self.csv_view(write_requests_csv, "requests")),
                name="coverage_standards_requests_csv",
            ),
        ]

    def standards_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form, period = chosen_period(request)
        days = standards.days_to_correction(period)
        from_request = standards.days_from_request(period)
        context = {
            **self.admin_site.each_context(request),
            "title": "The standards record",
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "period": period,
            "median_days": standards.median_days(days),
            "from_request": len(from_request),
            "median_days_from_request": standards.median_days(from_request),
            "requests": bars(standards.requests_by_outcome(period)),
            # Every correction counts, dated article or not; the medians need dates.
            "corrected": standards.published_in(period).count(),
            "months": stacked_months(standards.per_month_by_kind(period)),
            "kinds": Correction.Kind.choices,
            "speed": bars(standards.speed_buckets(days)),
            "verdicts": bars(standards.verdicts(period)),
            "outlets": standards.per_outlet(period),
            "outlet_bars": bars([(o, n) for o, n, _m in standards.per_outlet(period)]),
            "late": standards.late_corrections(period),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/coverage/standards.html", context)

    def csv_view(self, write, name):
        """A CSV download of ``write(out, period)`` for the period asked for."""

        def download(request):
            if not self.has_view_permission(request):
                raise PermissionDenied
            form, period = chosen_period(request)
            if not form.is_valid():
                return HttpResponse(
                    "; ".join(m for ms in form.errors.values() for m in ms),
                    status=400,
                    content_type="text/plain; charset=utf-8",
                )
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="{name}-{period.start}-{period.end}.csv"'
            )
            write(response, period)
            return response

        return download


CSV_COLUMNS = [
    "id",
    "kind",
    "published_at",
    "article_published_at",
    "days_after_article",
    "late_note",
    "outlet",
    "headline",
    "article_url",
    "what_was_wrong",
    "what_is_right",
    "explanation",
    "author",
    "approver",
]


def write_corrections_csv(out, period: standards.Period) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for c in (
        standards.published_in(period)
        .select_related("article__outlet", "author", "approver")
        .order_by("published_at", "id")
        .iterator(chunk_size=500)
    ):
        writer.writerow(
            [
                c.pk,
                c.kind,
                c.published_at.isoformat(),
                c.article.published_at.isoformat() if c.article.published_at else "",
                "" if c.days_after_article() is None else c.days_after_article(),
                c.late_note,
                c.article.outlet.name,
                c.article.headline,
                c.article.url,
                c.what_was_wrong,
                c.what_is_right,
                c.public_explanation,
                c.author.get_username(),
                c.approver.get_username() if c.approver else "",
            ]
        )


REQUEST_CSV_COLUMNS = [
    "id",
    "status",
    "received_at",
    "deadline",
    "closed_at",
    "overdue",
    "article_id",
    "article",
    "correction_id",
    "correction_published_at",
    "days_to_correction",
]


def write_requests_csv(out, period: standards.Period) -> None:
    """Readers' requests received in the period: where each stands and how fast
    it was answered. Nothing the reader typed and no address: this file leaves
    the desk."""
    start, end = period.bounds()
    writer = csv.writer(out)
    writer.writerow(REQUEST_CSV_COLUMNS)
    now = timezone.now()
    for r in (
        CorrectionRequest.objects.filter(received_at__gte=start, received_at__lt=end)
        .select_related("article", "correction")
        .order_by("received_at", "id")
        .iterator(chunk_size=500)
    ):
        correction = (
            r.correction if r.correction and r.correction.is_published else None
        )
        writer.writerow(
            [
                r.pk,
                r.status,
                r.received_at.isoformat(),
                r.deadline.isoformat(),
                r.closed_at.isoformat() if r.closed_at else "",
                "yes" if r.closed_at is None and r.deadline < now else "no",
                r.article_id or "",
                r.article.headline if r.article else r.article_given,
                correction.pk if correction else "",
                correction.published_at.isoformat() if correction else "",
                (correction.published_at - r.received_at).days if correction else "",
            ]
        )
