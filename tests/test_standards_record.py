"""The standards record: late corrections say why, the dashboard's figures and
charts, the CSV export, and the public transparency page."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coverage import standards, workflow
from coverage.models import Correction
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    CorrectionRequestFactory,
    OutletFactory,
    PublishedClaimFactory,
    PublishedCorrectionFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/coverage/correction/standards/"
EXPORT = "/admin/coverage/correction/standards/corrections.csv"


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def late_draft(author, **fields):
    return workflow.draft_correction(
        ArticleFactory(published_at=days_ago(45)),
        actor=author,
        kind="correction",
        what_was_wrong="The toll was given as 7,000.",
        what_is_right="It was about 700.",
        public_explanation="A digit too many.",
        **fields,
    )


# Late corrections carry a public note.


def test_a_late_correction_cannot_be_submitted_without_saying_why(editor):
    correction = late_draft(editor)
    with pytest.raises(ValidationError, match="45 days after its article"):
        workflow.submit_correction(correction, actor=editor)
    assert Correction.objects.get().status == "draft"


def test_nor_published_if_it_became_late_while_waiting(editor, standards_editor):
    correction = CorrectionFactory(
        author=editor, status="submitted", article__published_at=days_ago(31)
    )
    with pytest.raises(ValidationError, match="saying why it came late"):
        workflow.publish_correction(correction, actor=standards_editor)


def test_with_its_note_it_is_published_and_shown(editor, standards_editor, client):
    correction = late_draft(
        editor, late_note="A reader's letter reached us only last week."
    )
    workflow.submit_correction(correction, actor=editor)
    workflow.publish_correction(correction, actor=standards_editor)

    page = client.get(f"/corrections/{correction.pk}/").content.decode()
    assert "Why it came late" in page
    assert "A reader&#x27;s letter reached us only last week." in page
    item = client.get("/corrections.json").json()["results"][0]
    assert item["late_note"] == "A reader's letter reached us only last week."
    assert item["days_after_article"] == 45


def test_a_timely_correction_needs_no_note(editor):
    correction = workflow.draft_correction(
        ArticleFactory(published_at=days_ago(29)),
        actor=editor,
        kind="correction",
        what_was_wrong="x",
        public_explanation="y",
        what_is_right="",
    )
    workflow.submit_correction(correction, actor=editor)
    assert Correction.objects.get().status == "submitted"


def test_the_note_is_frozen_with_the_rest_once_submitted(editor):
    correction = late_draft(editor, late_note="We learnt of it late.")
    workflow.submit_correction(correction, actor=editor)
    with (
        pytest.raises(IntegrityError, match="frozen"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE coverage_correction SET late_note = 'changed' WHERE id = %s",
            [correction.pk],
        )


def test_a_published_correction_stays_unchangeable_after_the_migration():
    """Adding the note rebuilt the table on SQLite; the append-only guard holds."""
    correction = PublishedCorrectionFactory()
    with (
        pytest.raises(IntegrityError, match="published"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE coverage_correction SET late_note = 'x' WHERE id = %s",
            [correction.pk],
        )


# The figures.


def published(days_after_article: int, *, ago: int = 1, kind="correction", outlet=None):
    at = days_ago(ago)
    return PublishedCorrectionFactory(
        kind=kind,
        published_at=at,
        article__published_at=at - datetime.timedelta(days=days_after_article),
        article__outlet=outlet or OutletFactory(),
        late_note="Late." if days_after_article > 30 else "",
    )


def test_median_and_speed_buckets():
    for days in (0, 2, 5, 20, 40):
        published(days)
    published(3, ago=400)  # outside the period
    period = standards.Period.last_months(12)
    days = sorted(standards.days_to_correction(period))
    assert days == [0, 2, 5, 20, 40]
    assert standards.median_days(days) == 5
    assert standards.speed_buckets(days) == [
        ("within a day", 1),
        ("within a week", 2),
        ("within 30 days", 1),
        ("later", 1),
    ]
    assert standards.median_days([]) is None


def test_per_outlet_and_per_month_by_kind():
    metro = OutletFactory(name="Metro")
    published(2, outlet=metro)
    published(4, outlet=metro, kind="clarification")
    published(9)
    period = standards.Period.last_months(12)
    (first, *_rest) = standards.per_outlet(period)
    assert first == ("Metro", 2, 3)
    months = standards.per_month_by_kind(period)
    assert sum(sum(m["counts"].values()) for m in months) == 3
    assert sum(m["counts"]["clarification"] for m in months) == 1


def test_verdicts_by_rating():
    PublishedClaimFactory.create_batch(2, status="inaccurate")
    PublishedClaimFactory(status="accurate")
    assert dict(standards.verdicts(standards.Period.last_months(1))) == {
        "Accurate": 1,
        "Inaccurate": 2,
    }


# The dashboard.


def test_the_dashboard_draws_each_chart_with_its_numbers(standards_client):
    published(2, outlet=OutletFactory(name="Metro"))
    published(45, outlet=OutletFactory(name="Daily"))
    PublishedClaimFactory(status="misleading")

    page = standards_client.get(DASHBOARD).content.decode()
    assert page.count('<svg class="bars"') == 5
    assert 'role="img"' in page
    assert '<th scope="row">Metro</th>' in page
    assert "Misleading" in page
    assert "median time from the article to its correction: <strong>23.5 days" in page
    assert "45 days after the article: Late." in page


def test_the_dashboard_counts_corrections_of_undated_articles_too(standards_client):
    published(2)
    PublishedCorrectionFactory(article=ArticleFactory(published_at=None))

    page = standards_client.get(DASHBOARD).content.decode()
    assert "2 corrections published from" in page
    assert "median time from the article to its correction: <strong>2 days" in page


def test_the_dashboard_costs_the_same_queries_however_much_there_is(standards_client):
    published(2)
    standards_client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as few:
        standards_client.get(DASHBOARD)
    for days in (1, 3, 5, 50, 60):
        published(days, kind="update")
    PublishedClaimFactory.create_batch(3)
    with CaptureQueriesContext(connection) as many:
        standards_client.get(DASHBOARD)
    assert len(many) == len(few)


def test_a_bad_period_is_named_and_the_default_shown(standards_client):
    page = standards_client.get(DASHBOARD, {"start": "2026-05-01", "end": "2026-01-01"})
    assert page.status_code == 200
    assert "“From” must not be after “To”." in page.content.decode()
    response = standards_client.get(
        EXPORT, {"start": "2020-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == 400
    assert "at most five years" in response.content.decode()
    response = standards_client.get(
        EXPORT, {"start": "not-a-date", "end": "2026-12-31"}
    )
    assert response.status_code == 400


def test_the_csv_export_lists_the_period(standards_client):
    inside = published(45)
    published(3, ago=400)
    today = timezone.localdate()
    response = standards_client.get(
        EXPORT,
        {
            "start": (today - datetime.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [int(row["id"]) for row in rows] == [inside.pk]
    assert rows[0]["days_after_article"] == "45"
    assert rows[0]["late_note"] == "Late."


@pytest.mark.parametrize("url", [DASHBOARD, EXPORT])
def test_the_desk_roles_see_the_record_and_others_do_not(url, client, reporter_client):
    assert reporter_client.get(url).status_code in (200, 400)
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# The public page.


def test_the_public_record_shows_three_months_and_the_median(client):
    recent = published(4)
    published(10, ago=20)
    published(2, ago=120)  # older than three months
    page = client.get("/standards/").content.decode()
    assert "we published 2 corrections" in page
    assert "a median of <strong>7 days" in page
    assert f"/corrections/{recent.pk}/" in page

    data = client.get("/standards.json").json()
    assert (data["count"], data["median_days_to_correction"], data["late"]) == (2, 7, 0)
    assert {c["id"] for c in data["corrections"]} >= {recent.pk}


def test_every_public_page_links_to_the_record(client):
    assert 'href="/standards/"' in client.get("/").content.decode()


def test_readers_requests_are_on_the_record(standards_client, editor):
    answered = CorrectionRequestFactory(received_at=days_ago(12))
    correction = published(20, ago=2)
    CorrectionRequestFactory(received_at=days_ago(20), deadline=days_ago(13))  # overdue
    # Link the published correction to the first request, as upholding does.
    type(answered).objects.filter(pk=answered.pk).update(
        correction=correction, status="upheld", closed_at=days_ago(2)
    )

    page = standards_client.get(DASHBOARD).content.decode()
    assert "came from readers' requests, a median of <strong>10 days" in page
    assert '<th scope="row">Overdue (open past the deadline)</th><td>1</td>' in page

    today = timezone.localdate()
    response = standards_client.get(
        "/admin/coverage/correction/standards/requests.csv",
        {
            "start": (today - datetime.timedelta(days=60)).isoformat(),
            "end": today.isoformat(),
        },
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["status"] for row in rows] == ["new", "upheld"]
    assert rows[0]["overdue"] == "yes"
    assert rows[1]["days_to_correction"] == "10"
    assert "walruses died" not in response.content.decode()  # nothing the reader typed
