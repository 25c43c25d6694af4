"""The demo newsroom `make run` serves: one story, five articles, every state.

The articles go through the real importer and the claims and corrections through the
real workflow, so the demo shows what the product does rather than rows typed in by
hand. Loading twice changes nothing: the importer is idempotent and the editorial
walk-through runs only on a story that has none of it yet.
"""

import datetime
import json
from base64 import b32decode
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage import matching, notifications, webhooks, workflow
from coverage.importers import import_file
from coverage.models import (
    AuditAction,
    AuditEntry,
    Claim,
    ClaimGroup,
    ClaimLink,
    ClaimMatch,
    Correction,
    CorrectionRequest,
    Evidence,
    Source,
    Story,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from coverage.public.payloads import correction_json, site_url
from coverage.second_factor.devices import APP_DEVICE_NAME

ARTICLES_DIR = Path(__file__).resolve().parent / "demo_articles"
STORY_SLUG = "walrus-cliff-documentary"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    # The base32 secret of the account's authenticator app, for the roles that need
    # a second factor: enrolled already, so a newcomer types it into any app.
    app_secret: str = ""


ACCOUNTS = [
    DemoAccount("reporter", "demo-reporter", "Reporter"),
    DemoAccount("editor", "demo-editor", "Editor", "DEMOEDITORSNEWSROOMSTANDARDSDESK"),
    DemoAccount(
        "standards",
        "demo-standards",
        "Standards editor",
        "DEMOSTANDARDSEDITORSNEWSROOMDESK",
    ),
    DemoAccount("admin", "demo-admin", "superuser", "DEMOADMINISTRATORNEWSROOMDESKKEY"),
]


def load_demo() -> list[DemoAccount]:
    users = {account.username: ensure_account(account) for account in ACCOUNTS}
    story, _ = Story.objects.get_or_create(
        slug=STORY_SLUG,
        defaults={
            "title": "Frozen Shores: why did the walruses fall?",
            "summary": (
                "A streaming documentary shows walruses falling from a sea cliff and "
                "blames shrinking sea ice; a zoologist says polar bears drove them over."
            ),
        },
    )
    for path in sorted(ARTICLES_DIR.glob("*.txt")):
        import_file(path, actor=users["reporter"], story_slug=story.slug)
    if not Correction.objects.filter(article__story=story).exists():
        walk_through_the_desk(story, users)
    if not CorrectionRequest.objects.filter(article__story=story).exists():
        readers_and_systems(story, users)
    if not ClaimGroup.objects.exists():
        with transaction.atomic():  # both groups, or neither and again next time
            match_claims_heard_elsewhere(story, users["editor"])
            check_the_advisers_years(story, users["editor"])
    return ACCOUNTS


def ensure_account(account: DemoAccount):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=account.username,
        defaults={"email": f"{account.username}@newsroom.example", "is_staff": True},
    )
    if created:
        user.set_password(account.password)
        if account.role == "superuser":
            user.is_superuser = True
        user.save()
        if account.role != "superuser":
            user.groups.add(Group.objects.get(name=account.role))
    if account.app_secret:
        TOTPDevice.objects.get_or_create(
            user=user,
            confirmed=True,
            defaults={
                "name": APP_DEVICE_NAME,
                "key": b32decode(account.app_secret).hex(),
            },
        )
    return user


def claim_containing(story: Story, fragment: str) -> Claim:
    claim = story.claims.filter(text__icontains=fragment).order_by("id").first()
    if claim is None:
        raise LookupError(f"The importer found no claim containing {fragment!r}.")
    return claim


