"""Running imports is a permission of its own (``can_import``), given to the roles
that could import before it existed (every role that may add articles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Reporter", "Editor", "Standards editor"]


def let_roles_import(apps, schema_editor):
    coverage = apps.get_app_config("coverage")
    coverage.models_module = True
    create_permissions(coverage, apps=apps, verbosity=0)
    coverage.models_module = None
    permission = apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="coverage", codename="import_article"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(permission)


def stop_roles_importing(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(codename="import_article"))


class Migration(migrations.Migration):
    dependencies = [("coverage", "0008_delete_verificationevent")]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": ["-published_at", "-id"],
                "permissions": [("import_article", "Can import articles from files")],
            },
        ),
        migrations.RunPython(let_roles_import, stop_roles_importing),
    ]
