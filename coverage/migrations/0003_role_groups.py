"""The three desk roles as auth groups. README.md "Roles" documents this table.

The workflow module enforces the rules; these permissions decide what each role
sees and may attempt in the admin.
"""

from django.db import migrations

from coverage.migrations._grants import (
    coverage_permissions,
    create_coverage_permissions,
)

MODELS = [
    "outlet",
    "story",
    "article",
    "articlerevision",
    "source",
    "claim",
    "claimappearance",
    "claimlink",
    "evidence",
    "verificationevent",
    "correction",
]

REPORTER = {f"view_{model}" for model in MODELS} | {
    "add_article",
    "change_article",
    "add_source",
    "change_source",
    "add_claim",
    "add_claimappearance",
    "add_claimlink",
    "add_evidence",
    "change_evidence",
    "add_correction",
    "change_correction",
}
EDITOR = REPORTER | {
    "add_outlet",
    "change_outlet",
    "add_story",
    "change_story",
    "change_claim",
    "review_claim",
    "assign_claim",
    "change_claimlink",
    "submit_correction",
}
STANDARDS_EDITOR = EDITOR | {"reopen_claim", "publish_correction"}

ROLES = {
    "Reporter": REPORTER,
    "Editor": EDITOR,
    "Standards editor": STANDARDS_EDITOR,
}


def create_groups(apps, schema_editor):
    create_coverage_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(coverage_permissions(apps, codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0002_append_only_triggers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
