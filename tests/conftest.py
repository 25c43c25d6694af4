import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """The hashed-name manifest exists only after collectstatic, which a test run
    does not need: serve static files by their plain names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter", role="Reporter")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="Editor")


@pytest.fixture
def standards_editor(db):
    return UserFactory(username="standards", role="Standards editor")


@pytest.fixture
def second_standards_editor(db):
    return UserFactory(username="standards2", role="Standards editor")


def logged_in_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def reporter_client(client, reporter):
    return logged_in_client(client, reporter)


@pytest.fixture
def editor_client(client, editor):
    return logged_in_client(client, editor)


@pytest.fixture
def standards_client(client, standards_editor):
    return logged_in_client(client, standards_editor)