@transaction.atomic
def walk_through_the_desk(story: Story, users: dict) -> None:
    """One pass of the desk's work, so every state has an example."""
    reporter, editor, standards = users["reporter"], users["editor"], users["standards"]

    bears = claim_containing(story, "polar bears")
    documented = claim_containing(story, "documented fact")
    ClaimLink.objects.get_or_create(
        from_claim=bears,
        to_claim=documented,
        relation=ClaimLink.Relation.CONTRADICTS,
        defaults={"created_by": editor, "note": "Opposite causes for the same deaths."},
    )

    workflow.assign(bears, actor=editor, assignee=editor, note="Mine.")
    workflow.start_review(bears, actor=editor, note="Checking the 2017 reports.")
    monitors, _ = Source.objects.get_or_create(
        normalised_name="chukotka wildlife monitors",
        defaults={"name": "Chukotka wildlife monitors", "kind": "organisation"},
    )
    Evidence.objects.create(
        claim=bears,
        stance=Evidence.Stance.CONTEXT,
        citation="Monitors' field log for autumn 2017 records bears near the herd twice",
        source=monitors,
        added_by=editor,
    )
    Evidence.objects.create(
        claim=bears,
        stance=Evidence.Stance.REFUTES,
        citation="Film crew's daily count sheets, shared with the desk",
        added_by=editor,
        note="Crew reports no bears during the days of filming.",
    )
    workflow.give_verdict(
        bears,
        actor=editor,
        verdict=Claim.Status.DISPUTED,
        note="Field log and crew sheets disagree; neither settles it.",
        public_summary=(
            "Bears were recorded near the herd that autumn, but not on the days the "
            "falls were filmed. The cause of the deaths remains disputed."
        ),
    )

    workflow.rewrite_proposition(
        documented,
        actor=editor,
        proposition="Less sea ice means more walruses gather on land",
        note="Without the attribution frame.",
    )
    workflow.start_review(documented, actor=editor, note="Sea-ice records.")
    Evidence.objects.create(
        claim=documented,
        stance=Evidence.Stance.SUPPORTS,
        citation="Regional sea-ice extent records, 1990–2025",
        added_by=editor,
    )
    workflow.give_verdict(
        documented,
        actor=editor,
        verdict=Claim.Status.ACCURATE,
        note="Haul-outs on land have grown as summer ice retreated.",
        public_summary=(
            "Records show walruses hauling out on land more often as summer sea ice "
            "has retreated."
        ),
    )

    cliff = claim_containing(story, "80 metres")
    workflow.start_review(
        cliff, actor=editor, note="Looking for a survey of the cliff."
    )

    check_the_death_toll(story, editor)

    explainer = claim_containing(story, "hundreds of thousands").appearances.first()
    published = workflow.draft_correction(
        explainer.article,
        actor=reporter,
        kind=Correction.Kind.CORRECTION,
        what_was_wrong="An earlier version said the haul-out was on the Kamchatka coast.",
        what_is_right="The haul-out is on the Chukotka coast.",
        public_explanation="We named the wrong stretch of coast and have corrected it.",
        late_note=(
            "A reader told us of the error long after publication; we corrected it "
            "the day we confirmed it."
        ),
    )
    workflow.submit_correction(published, actor=editor)
    workflow.publish_correction(published, actor=standards)

    ledger_article = bears.appearances.first().article
    awaiting = workflow.draft_correction(
        ledger_article,
        actor=reporter,
        kind=Correction.Kind.CLARIFICATION,
        what_was_wrong="The article did not say the film crew disputes the bear account.",
        what_is_right="The crew says it saw no bears near the herd while filming.",
        public_explanation="We have added the film crew's account for balance.",
        late_note="The crew's account reached us only when the dispute resurfaced.",
        claim=bears,
    )
    workflow.submit_correction(awaiting, actor=editor)

    workflow.draft_correction(
        ledger_article,
        actor=reporter,
        kind=Correction.Kind.UPDATE,
        what_was_wrong="The death toll was given without its source.",
        what_is_right="The toll comes from the regional monitors' count.",
        public_explanation="We have added the source of the death toll.",
    )


def check_the_death_toll(story: Story, editor) -> None:
    """The zoologist and the rangers give the 2017 toll as more than 600 and about
    200: both checked and published, so the story page shows the two figures side
    by side. The rangers cite a surveyor named only as "H. Marsh", whom the desk
    may merge with the zoologist (the sources' merge suggestions)."""
    marsh = claim_containing(story, "more than 600 walruses")
    rangers = claim_containing(story, "about 200 walruses")
    surveyor, _ = Source.objects.get_or_create(
        normalised_name="h marsh", defaults={"name": "H. Marsh", "kind": "person"}
    )
    for claim, proposition in [
        (marsh, "More than 600 walruses died at the cliff in 2017"),
        (rangers, "About 200 walruses died at the cliff in 2017"),
    ]:
        workflow.rewrite_proposition(claim, actor=editor, proposition=proposition)
        workflow.start_review(claim, actor=editor, note="Checking the toll.")
    workflow.add_evidence(
        rangers,
        actor=editor,
        stance=Evidence.Stance.CONTEXT,
        citation="Survey of the colony, 2019, cited by the rangers",
        source=surveyor,
    )
    summary = (
        "The zoologist's count and the rangers' count of the 2017 deaths differ "
        "threefold, and no published count settles which is right."
    )
    for claim in (marsh, rangers):
        workflow.give_verdict(
            claim,
            actor=editor,
            verdict=Claim.Status.DISPUTED,
            note="Two counts, neither published in full.",
            public_summary=summary,
        )


HEARD_ELSEWHERE = [
    "Zoologist Helen Marsh said more than 600 walruses died at the site in 2017, "
    "most of them in falls.",
    "Marsh argues that polar bears drove the walruses over the cliff in 2017.",
]


@transaction.atomic
def match_claims_heard_elsewhere(story: Story, editor) -> None:
    """Two claims a desk member heard on the radio, added by hand: each is offered
    the story's claim it rewords. The editor confirms the first (a group under
    the zoologist's disputed toll, whose verdict the group page offers to give
    the new claim); the second stays suggested."""
    heard = [
        workflow.create_claim(
            actor=editor,
            text=text,
            internal_notes="Heard on Northern Radio's morning bulletin.",
        )
        for text in HEARD_ELSEWHERE
    ]
    for claim in heard:
        matching.suggest_matches(claim)
    toll = claim_containing(story, "more than 600 walruses died at the site")
    match = ClaimMatch.objects.get(claim=heard[0], candidate=toll)
    workflow.confirm_match(match, actor=editor, note="The same toll, reworded.")


