"""The claim change list is the verification queue; the claim page shows the quote
in its article, its links, evidence and timeline."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage import workflow
from coverage.models import ClaimLink, ClaimStatus
from tests.factories import (
    ArticleFactory,
    ClaimAppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    StoryFactory,
)
from tests.logins import log_in

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:coverage_claim_changelist")


def change_page(claim):
    return reverse("admin:coverage_claim_change", args=[claim.pk])


def queued_claims(count):
    return [ClaimAppearanceFactory().claim for _ in range(count)]


def shown(response):
    return [claim.pk for claim in response.context["cl"].result_list]


def test_queue_lists_claim_with_claimant_story_outlet_assignee(editor_client, editor):
    appearance = ClaimAppearanceFactory(
        article__outlet=OutletFactory(name="The Harbour Gazette")
    )
    workflow.start_review(appearance.claim, actor=editor)

    response = editor_client.get(QUEUE)

    assert response.status_code == 200
    row = response.content.decode()
    for text in [
        appearance.claim.claimant.name,
        appearance.claim.story.title,
        "The Harbour Gazette",
        "In review",
        ">editor<",
    ]:
        assert text in row


def test_queue_query_count_does_not_grow_with_rows(editor_client):
    queued_claims(1)
    with CaptureQueriesContext(connection) as one_row:
        assert editor_client.get(QUEUE).status_code == 200
    queued_claims(9)
    with CaptureQueriesContext(connection) as ten_rows:
        response = editor_client.get(QUEUE)
    assert len(shown(response)) == 10
    assert len(ten_rows) == len(one_row)


def test_queue_shows_the_outlet_of_the_first_appearance(editor_client):
    first = ClaimAppearanceFactory(article__outlet=OutletFactory(name="First Post"))
    ClaimAppearanceFactory(
        claim=first.claim, article__outlet=OutletFactory(name="Second Herald")
    )
    ClaimFactory()  # quoted nowhere

    changelist = editor_client.get(QUEUE).context["cl"]

    outlets = {
        claim.pk: changelist.model_admin.outlet(claim)
        for claim in changelist.result_list
    }
    assert outlets[first.claim_id] == "First Post"
    assert sorted(outlets.values()) == ["First Post", "—"]


def test_a_second_queue_page_costs_the_queries_of_the_first(editor_client):
    """The outlets are read with the rows shown, not per row."""
    queued_claims(101)  # a full first page of 100, and one row on the second
    with CaptureQueriesContext(connection) as first_page:
        assert len(shown(editor_client.get(QUEUE))) == 100
    with CaptureQueriesContext(connection) as second_page:
        response = editor_client.get(QUEUE, {"p": 2})
    assert len(shown(response)) == 1
    assert len(second_page) == len(first_page)


def test_a_deep_queue_page_reads_whole_rows_only_for_the_rows_shown(editor_client):
    """The page's ids come first (an index holds the queue's order), then those
    rows by primary key: rows read whole before an OFFSET are read for nothing."""
    claims = queued_claims(101)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(QUEUE, {"p": 2})
    assert shown(response) == [claims[-1].pk]
    whole_rows = [q["sql"] for q in queries if '"coverage_claim"."text"' in q["sql"]]
    assert len(whole_rows) == 1
    assert "OFFSET" not in whole_rows[0]
    assert f'"coverage_claim"."id" IN ({claims[-1].pk})' in whole_rows[0]


def test_queue_is_ordered_oldest_first(editor_client):
    claims = queued_claims(3)
    assert shown(editor_client.get(QUEUE)) == [c.pk for c in claims]


def test_filter_by_status(editor_client, editor):
    waiting, reviewing = queued_claims(2)
    workflow.start_review(reviewing, actor=editor)
    response = editor_client.get(QUEUE, {"status__exact": "in_review"})
    assert shown(response) == [reviewing.pk]


def test_filter_assigned_to_me_and_unassigned(editor_client, editor, standards_editor):
    mine, theirs, nobodys = queued_claims(3)
    workflow.assign(mine, actor=editor, assignee=editor)
    workflow.assign(theirs, actor=editor, assignee=standards_editor)

    assert shown(editor_client.get(QUEUE, {"assignment": "mine"})) == [mine.pk]
    assert shown(editor_client.get(QUEUE, {"assignment": "unassigned"})) == [nobodys.pk]
    assert shown(
        editor_client.get(QUEUE, {"assignee__id__exact": standards_editor.pk})
    ) == [theirs.pk]


def test_filter_by_outlet_counts_each_claim_once(editor_client):
    outlet = OutletFactory()
    claim = ClaimFactory()
    for _ in range(2):
        ClaimAppearanceFactory(claim=claim, article__outlet=outlet)
    queued_claims(1)
    assert shown(editor_client.get(QUEUE, {"outlet": outlet.pk})) == [claim.pk]


def test_outlet_alone_is_counted_from_its_appearances_each_claim_once(editor_client):
    outlet = OutletFactory()
    claim = ClaimFactory()
    for _ in range(2):
        ClaimAppearanceFactory(claim=claim, article__outlet=outlet)
    ClaimAppearanceFactory(article__outlet=outlet)
    queued_claims(1)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(QUEUE, {"outlet": outlet.pk})
    assert response.context["cl"].result_count == 2
    (count,) = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert 'DISTINCT "coverage_claimappearance"."claim_id"' in count
    assert '"coverage_claim"' not in count


def test_the_queue_by_outlet_follows_an_article_moved_to_another_outlet(
    editor_client,
):
    appearance = ClaimAppearanceFactory()
    before, after = appearance.article.outlet, OutletFactory()
    appearance.article.outlet = after
    appearance.article.save()

    assert shown(editor_client.get(QUEUE, {"outlet": before.pk})) == []
    moved = editor_client.get(QUEUE, {"outlet": after.pk})
    assert shown(moved) == [appearance.claim_id]
    assert moved.context["cl"].result_count == 1


def test_a_filtered_queues_rows_link_to_their_pages_keeping_the_filters(
    editor_client,
):
    """The link Django's admin draws, given the filters once by the list rather
    than worked out again for each row."""
    (claim,) = queued_claims(1)
    outlet = claim.appearances.get().article.outlet_id
    page = editor_client.get(QUEUE, {"outlet": outlet, "p": 1}).content.decode()
    filters = f"_changelist_filters=outlet%3D{outlet}%26p%3D1"
    assert f'<a href="{change_page(claim)}?{filters}">' in page
    unfiltered = editor_client.get(QUEUE).content.decode()
    assert f'<a href="{change_page(claim)}">' in unfiltered


def test_queue_rows_are_read_with_the_columns_shown_alone(editor_client):
    """The claim's notes and verdict, its claimant's and story's other fields
    and its assignee's password are the claim page's."""
    queued_claims(2)
    with CaptureQueriesContext(connection) as queries:
        editor_client.get(QUEUE)
    (rows,) = [q["sql"] for q in queries if '"coverage_claim"."text"' in q["sql"]]
    for column in ["internal_notes", "verdict_summary", "summary", "password"]:
        assert f'."{column}"' not in rows


@pytest.mark.postgres
def test_a_pages_ids_are_walked_without_parallel_workers(editor_client):
    """The walk along the queue's order stops at the page's last row: two
    workers started for it cost more than the walk (large_lists.serial_ids).
    Turned off for that query alone: its savepoint is rolled back, not released,
    so the setting does not outlive it inside the test's transaction."""
    outlet = OutletFactory()
    (claim,) = [ClaimAppearanceFactory(article__outlet=outlet).claim]
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(QUEUE, {"outlet": outlet.pk})
    assert shown(response) == [claim.pk]
    sql = [q["sql"] for q in queries]
    ids = 'SELECT "coverage_claim"."id" AS "pk"'
    (walk,) = [n for n, s in enumerate(sql) if s.startswith(ids)]
    assert sql[walk - 1] == "SET LOCAL max_parallel_workers_per_gather = 0"
    assert sql[walk - 2].startswith("SAVEPOINT")  # the test's own transaction's
    assert sql[walk + 1].startswith("ROLLBACK TO SAVEPOINT")  # the SET goes too
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] != "0"


