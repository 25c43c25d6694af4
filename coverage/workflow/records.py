"""How the workflow writes: only over the version the actor saw, and always into
the admin's history."""

from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone

from coverage.models import Claim, Correction
from coverage.workflow.rules import StaleEdit, WorkflowPermissionDenied, message_of


def write_if_unchanged(obj: Claim | Correction, *, seen_version: int, **values) -> None:
    """Update the row only if it is still the version the actor saw."""
    model = type(obj)
    updated = model.objects.filter(pk=obj.pk, version=seen_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(
            f"{model._meta.verbose_name.capitalize()} {obj.pk} was changed by someone "
            "else after you opened it. Reload the page to see their changes; yours "
            "were not saved."
        )
    obj.refresh_from_db()


def log_history(actor, obj: models.Model, message: str) -> None:
    """The admin's History page for the object shows every workflow step."""
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
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
