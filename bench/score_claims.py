"""Score the claim detector on ../shared/claims-dev on a fresh database.

    make score-claims            # the RESULT line and detection time per article
    SCORE_VERBOSE=1 make score-claims    # every miss under its cause as well

It makes a SQLite database in a temporary directory, migrates it, creates an
importing user, imports the development texts with ``import_articles`` and runs the
set's own ``score.py`` in ``manage.py shell``, exactly as its README says. Then it
times ``find_claims`` alone on each article's parsed body (CPU time of this
process, the best of three runs, so other work on a shared machine counts less).
CLAIMS_DEV names another set laid out the same way.
"""

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_DEV = Path(os.environ.get("CLAIMS_DEV", ROOT.parent / "shared" / "claims-dev"))
USER = "claims-scorer"


def manage(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def detection_ms_per_article(texts: list[Path]) -> float:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from coverage.importers.claims import find_claims
    from coverage.importers.text import parse_text

    bodies = [parse_text(p.read_bytes(), source=p.name).body for p in texts]
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for body in bodies:
            find_claims(body)
        best = min(best, time.process_time() - started)
    return 1000 * best / max(len(bodies), 1)


def main() -> None:
    texts = sorted((CLAIMS_DEV / "texts").glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="score-claims-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'score.sqlite3'}",
            "GOLD": str(CLAIMS_DEV / "gold.json"),
        }
        env.pop("REDIS_URL", None)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser({USER!r}, '', None)",
        )
        imported = manage(
            env,
            "import_articles",
            str(CLAIMS_DEV / "texts"),
            "--as",
            USER,
            "--no-progress",
        )
        scored = manage(env, "shell", stdin=(CLAIMS_DEV / "score.py").read_text())
    lines = scored.splitlines()
    if os.environ.get("SCORE_VERBOSE"):
        print(imported.rstrip())
        print("\n".join(lines[:-1]))
    print(lines[-1] if lines else "score.py printed nothing")
    print(f"detection {detection_ms_per_article(texts):.1f} ms per article (CPU)")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, line_buffering=True)
    main()
