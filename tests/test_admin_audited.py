"""Every change the admin offers goes through a workflow function and leaves one
audit row: outlets, stories, articles and sources added or edited, a person's
second factor removed. Claim appearances are the importer's and read-only."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage.models import (
    Article,
    AuditAction,
    AuditEntry,
    ClaimAppearance,
    Outlet,
    Source,
    Story,
)
from tests.factories import (
    ArticleFactory,
    ClaimAppearanceFactory,
    ClaimFactory,
    OutletFactory,
    SourceFactory,
    StaticDeviceFactory,
    StoryFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.logins import log_in

pytestmark = pytest.mark.django_db


def admin_url(model, view="add", *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def only_row(**expected) -> AuditEntry:
    [row] = AuditEntry.objects.all()
    for name, value in expected.items():
        assert getattr(row, name) == value, name
    return row


def test_adding_an_outlet_in_the_admin_is_recorded(editor_client, editor):
    response = editor_client.post(
        admin_url(Outlet),
        {
            "name": "The Valley Gazette",
            "slug": "the-valley-gazette",
            "homepage": "https://gazette.test/",
            "notes": "",
        },
    )

    assert response.status_code == 302
    outlet = Outlet.objects.get()
    row = only_row(action=AuditAction.OUTLET_CREATE, actor=editor, object_id=outlet.pk)
    assert row.changes == {
        "name": [None, "The Valley Gazette"],
        "slug": [None, "the-valley-gazette"],
        "homepage": [None, "https://gazette.test/"],
    }
    assert not LogEntry.objects.exists()


def test_editing_an_outlet_in_the_admin_records_old_and_new(editor_client, editor):
    outlet = OutletFactory(name="The Valley Gazette", slug="gazette")
    page = editor_client.get(admin_url(Outlet, "change", outlet.pk))
    data = {**page.context["adminform"].form.initial, "notes": "Prints on Thursdays."}

    editor_client.post(admin_url(Outlet, "change", outlet.pk), data)

    row = only_row(action=AuditAction.OUTLET_EDIT, actor=editor, public=False)
    assert row.changes == {"notes": ["", "Prints on Thursdays."]}
    assert Outlet.objects.get().notes == "Prints on Thursdays."


def test_a_reporter_may_not_add_an_outlet(reporter_client):
    response = reporter_client.post(admin_url(Outlet), {"name": "Mine", "slug": "mine"})
    assert response.status_code == 403
    assert not Outlet.objects.exists()
    assert not AuditEntry.objects.exists()


def test_adding_and_editing_a_story_in_the_admin_are_recorded(editor_client, editor):
    editor_client.post(
        admin_url(Story),
        {
            "title": "Library closures",
            "slug": "library-closures",
            "status": "developing",
        },
    )
    story = Story.objects.get()
    editor_client.post(
        admin_url(Story, "change", story.pk),
        {
            "title": "Library closures",
            "slug": "library-closures",
            "summary": "Three branches shut.",
            "status": "concluded",
        },
    )

    assert list(AuditEntry.objects.order_by("id").values_list("action", "changes")) == [
        (
            AuditAction.STORY_CREATE,
            {
                "title": [None, "Library closures"],
                "slug": [None, "library-closures"],
                "status": [None, "developing"],
            },
        ),
        (
            AuditAction.STORY_EDIT,
            {
                "summary": ["", "Three branches shut."],
                "status": ["developing", "concluded"],
            },
        ),
    ]


def test_adding_an_article_in_the_admin_is_recorded(reporter_client, reporter):
    outlet = OutletFactory()
    response = reporter_client.post(
        admin_url(Article),
        {
            "outlet": outlet.pk,
            "headline": "Council shuts three libraries",
            "byline": "",
            "url": "https://gazette.test/libraries",
            "body": "The council voted on Monday to close three libraries.",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.source_format, article.raw_text) == (
        Article.Format.MANUAL,
        "The council voted on Monday to close three libraries.",
    )
    row = only_row(
        action=AuditAction.ARTICLE_CREATE, actor=reporter, object_id=article.pk
    )
    assert row.changes["headline"] == [None, "Council shuts three libraries"]
    assert row.changes["outlet"] == [None, outlet.name]


def test_adding_a_source_in_the_admin_is_recorded(reporter_client, reporter):
    response = reporter_client.post(
        admin_url(Source),
        {"name": "Dr. Susan Crockford", "kind": "person", "description": "zoologist"},
    )

    assert response.status_code == 302
    source = Source.objects.get()
    assert source.normalised_name == "susan crockford"
    row = only_row(action=AuditAction.SOURCE_CREATE, actor=reporter)
    assert row.changes == {
        "name": [None, "Dr. Susan Crockford"],
        "kind": [None, "person"],
        "description": [None, "zoologist"],
    }


def test_a_duplicate_source_is_refused_with_a_message_and_no_row(reporter_client):
    Source.objects.create(name="Susan Crockford")
    response = reporter_client.post(
        admin_url(Source),
        {"name": "Dr. Susan Crockford", "kind": "person"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Source with this Normalised name already exists."
    ]
    assert Source.objects.count() == 1
    assert not AuditEntry.objects.exists()


# Claim appearances: where the importer found a quote.


def test_claim_appearances_are_read_only_on_the_claim_page(editor_client):
    appearance = ClaimAppearanceFactory()
    page = editor_client.get(
        admin_url(type(appearance.claim), "change", appearance.claim.pk)
    )
    html = page.content.decode()
    assert appearance.quote in html
    assert 'name="appearances-0-start"' not in html
    assert 'name="appearances-0-DELETE"' not in html
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is ClaimAppearance
    )
    assert formset.max_num == 0


def test_a_crafted_appearance_edit_changes_nothing(editor_client):
    appearance = ClaimAppearanceFactory()
    claim = appearance.claim
    page = editor_client.get(admin_url(type(claim), "change", claim.pk))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value()}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
    data.update(
        {
            "appearances-0-id": appearance.pk,
            "appearances-0-claim": claim.pk,
            "appearances-0-start": 0,
            "appearances-0-end": 1,
            "appearances-0-quote": "Forged.",
            "appearances-TOTAL_FORMS": 2,
            "appearances-1-claim": claim.pk,
            "appearances-1-article": appearance.article_id,
            "appearances-1-start": 0,
            "appearances-1-end": 5,
            "appearances-1-quote": "Added.",
        }
    )

    editor_client.post(admin_url(type(claim), "change", claim.pk), data)

    assert list(ClaimAppearance.objects.values_list("pk", "quote", "start")) == [
        (appearance.pk, appearance.quote, appearance.start)
    ]


# A person's second factor.


@pytest.fixture
def root_client(client):
    return log_in(client, UserFactory(username="root", is_superuser=True))


def test_removing_someones_authenticator_app_in_the_admin_is_recorded(root_client):
    person = UserFactory(username="phoneless", role="Editor")
    device = TOTPDeviceFactory(user=person)
    before = AuditEntry.objects.count()

    response = root_client.post(
        admin_url(TOTPDevice, "delete", device.pk), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    [row] = AuditEntry.objects.filter(id__gt=before)
    assert (row.action, row.actor.username, row.object_id) == (
        AuditAction.SECOND_FACTOR_REMOVE,
        "root",
        person.pk,
    )
    assert row.changes == {"device": ["Authenticator app", None]}
    assert not LogEntry.objects.exists()


def test_removing_recovery_codes_in_bulk_writes_one_row_each(root_client):
    devices = [
        StaticDeviceFactory(user=UserFactory(username=f"lost{n}")) for n in range(2)
    ]
    before = AuditEntry.objects.count()

    root_client.post(
        admin_url(StaticDevice, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [d.pk for d in devices],
            "post": "yes",
        },
    )

    assert not StaticDevice.objects.exists()
    rows = AuditEntry.objects.filter(id__gt=before)
    assert sorted(rows.values_list("action", "object_id")) == sorted(
        (AuditAction.SECOND_FACTOR_REMOVE, d.user_id) for d in devices
    )


def test_devices_are_neither_added_nor_edited_in_the_admin(root_client):
    device = TOTPDeviceFactory(user=UserFactory(username="someone"))
    assert root_client.get(admin_url(TOTPDevice)).status_code == 403
    page = root_client.get(admin_url(TOTPDevice, "change", device.pk))
    assert page.status_code == 200
    assert 'name="confirmed"' not in page.content.decode()
    assert (
        root_client.post(
            admin_url(TOTPDevice, "change", device.pk),
            {"name": "Mine", "confirmed": "on"},
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    "make",
    [OutletFactory, StoryFactory, ArticleFactory, SourceFactory, ClaimFactory],
    ids=["outlet", "story", "article", "source", "claim"],
)
def test_a_superusers_delete_in_the_admin_leaves_one_audit_row(client, make):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    log_in(client, root)
    obj = make()
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])

    response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.RECORD_DELETE)
    assert (entry.actor, entry.object_id) == (root, obj.pk)
    assert entry.changes["id"] == [obj.pk, None]
    assert not LogEntry.objects.exists()
