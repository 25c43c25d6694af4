"""How the workflow writes: only over the version the actor saw, and always with
one row in the audit trail, in the same transaction."""

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone

from coverage.addresses import normalise_addresses
from coverage.models import AuditAction, AuditEntry, Claim, Correction
from coverage.workflow.rules import StaleEdit, WorkflowPermissionDenied, message_of


class AuditOutsideTransaction(RuntimeError):
    """record() was called outside the transaction of the change it records."""


_token_in_use: ContextVar = ContextVar("token_in_use", default=None)


@contextmanager
def through_token(token) -> Iterator[None]:
    """Every audit row written inside names ``token`` besides its actor (the
    token's owner): the API's writes, whichever workflow or importer function
    they call and however many rows it writes."""
    reset = _token_in_use.set(token)
    try:
        yield
    finally:
        _token_in_use.reset(reset)


def record(
    actor,
    action: AuditAction | str,
    obj: models.Model,
    *,
    changes: Mapping[str, tuple | list] | None = None,
    note: str = "",
    public: bool = False,
) -> AuditEntry:
    """Write the audit row of one change: with ``record_each``, the only writer of
    the audit trail.

    Called inside the workflow function's transaction, so the change and its row
    are committed together or not at all. ``actor`` is None only for changes the
    system makes on its own; ``public`` marks a change of what readers see (the
    public pages' signatures follow the newest such row)."""
    entry = _entry(actor, action, obj, changes=changes, note=note, public=public)
    entry.save()
    return entry


def record_each(
    actor,
    action: AuditAction | str,
    rows: Iterable[tuple[models.Model, Mapping[str, tuple | list] | None, str]],
    *,
    public: bool = False,
) -> list[AuditEntry]:
    """``record()`` of one kind of change to many objects, ``(obj, changes, note)``
    each, in one INSERT: an import batch writes as many queries for a hundred
    articles as for one."""
    return AuditEntry.objects.bulk_create(
        [
            _entry(actor, action, obj, changes=changes, note=note, public=public)
            for obj, changes, note in rows
        ]
    )


def _entry(actor, action, obj, *, changes, note, public) -> AuditEntry:
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(
            f"record({str(action)!r}) must run inside the transaction of the change it "
            "records (decorate the workflow function with @transaction.atomic)."
        )
    return AuditEntry(
        actor=actor,
        action=AuditAction(action),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        changes={
            field: [as_recorded(old), as_recorded(new)]
            for field, (old, new) in (changes or {}).items()
        },
        note=note,
        public=public,
        api_token=_token_in_use.get(),
    )


def as_recorded(value):
    """A value as the audit row keeps it: JSON, readable by a person (a related
    row by its name, a time in ISO 8601)."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    """The values of ``fields`` now, to compare with after a write."""
    return {name: getattr(obj, name) for name in fields}


def proposed_changes(obj: models.Model, values: Mapping) -> dict[str, tuple]:
    """``{field: (old, new)}`` for each of ``values`` that differs from ``obj``'s."""
    return {
        name: (getattr(obj, name), value)
        for name, value in values.items()
        if getattr(obj, name) != value
    }


def save_changes(
    obj: models.Model, values: Mapping, *, editable: Iterable[str]
) -> dict[str, tuple]:
    """Save those of ``values`` that differ from ``obj``'s, validated as a form
    would; returns ``{field: (old, new)}`` for the audit row (empty: nothing
    saved). A field outside ``editable`` is refused by name; web addresses are
    kept as ``coverage.addresses`` normalises them."""
    label = f"{obj._meta.verbose_name} {obj.pk}"
    unknown = set(values) - set(editable)
    if unknown:
        raise ValidationError(f"Cannot edit {', '.join(sorted(unknown))} of {label}.")
    changes = proposed_changes(obj, normalise_addresses(type(obj), values))
    if not changes:
        return changes
    for name, (_old, new) in changes.items():
        setattr(obj, name, new)
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(f"Cannot save {label}: {error}") from error
    return changes


def changes_since(before: Mapping, obj: models.Model) -> dict[str, tuple]:
    """``{field: (old, new)}`` for each field of a snapshot whose value changed."""
    return {
        name: (old, getattr(obj, name))
        for name, old in before.items()
        if getattr(obj, name) != old
    }


def write_if_unchanged(obj: Claim | Correction, *, seen_version: int, **values) -> None:
    """Update the row only if it is still the version the actor saw."""
    model = type(obj)
    updated = model.objects.filter(pk=obj.pk, version=seen_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise stale_edit(obj)
    obj.refresh_from_db()


def stale_edit(obj: Claim | Correction) -> StaleEdit:
    """The refusal of a move on a version of ``obj`` that is no longer its own."""
    return StaleEdit(
        f"{type(obj)._meta.verbose_name.capitalize()} {obj.pk} was changed by "
        "someone else after you opened it. Reload the page to see their changes; "
        "yours were not saved."
    )


def apply_to_each(objects: Iterable, move, **kwargs) -> tuple[list, list[str]]:
    """Run one workflow move per object, each in its own transaction, for bulk
    actions: one refusal does not undo the others. Returns (done, refusals)."""
    done, refusals = [], []
    for obj in objects:
        try:
            done.append(move(obj, **kwargs))
        except (WorkflowPermissionDenied, ValidationError, StaleEdit) as error:
            refusals.append(message_of(error))
    return done, refusals


@transaction.atomic
def delete_with_record(obj: models.Model, *, actor) -> None:
    """Delete a row through the admin (a superuser's power: no role holds a delete
    permission on the desk's records), leaving what it held in the audit trail."""
    opts = obj._meta
    if not (
        actor
        and actor.is_active
        and actor.has_perm(f"{opts.app_label}.delete_{opts.model_name}")
    ):
        raise WorkflowPermissionDenied(
            f"{actor} may not delete {opts.verbose_name_plural}."
        )
    record(
        actor,
        AuditAction.RECORD_DELETE,
        obj,
        changes={
            field.attname: (as_recorded(getattr(obj, field.attname)), None)
            for field in opts.concrete_fields
            if field.attname not in {"raw_text", "body"}
        },
        note=f"Deleted {opts.verbose_name} “{obj}”.",
    )
    obj.delete()
