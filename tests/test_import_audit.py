"""Every import writes its audit rows in the same transaction: one per article
created or updated, one per claim kept off the text, one for the claims retired;
nothing for an unchanged article or a dry run. The actor is the user given."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from coverage.importers import import_file
from coverage.importers.parsed import ParsedArticle
from coverage.importers.store import save_article
from coverage.models import Article, AuditAction, AuditEntry, Claim, content_hash
from tests.factories import EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db

ROADS = "The council said it spent £4 million on 12 roads."
HOMES = "Police said 40 homes flooded on Monday."
BRIDGES = "Officials said 9 bridges closed on Tuesday."


def roads_article(body: str, headline: str = "Roads bill") -> ParsedArticle:
    return ParsedArticle(
        headline=headline,
        body=body,
        raw_text=body,
        source_format="text",
        source_name="roads.txt",
        url="https://gazette.test/roads",
    )


def rows(action=None):
    entries = AuditEntry.objects.order_by("id")
    return list(entries.filter(action=action) if action else entries)


def test_a_new_article_has_one_row_with_what_it_was_created_with(reporter):
    article = save_article(roads_article(ROADS), actor=reporter).article
    [entry] = rows()
    assert (entry.action, entry.actor, entry.object_id) == (
        AuditAction.IMPORT_CREATED,
        reporter,
        article.pk,
    )
    assert entry.changes["headline"] == [None, "Roads bill"]
    assert entry.changes["url"] == [None, "https://gazette.test/roads"]
    assert entry.changes["content_hash"] == [None, content_hash(ROADS)]
    assert entry.note == "From roads.txt."


def test_a_batch_has_one_row_per_article(reporter, tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "body": f"Police said {n} homes flooded.",
                    "url": f"https://w.test/{n}",
                }
            )
            for n in range(3)
        )
    )
    assert import_file(path, actor=reporter).created == 3
    created = rows(AuditAction.IMPORT_CREATED)
    assert sorted(entry.object_id for entry in created) == sorted(
        Article.objects.values_list("pk", flat=True)
    )
    assert len(rows()) == 3


def test_an_unchanged_article_and_a_dry_run_write_no_row(reporter):
    save_article(roads_article(ROADS), actor=reporter)
    save_article(roads_article(ROADS), actor=reporter)
    save_article(roads_article(HOMES), actor=reporter, dry_run=True)
    assert len(rows()) == 1


def test_a_changed_article_has_one_row_with_old_and_new_values(reporter, editor):
    article = save_article(roads_article(ROADS), actor=reporter).article
    save_article(roads_article(HOMES, headline="Floods"), actor=editor)
    [entry] = rows(AuditAction.IMPORT_UPDATED)
    assert (entry.actor, entry.object_id) == (editor, article.pk)
    assert entry.changes == {
        "headline": ["Roads bill", "Floods"],
        "content_hash": [content_hash(ROADS), content_hash(HOMES)],
    }
    assert f"revision {article.revisions.get().pk}" in entry.note


def test_untouched_claims_retired_share_one_row_on_the_article(reporter):
    article = save_article(roads_article(f"{ROADS} {HOMES}"), actor=reporter).article
    roads = Claim.objects.get(text=ROADS)
    save_article(roads_article(HOMES), actor=reporter)
    [entry] = rows(AuditAction.IMPORT_CLAIMS_RETIRED)
    assert entry.object_id == article.pk
    assert entry.changes == {"claims": [[{"id": roads.pk, "text": ROADS}], []]}
    assert rows(AuditAction.IMPORT_CLAIMS_KEPT) == []


def test_each_claim_kept_off_the_text_has_its_own_row(reporter):
    save_article(roads_article(f"{ROADS} {HOMES} {BRIDGES}"), actor=reporter)
    kept = [Claim.objects.get(text=ROADS), Claim.objects.get(text=BRIDGES)]
    for claim in kept:
        EvidenceFactory(claim=claim)
    save_article(roads_article(HOMES), actor=reporter)
    entries = rows(AuditAction.IMPORT_CLAIMS_KEPT)
    assert sorted(entry.object_id for entry in entries) == sorted(c.pk for c in kept)
    assert all(e.changes == {"in_current_text": [True, False]} for e in entries)
    assert rows(AuditAction.IMPORT_CLAIMS_RETIRED) == []
    save_article(roads_article(f"{HOMES} Officials said 3 roads shut."), actor=reporter)
    assert len(rows(AuditAction.IMPORT_CLAIMS_KEPT)) == 2  # not kept again


def test_the_command_records_the_user_given(reporter, editor, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(HOMES)
    call_command("import_articles", str(path), "--as", "editor", stdout=io.StringIO())
    assert [entry.actor for entry in rows()] == [editor]


def test_the_command_refuses_a_user_who_may_not_import(db, tmp_path):
    UserFactory(username="visitor")
    path = tmp_path / "a.txt"
    path.write_text(HOMES)
    with pytest.raises(
        CommandError, match=r"^visitor may not import articles: give them a desk role"
    ):
        call_command("import_articles", str(path), "--as", "visitor")
    assert Article.objects.count() == 0
    assert rows() == []
