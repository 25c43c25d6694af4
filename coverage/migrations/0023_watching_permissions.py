"""Staff who import may also say what to watch: the roles that run imports register
and edit watched feeds in the admin and see what is watched (deleting a feed stays
a superuser's, through the audited delete)."""

from django.db import migrations

from coverage.migrations._grants import DESK_ROLES, grant_each

CODENAMES = [
    "view_watchedfeed",
    "add_watchedfeed",
    "change_watchedfeed",
    "view_watchedarticle",
]


class Migration(migrations.Migration):
    dependencies = [("coverage", "0022_watching")]

    operations = [
        grant_each(DESK_ROLES, CODENAMES),
    ]
