import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from coverage.migrations._grants import grant


def test_every_model_change_has_its_migration(db):
    """Two branches that each add audit actions can merge cleanly and still leave
    the choices without a migration; makemigrations --check catches it."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def has_permission(role: str, codename: str) -> bool:
    return Group.objects.get(name=role).permissions.filter(codename=codename).exists()


def test_a_grant_gives_roles_their_permissions_and_reversed_takes_them_back(db):
    """What every migration that hands out permissions runs (migrations/_grants.py)."""
    operation = grant({"Reporter": ["merge_source", "decide_claimmatch"]})
    assert not has_permission("Reporter", "merge_source")
    operation.code(apps, None)
    assert has_permission("Reporter", "merge_source")
    assert has_permission("Reporter", "decide_claimmatch")
    assert not has_permission("Reporter", "publish_correction")
    operation.reverse_code(apps, None)
    assert not has_permission("Reporter", "merge_source")
    assert has_permission("Editor", "merge_source")


def test_a_grant_of_a_permission_that_does_not_exist_stops_the_migration(db):
    operation = grant({"Editor": ["merge_source", "merge_everything"]})
    with pytest.raises(
        RuntimeError, match=r"unknown coverage permissions \['merge_everything'\]"
    ):
        operation.code(apps, None)
    assert has_permission("Editor", "merge_source")
