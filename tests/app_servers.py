"""The site as production serves it: gunicorn with production settings on the test
database, and HAProxy in front of two of them with the project's own
``deploy/haproxy.cfg``."""

import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.database import database_url
from tests.namespaces import Machine
from tests.processes import free_port, wait_until
from tests.web_clients import Address, answers_health_check

ROOT = Path(__file__).resolve().parent.parent
HAPROXY = "/usr/sbin/haproxy"  # Debian's package; .ci/run installs it


def production_env(**overrides) -> dict:
    """What a deploy sets (README, "Deployment"), on the test database."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "app-server-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        **overrides,
    }


def collect_static(env: dict) -> None:
    """The hashed-name manifest production settings serve static files from."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )


class AppServer:
    """gunicorn at ``host:port``, on ``machine`` (a network namespace) when given.
    ``stop()`` sends SIGTERM: with ``deploy/gunicorn.conf.py`` the server first
    drains (its /healthz answers 503 while it serves the rest), then makes
    gunicorn's graceful stop."""

    def __init__(
        self,
        env: dict,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        machine: Machine | None = None,
        workers: int = 3,
    ):
        self.env, self.machine, self.workers = env, machine, workers
        self.address: Address = (host, port or free_port())
        self.process = None

    def start(self) -> None:
        host, port = self.address
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "newsroom.wsgi",
            f"--config={ROOT / 'deploy' / 'gunicorn.conf.py'}",
            f"--workers={self.workers}",
            f"--bind={host}:{port}",
            "--log-level=warning",
        ]
        if self.machine is not None:
            command = self.machine.command(command)
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        wait_until(
            lambda: (
                self.process.poll() is not None or answers_health_check(self.address)
            ),
            awaited=f"gunicorn at {host}:{port} to answer /healthz",
        )
        assert self.process.poll() is None, f"gunicorn at {host}:{port} exited"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


class LoadBalancer:
    """HAProxy with ``deploy/haproxy.cfg`` in front of two app servers, on a free
    port of 127.0.0.1; its stats socket says what it thinks of each server."""

    BACKEND = "app_servers"

    def __init__(self, servers: list[Address]):
        self.dir = Path(tempfile.mkdtemp(prefix="newsroom-haproxy-"))
        self.address: Address = ("127.0.0.1", free_port())
        self.socket = self.dir / "admin.sock"
        self.log_file = self.dir / "haproxy.log"
        first, second = (f"{host}:{port}" for host, port in servers)
        env = {
            **os.environ,
            "NEWSROOM_LB_BIND": "{}:{}".format(*self.address),
            "NEWSROOM_LB_HOST": "127.0.0.1",
            "NEWSROOM_LB_SOCKET": str(self.socket),
            "NEWSROOM_APP_SERVER_1": first,
            "NEWSROOM_APP_SERVER_2": second,
        }
        with self.log_file.open("wb") as log:
            self.process = subprocess.Popen(
                [HAPROXY, "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(
            lambda: (
                self.process.poll() is not None or set(self.status().values()) == {"UP"}
            ),
            awaited="HAProxy to find both app servers up",
        )
        assert self.process.poll() is None, "HAProxy exited at start-up"

    @staticmethod
    def unavailable() -> str | None:
        if not os.access(HAPROXY, os.X_OK):
            return f"needs HAProxy at {HAPROXY} (Debian's haproxy package)"
        return None

    def stats(self) -> list[dict]:
        """``show stat``: one row per server of the backend; none before HAProxy
        listens on its socket."""
        try:
            with socket.socket(socket.AF_UNIX) as admin:
                admin.connect(str(self.socket))
                admin.sendall(b"show stat\n")
                answer = b"".join(iter(lambda: admin.recv(65536), b""))
        except OSError:
            return []
        rows = csv.DictReader(answer.decode().removeprefix("# ").splitlines())
        return [
            row
            for row in rows
            if row["pxname"] == self.BACKEND and row["svname"] != "BACKEND"
        ]

    def status(self) -> dict[str, str]:
        """Each server's health as the checks see it: "UP", "DOWN", ..."""
        return {row["svname"]: row["status"] for row in self.stats()}

    def served(self) -> dict[str, int]:
        """Requests each server has been handed, in all."""
        return {row["svname"]: int(row["stot"]) for row in self.stats()}

    def log(self) -> str:
        """What HAProxy wrote so far: its warnings and one line per request."""
        return self.log_file.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)
