"""Running imports is a permission of its own (``can_import``), given to the roles
that could import before it existed (every role that may add articles)."""

from django.db import migrations

from coverage.migrations._grants import DESK_ROLES, grant_each


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
        grant_each(DESK_ROLES, ["import_article"]),
    ]
