"""The README is the product page: it must stay true to the code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def environment_variables_read_by_settings():
    source = (ROOT / "newsroom" / "settings.py").read_text()
    pattern = r"""(?:environ\.get|env_bool|env_list|env_int)\(\s*["']([A-Z_]+)["']"""
    return set(re.findall(pattern, source))


def test_settings_read_environment_variables():
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DEBUG"} <= (
        environment_variables_read_by_settings()
    )


def test_every_environment_variable_is_documented():
    missing = {
        name
        for name in environment_variables_read_by_settings()
        if f"`{name}`" not in README
    }
    assert not missing, f"README.md does not document {sorted(missing)}"


def test_the_two_commands_come_first():
    first_commands = re.findall(r"^make (\w+)", README, flags=re.MULTILINE)[:2]
    assert first_commands == ["run", "test"]


def test_every_pinned_dependency_is_explained():
    names = set()
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / requirements).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                names.add(re.split(r"[\[=<>]", line)[0].lower())
    missing = {name for name in names if name not in README.lower()}
    assert not missing, f"README.md does not say why {sorted(missing)} is a dependency"
