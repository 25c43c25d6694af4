"""One factory per model. Factories make starting rows only; state changes go
through coverage.workflow, as they do in the product."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage import models

PASSWORD = "correct-horse-battery"  # every factory user's; logins type it


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsroom.test")
    is_staff = True
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Outlet

    name = factory.Sequence(lambda n: f"The Daily Example {n}")
    homepage = factory.LazyAttribute(
        lambda o: f"https://{o.name.lower().replace(' ', '')}.test/"
    )


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Story

    title = factory.Sequence(lambda n: f"Running story {n}")
    slug = factory.Sequence(lambda n: f"running-story-{n}")
    summary = "A topic several articles cover."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    outlet = factory.SubFactory(OutletFactory)
    story = factory.SubFactory(StoryFactory)
    headline = factory.Sequence(lambda n: f"Council approves budget, part {n}")
    byline = "Jane Reporter"
    url = factory.Sequence(lambda n: f"https://news.test/articles/{n}")
    raw_text = factory.Sequence(
        lambda n: f"The council approved a budget of 12 million pounds, item {n}."
    )
    body = factory.LazyAttribute(lambda a: a.raw_text)
    source_format = models.Article.Format.TEXT


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    name = factory.Sequence(lambda n: f"Dr. Expert Number{n}")
    kind = models.Source.Kind.PERSON
    description = "researcher"


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Claim

    text = factory.Sequence(lambda n: f"More than {n + 700} animals died in 2017.")
    story = factory.SubFactory(StoryFactory)
    claimant = factory.SubFactory(SourceFactory)


class SourceAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SourceAlias

    source = factory.SubFactory(SourceFactory)
    name = factory.Sequence(lambda n: f"E. Number{n}")


class ClaimQuantityFactory(factory.django.DjangoModelFactory):
    """A count of walruses; ``measure`` makes it comparable within its story."""

    class Meta:
        model = models.ClaimQuantity

    claim = factory.SubFactory(ClaimFactory)
    surface = factory.LazyAttribute(lambda q: f"{q.value:g}")
    start = 0
    end = factory.LazyAttribute(lambda q: len(q.surface))
    value = 700.0
    dimension = "count"
    noun = "walrus"
    measure = "count::walrus"
    compare_low = factory.SelfAttribute("value")
    compare_high = factory.SelfAttribute("value")


class ClaimAppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ClaimAppearance

    claim = factory.SubFactory(ClaimFactory)
    article = factory.SubFactory(
        ArticleFactory, story=factory.SelfAttribute("..claim.story")
    )
    quote = factory.LazyAttribute(lambda a: a.claim.text)
    start = 0
    end = factory.LazyAttribute(lambda a: len(a.quote))


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ClaimLink

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)
    relation = models.ClaimLink.Relation.CONTRADICTS


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evidence

    claim = factory.SubFactory(ClaimFactory)
    stance = models.Evidence.Stance.SUPPORTS
    citation = "Official count published by the regional wildlife agency"
    url = "https://agency.test/report"


class AuditEntryFactory(factory.django.DjangoModelFactory):
    """A row of the audit trail as if a workflow function had written it; for
    tests of the trail itself (workflow tests get theirs from the workflow)."""

    class Meta:
        model = models.AuditEntry

    class Params:
        target = factory.SubFactory(ClaimFactory)

    content_type = factory.LazyAttribute(
        lambda entry: ContentType.objects.get_for_model(entry.target)
    )
    object_id = factory.LazyAttribute(lambda entry: entry.target.pk)
    object_repr = factory.LazyAttribute(lambda entry: str(entry.target))
    actor = factory.SubFactory(UserFactory)
    action = models.AuditAction.CLAIM_START_REVIEW
    changes = factory.LazyFunction(lambda: {"status": ["unreviewed", "in_review"]})
    note = "Taking this one."


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Correction

    article = factory.SubFactory(ArticleFactory)
    kind = models.Correction.Kind.CORRECTION
    what_was_wrong = "The article gave the cliff height as 800 metres."
    what_is_right = "The cliff is about 80 metres high."
    public_explanation = "A typing error added a zero to the cliff height."
    author = factory.SubFactory(UserFactory)


class PublishedClaimFactory(ClaimFactory):
    """A claim whose verdict is public, for pages that only show published state."""

    status = models.ClaimStatus.INACCURATE
    verdict_summary = "The agency counted 12 deaths that year, not hundreds."
    verdict_published_at = factory.LazyFunction(timezone.now)


class PublishedCorrectionFactory(CorrectionFactory):
    """A correction already approved by a second person and published."""

    status = models.Correction.Status.PUBLISHED
    approver = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(timezone.now)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """An authenticator app, enrolled and confirmed; its random key is the secret."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