def test_outlet_with_another_filter_is_counted_through_the_claims(
    editor_client, editor
):
    outlet = OutletFactory()
    waiting, reviewing = (
        ClaimAppearanceFactory(article__outlet=outlet).claim for _ in range(2)
    )
    workflow.start_review(reviewing, actor=editor)
    params = {"outlet": outlet.pk, "status__exact": "in_review"}
    response = editor_client.get(QUEUE, params)
    assert shown(response) == [reviewing.pk]
    assert response.context["cl"].result_count == 1
    searched = editor_client.get(QUEUE, {"outlet": outlet.pk, "q": "nothing-like-it"})
    assert searched.context["cl"].result_count == 0


def test_filter_by_story(editor_client):
    first, _second = queued_claims(2)
    response = editor_client.get(QUEUE, {"story__id__exact": first.story_id})
    assert shown(response) == [first.pk]


def story_choices(response):
    """The stories the queue's story filter offers as links."""
    (spec,) = [s for s in response.context["cl"].filter_specs if s.title == "story"]
    return [title for _pk, title in spec.lookup_choices]


def test_story_filter_offers_the_twenty_newest_developing_stories(editor_client):
    StoryFactory(title="Concluded story", status="concluded")
    stories = StoryFactory.create_batch(25)

    choices = story_choices(editor_client.get(QUEUE))

    assert choices == [story.title for story in reversed(stories)][:20]


def test_filter_by_a_story_off_the_short_list_still_works(editor_client):
    old = queued_claims(1)[0]
    StoryFactory.create_batch(20)
    assert old.story.title not in story_choices(editor_client.get(QUEUE))

    response = editor_client.get(QUEUE, {"story__id__exact": old.story_id})

    assert shown(response) == [old.pk]
    assert story_choices(response)[-1] == old.story.title
    assert len(story_choices(response)) == 21