def check_the_advisers_years(story: Story, editor) -> None:
    """Streamline's word for its adviser's 35 years on the coast, in Screen Weekly,
    is found inaccurate; the Harbour Post quotes the same claim in other words,
    and the matcher suggests the pair. The editor confirms it, so the fact
    check's page offers its verdict to the Harbour Post's claim: pressing the
    button gives it and drafts a correction for each article (README, "A group's
    verdict")."""
    adviser = story.claims.get(
        text__icontains="35 years", appearances__article__outlet__name="Screen Weekly"
    )
    workflow.start_review(adviser, actor=editor, note="Who advised the crew?")
    workflow.add_evidence(
        adviser,
        actor=editor,
        stance=Evidence.Stance.REFUTES,
        citation="The biologist's university profile: fieldwork on this coast "
        "since 2011",
    )
    workflow.give_verdict(
        adviser,
        actor=editor,
        verdict=Claim.Status.INACCURATE,
        note="Her own profile dates her work there from 2011.",
        public_summary=(
            "The biologist who advised the crew has worked on that coast since "
            "2011: about 15 years, not 35."
        ),
    )
    reworded = story.claims.get(
        text__icontains="35 years", appearances__article__outlet__name="Harbour Post"
    )
    # Suggested after the import's commit, by a worker where there is one: asked
    # here again (idempotent) so the demo does not wait for it.
    matching.suggest_matches(reworded)
    match = ClaimMatch.objects.get(claim=reworded, candidate=adviser)
    workflow.confirm_match(match, actor=editor, note="The same adviser, reworded.")


READER_REQUESTS = [
    # (the words in question, what is wrong, the reader's e-mail)
    (
        "The haul-out is the largest in the world.",
        "The survey the article cites calls it the largest in the region only.",
        "first.reader@example.org",
    ),
    (
        "The film was shot in a single week.",
        "The credits say filming took two seasons.",
        "",
    ),
    (
        "Rangers counted about 200 dead walruses.",
        "The rangers' own report says 'about 200 carcasses on the beach', not deaths.",
        "second.reader@example.org",
    ),
    (
        "Rangers counted about 200 dead walruses.",
        "Carcasses are not deaths: the count is of bodies on the beach.",
        "",
    ),
]


@transaction.atomic
def readers_and_systems(story: Story, users: dict) -> None:
    """Readers' requests in each state (the first overdue), the editor's digest,
    and a CMS webhook with a short delivery history."""
    editor, standards = users["editor"], users["standards"]
    article = story.articles.order_by("id").first()
    overdue, triaged, declined, duplicate = [
        workflow.receive_request(
            article_given=article.url,
            quote=quote,
            what_is_wrong=wrong,
            supporting_link="",
            email=email,
            client_hash=f"demo-reader-{number}",
        )
        for number, (quote, wrong, email) in enumerate(READER_REQUESTS)
    ]
    # Filed three weeks ago: the desk's queue shows it first, past its deadline.
    received = timezone.now() - datetime.timedelta(days=21)
    CorrectionRequest.objects.filter(pk=overdue.pk).update(
        received_at=received, deadline=received + datetime.timedelta(days=7)
    )
    workflow.triage_request(triaged, actor=editor, note="Checking the credits.")
    workflow.triage_request(declined, actor=editor)
    workflow.decline_request(
        declined,
        actor=standards,
        reason="The rangers' report counts deaths; the article quotes it correctly.",
    )
    workflow.mark_duplicate(duplicate, actor=editor, original=declined)

    notifications.set_preferences(editor, daily_digest=True)
    notifications.set_preferences(standards, on_assignment=False)

    cms = webhooks.create_subscription(
        actor=standards,
        name="Newsroom CMS",
        url="https://cms.newsroom.example/hooks/standards",
        events=[WebhookSubscription.Event.CORRECTION_PUBLISHED],
    )
    show_a_delivery_history(cms)


def show_a_delivery_history(subscription: WebhookSubscription) -> None:
    """The demo's receiver does not exist, so its log is written as a worker
    would have left it: the published correction delivered at the second try."""
    correction = Correction.objects.published().order_by("id").first()
    entry = (
        AuditEntry.objects.for_object(correction)
        .filter(action=AuditAction.CORRECTION_PUBLISH)
        .get()
    )
    event = WebhookSubscription.Event.CORRECTION_PUBLISHED
    key = f"{event}:{entry.pk}:{subscription.pk}"
    body = {
        "id": key,
        "event": event,
        "occurred_at": entry.created_at.isoformat(),
        "data": correction_json(correction, absolute_url=site_url),
    }
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event=event,
        dedupe_key=key,
        body=json.dumps(body, ensure_ascii=False, sort_keys=True),
        status=WebhookDelivery.Status.DELIVERED,
        attempts=2,
        delivered_at=timezone.now(),
    )
    WebhookAttempt.objects.create(
        delivery=delivery, duration_ms=10_000, error="TimeoutError: timed out"
    )
    WebhookAttempt.objects.create(delivery=delivery, duration_ms=84, response_code=200)
