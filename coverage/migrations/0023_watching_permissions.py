"""Staff who import may also say what to watch: the roles that run imports register
and edit watched feeds in the admin and see what is watched (deleting a feed stays
a superuser's, through the audited delete)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Reporter", "Editor", "Standards editor"]
CODENAMES = [
    "view_watchedfeed",
    "add_watchedfeed",
    "change_watchedfeed",
    "view_watchedarticle",
]


def let_importers_watch(apps, schema_editor):
    coverage = apps.get_app_config("coverage")
    coverage.models_module = True
    create_permissions(coverage, apps=apps, verbosity=0)
    coverage.models_module = None
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="coverage", codename__in=CODENAMES
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


def stop_importers_watching(apps, schema_editor):
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="coverage", codename__in=CODENAMES
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0022_watching")]

    operations = [
        migrations.RunPython(let_importers_watch, stop_importers_watching),
    ]
