from django.core.management import call_command


def test_every_model_change_has_its_migration(db):
    """Two branches that each add audit actions can merge cleanly and still leave
    the choices without a migration; makemigrations --check catches it."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