class StaticDeviceFactory(factory.django.DjangoModelFactory):
    """A set of recovery codes (tokens are added by the test that needs them)."""

    class Meta:
        model = StaticDevice

    user = factory.SubFactory(UserFactory)
    name = "Recovery codes"


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NotificationPreference

    user = factory.SubFactory(UserFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    """An e-mail in the outbox, already sent."""

    class Meta:
        model = models.Notification

    event = models.Notification.Event.CLAIM_ASSIGNED
    recipient = factory.SubFactory(UserFactory)
    to_address = factory.LazyAttribute(lambda n: n.recipient.email)
    subject = "Claim 1 is yours to check"
    body_text = "Claim 1 has been assigned to you."
    body_html = "<p>Claim 1 has been assigned to you.</p>"
    dedupe_key = factory.Sequence(lambda n: f"claim.assigned:{n}")
    status = models.Notification.Status.SENT
    attempts = 1


class WebhookSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WebhookSubscription

    name = factory.Sequence(lambda n: f"CMS {n}")
    url = "https://cms.newsroom.test/hooks/standards"
    events = factory.LazyFunction(lambda: ["correction.published"])
    secret = factory.Sequence(lambda n: f"{n:064x}")
    owner = factory.SubFactory(UserFactory)


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WebhookDelivery

    subscription = factory.SubFactory(WebhookSubscriptionFactory)
    event = "correction.published"
    body = '{"event": "correction.published"}'
    dedupe_key = factory.Sequence(lambda n: f"correction.published:{n}:1")
    status = models.WebhookDelivery.Status.DELIVERED
    attempts = 1


class CorrectionRequestFactory(factory.django.DjangoModelFactory):
    """A reader's request as the public form files it (new, unassigned)."""

    class Meta:
        model = models.CorrectionRequest

    article_given = factory.Sequence(lambda n: f"https://outlet.test/story-{n}")
    quote = "More than 7,000 walruses died."
    what_is_wrong = "The count was about 700, not 7,000."
    supporting_link = "https://agency.test/walrus-count"
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    client_hash = "0" * 64
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class WatchedFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WatchedFeed

    outlet = factory.SubFactory(OutletFactory)
    url = factory.Sequence(lambda n: f"https://gazette.test/feed-{n}.xml")
    kind = models.FeedKind.RSS
    owner = factory.SubFactory(UserFactory)
    next_poll_at = factory.LazyFunction(timezone.now)


class WatchedArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WatchedArticle

    article = factory.SubFactory(ArticleFactory)
    feed = factory.SubFactory(WatchedFeedFactory)
    url = factory.Sequence(lambda n: f"https://gazette.test/story-{n}")
    first_seen_at = factory.LazyFunction(timezone.now)
    next_fetch_at = factory.LazyFunction(timezone.now)
    watch_until = factory.LazyFunction(lambda: days_ago(-90))


class ArticleRevisionFactory(factory.django.DjangoModelFactory):
    """The text an article had before a substantive change (a corrected figure)."""

    class Meta:
        model = models.ArticleRevision

    article = factory.SubFactory(ArticleFactory)
    headline = factory.LazyAttribute(lambda r: r.article.headline)
    byline = factory.LazyAttribute(lambda r: r.article.byline)
    raw_text = factory.LazyAttribute(
        lambda r: r.article.raw_text.replace("12 million", "15 million")
    )
    body = factory.LazyAttribute(lambda r: r.raw_text)
    content_hash = factory.LazyAttribute(lambda r: models.content_hash(r.raw_text))
    grade = models.ChangeGrade.SUBSTANTIVE
    reasons = factory.LazyFunction(lambda: ["figure 15 million → 12 million"])


class UnacknowledgedChangeFactory(factory.django.DjangoModelFactory):
    """An open change, as a re-import raises it."""

    class Meta:
        model = models.UnacknowledgedChange

    revision = factory.SubFactory(ArticleRevisionFactory)
    article = factory.LazyAttribute(lambda c: c.revision.article)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A starting row; tests that use a token's secret issue it through
    coverage.workflow.tokens (tests/api_clients.py)."""

    class Meta:
        model = models.ApiToken

    owner = factory.SubFactory(UserFactory)
    name = "CMS publisher"
    hint = "nrt_factory"
    secret_hash = factory.Sequence(lambda n: f"{n:064x}")


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportJob

    actor = factory.SubFactory(UserFactory)
    files = ["batch.jsonl"]
    total = 1
