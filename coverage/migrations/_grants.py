"""Handing the desk's roles the permissions a migration's models bring.

Django makes a model's permissions after ``migrate`` has run (on post_migrate), so
a migration that gives them to a role must make them first. Each migration that
does says only which role gets which codenames; this module does the rest, the
same way every time, and undoes it when the migration is reversed. (Django's
migration loader skips modules whose names start with an underscore.)
"""

from collections.abc import Iterable, Mapping

from django.contrib.auth.management import create_permissions
from django.db import migrations

DESK_ROLES = ("Reporter", "Editor", "Standards editor")


def create_coverage_permissions(apps) -> None:
    coverage = apps.get_app_config("coverage")
    # create_permissions skips an app without models, as a migration's
    # historical app looks.
    had_models = getattr(coverage, "models_module", None)
    coverage.models_module = True
    try:
        create_permissions(coverage, apps=apps, verbosity=0)
    finally:
        coverage.models_module = had_models


def coverage_permissions(apps, codenames: Iterable[str]):
    """The named coverage permissions; a codename that does not exist is an error
    in the migration, not something to skip."""
    codenames = set(codenames)
    found = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="coverage", codename__in=codenames
    )
    missing = codenames - set(found.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"unknown coverage permissions {sorted(missing)}")
    return found


def grant(roles: Mapping[str, Iterable[str]]) -> migrations.RunPython:
    """Give each role (a Group by name) these coverage permissions; reversed, take
    them back. Roles a newsroom has deleted are left alone."""
    roles = {name: tuple(codenames) for name, codenames in roles.items()}

    def groups(apps):
        return apps.get_model("auth", "Group").objects.filter(name__in=roles)

    def forwards(apps, schema_editor):
        create_coverage_permissions(apps)
        for group in groups(apps):
            group.permissions.add(*coverage_permissions(apps, roles[group.name]))

    def backwards(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        for group in groups(apps):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="coverage",
                    codename__in=roles[group.name],
                )
            )

    return migrations.RunPython(forwards, backwards)


def grant_each(role_names: Iterable[str], codenames: Iterable[str]):
    """The same permissions for several roles."""
    codenames = tuple(codenames)
    return grant(dict.fromkeys(role_names, codenames))
