"""The standards desk's data: outlets, stories, articles, sources, claims, corrections.

Rules that protect the record live here as database constraints, so that they hold
whatever writes to the database (admin, importer, shell or raw SQL). How rows change
state lives in ``coverage.workflow``.
"""

from .api import (  # noqa: F401
    TOKEN_PREFIX,
    ApiToken,
    ApiTokenQuerySet,
    hash_secret,
    new_secret,
)
from .audit import (  # noqa: F401
    AuditAction,
    AuditEntry,
    AuditEntryQuerySet,
)
from .changes import (  # noqa: F401
    ChangeStatus,
    UnacknowledgedChange,
    UnacknowledgedChangeQuerySet,
)
from .claims import (  # noqa: F401
    CONFLICT_TOLERANCE,
    VERDICT_STATUSES,
    Claim,
    ClaimAppearance,
    ClaimLink,
    ClaimQuantity,
    ClaimQuantityQuerySet,
    ClaimQuerySet,
    ClaimStatus,
    Evidence,
    claim_fingerprint,
)
from .corrections import (  # noqa: F401
    LATE_CORRECTION_DAYS,
    Correction,
    CorrectionContributor,
    CorrectionQuerySet,
)
from .imports import (  # noqa: F401
    FINISHED_STATUSES,
    ImportChunk,
    ImportJob,
    ImportJobQuerySet,
    ImportJobStatus,
    failure_line,
)
from .matching import (  # noqa: F401
    ClaimGroup,
    ClaimGroupMember,
    ClaimMatch,
    ClaimMatchQuerySet,
    MatchStatus,
)
from .newsroom import (  # noqa: F401
    Article,
    ArticleQuerySet,
    ArticleRevision,
    ChangeGrade,
    Outlet,
    OutletQuerySet,
    Source,
    SourceAlias,
    SourceQuerySet,
    Story,
    StoryQuerySet,
    published_corrections_of,
)
from .notifications import (  # noqa: F401
    Notification,
    NotificationPreference,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
    WebhookSubscriptionQuerySet,
)
from .records import (  # noqa: F401
    NAME_TITLES,
    AppendOnlyError,
    AppendOnlyQuerySet,
    content_hash,
    normalise_name,
)
from .requests import (  # noqa: F401
    OPEN_REQUEST_STATUSES,
    CorrectionRequest,
    CorrectionRequestQuerySet,
    CorrectionRequestStatus,
    new_request_token,
)
from .watching import (  # noqa: F401
    FeedKind,
    WatchedArticle,
    WatchedArticleQuerySet,
    WatchedFeed,
    WatchedFeedQuerySet,
)