@pytest.mark.parametrize("story", ["0", "nine"])
def test_filter_by_an_unknown_story_flags_the_list(editor_client, story):
    queued_claims(1)
    response = editor_client.get(QUEUE, {"story__id__exact": story})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_queue_query_count_does_not_grow_with_stories(editor_client):
    queued_claims(5)
    with CaptureQueriesContext(connection) as five_stories:
        assert editor_client.get(QUEUE).status_code == 200
    StoryFactory.create_batch(45)
    with CaptureQueriesContext(connection) as fifty_stories:
        response = editor_client.get(QUEUE)
    assert len(story_choices(response)) == 20
    assert len(fifty_stories) == len(five_stories)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("seals", 0), ("Crockford", 1), ("Walrus deaths", 2)],
)
def test_search_over_quote_claimant_and_headline(editor_client, query, expected):
    seals = ClaimFactory(text="Seals are thriving.")
    crockford = ClaimFactory(claimant=SourceFactory(name="Susan Crockford"))
    article = ArticleFactory(headline="Walrus deaths filmed on cliffs")
    headline = ClaimAppearanceFactory(article=article).claim
    by_index = [seals, crockford, headline]
    assert shown(editor_client.get(QUEUE, {"q": query})) == [by_index[expected].pk]


def test_claim_page_highlights_quote_in_escaped_article_text(editor_client):
    body = "Intro <script>alert(1)</script> text. Walruses fell 80 m. More & more."
    start = body.index("Walruses")
    appearance = ClaimAppearanceFactory(
        claim__text="Walruses fell 80 m.",
        article__body=body,
        start=start,
        end=start + len("Walruses fell 80 m."),
    )

    page = editor_client.get(change_page(appearance.claim)).content.decode()

    assert "<mark>Walruses fell 80 m.</mark>" in page
    assert "Intro &lt;script&gt;alert(1)&lt;/script&gt; text. " in page
    assert " More &amp; more." in page
    assert "<script>alert(1)</script>" not in page


def test_claim_page_shows_links_evidence_and_timeline(editor_client, editor):
    claim = ClaimAppearanceFactory().claim
    duplicate = ClaimFactory(text="Seven hundred walruses died.")
    ClaimLinkFactory(
        from_claim=claim, to_claim=duplicate, relation=ClaimLink.Relation.DUPLICATES
    )
    ClaimLinkFactory(from_claim=ClaimFactory(text="Only a few died."), to_claim=claim)
    EvidenceFactory(claim=claim, citation="Agency walrus census 2017")
    workflow.start_review(claim, actor=editor, note="Calling the agency.")

    page = editor_client.get(change_page(claim)).content.decode()

    assert "duplicates: <a" in page
    assert "Seven hundred walruses died." in page
    assert "contradicts (from): <a" in page
    assert "Agency walrus census 2017" in page
    assert "Calling the agency." in page
    assert "Started review" in page


def test_claim_page_offers_only_legal_moves_for_the_role(editor_client, editor):
    claim = ClaimFactory()
    page = editor_client.get(change_page(claim)).content.decode()
    assert 'name="_start_review"' in page
    assert 'name="_verdict"' not in page

    workflow.start_review(claim, actor=editor)
    page = editor_client.get(change_page(claim)).content.decode()
    assert 'name="_start_review"' not in page
    assert 'name="_verdict"' in page
    assert f'name="version" value="{claim.version}"' in page


def test_reporter_sees_claim_read_only_without_buttons(reporter_client):
    claim = ClaimFactory()
    response = reporter_client.get(change_page(claim))
    page = response.content.decode()
    assert response.status_code == 200
    assert "claim-transitions" not in page
    assert 'name="_save"' not in page


def test_standards_editor_is_offered_reopen(client, standards_editor, editor):
    claim = workflow.start_review(ClaimFactory(), actor=editor)
    workflow.give_verdict(
        claim,
        actor=editor,
        verdict=ClaimStatus.DISPUTED,
        note="Experts disagree.",
        public_summary="Experts disagree.",
    )
    log_in(client, standards_editor)
    page = client.get(change_page(claim)).content.decode()
    assert 'name="_reopen"' in page


def test_claim_page_names_every_inline_input_for_screen_readers(editor_client):
    claim = ClaimAppearanceFactory().claim
    EvidenceFactory(claim=claim, source=None)
    ClaimLinkFactory(from_claim=claim)

    page = editor_client.get(change_page(claim)).content.decode()

    for name in ("evidence-0-stance", "evidence-0-citation", "links_out-0-relation"):
        tag = re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', page)
        assert tag is not None, name
        assert 'aria-label="' in tag.group(), name
    source = re.search(r'<select[^>]*name="evidence-0-source"[^>]*>', page).group()
    assert 'aria-label="Source"' in source
    assert 'data-placeholder="Source"' in source  # select2 shows it while empty
    assert "coverage/inline_labels.js" in page
