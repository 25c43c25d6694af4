import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command


def test_every_model_change_has_its_migration(db):
    """Two branches that each add audit actions can merge cleanly and still leave
    the choices without a migration; makemigrations --check catches it."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrations_give_the_roles_their_permissions_and_take_them_back():
    """Each role's grants come from its migrations (coverage/migrations/_grants.py):
    unmigrating the notifications' migration takes exactly its grants back, and
    migrating forward again gives every role what it had."""

    def grants():
        return {
            group.name: set(group.permissions.values_list("codename", flat=True))
            for group in Group.objects.all()
        }

    before = grants()
    assert "view_notification" in before["Standards editor"]
    assert "decide_correctionrequest" in before["Editor"]
    call_command("migrate", "coverage", "0012", verbosity=0)
    unmigrated = grants()
    assert "view_notification" not in unmigrated["Standards editor"]
    assert "change_notificationpreference" not in unmigrated["Reporter"]
    assert "view_auditentry" in unmigrated["Reporter"]
    call_command("migrate", verbosity=0)
    assert grants() == before
