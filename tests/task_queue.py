"""Real parts for the task-queue tests: a Redis server of the test's own (so it can
be stopped and started again), Celery workers as separate processes on the test
database, and an SMTP server on 127.0.0.1 whose answers a test controls.

A pytest plugin (``tests/conftest.py`` loads it): the ``redis`` and
``mailbox_and_queue`` fixtures."""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from newsroom.celery import app
from tests.database import database_url
from tests.processes import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
WAIT = 60  # seconds a stalled server holds its answer at most


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="newsroom-redis-")
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self._answers, awaited=f"redis-server on port {self.port}")

    def stop(self):
        self.process.terminate()
        self.process.wait(WAIT)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class Mailbox:
    """aiosmtpd's handler: keeps what arrives; ``stall_next`` holds the next
    message's DATA until ``release`` (then refuses it, as a server restarting
    would), so a test can kill the worker in the middle of sending."""

    def __init__(self):
        self.messages = []
        self.stalled = threading.Event()
        self.released = threading.Event()
        self._stall = False
        self.refuse_all = False

    def stall_next(self):
        self._stall = True

    async def handle_DATA(self, server, session, envelope):
        if self._stall:
            self._stall = False
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(
                None, self.released.wait, WAIT
            )
            return "451 Stalled on purpose; try again"
        if self.refuse_all:
            return "451 Refusing on purpose; try again"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"


class MailServer:
    """aiosmtpd on a fixed port, which can go down and come back (a controller
    runs once, so each start is a new one)."""

    def __init__(self, mailbox: Mailbox):
        self.mailbox = mailbox
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.mailbox.released.set()
        self.controller.stop()


@contextmanager
def smtp_server():
    mailbox = Mailbox()
    mailbox.server = MailServer(mailbox)  # stop() and start(): a mail server down
    mailbox.server.start()
    try:
        yield mailbox, mailbox.server.port
    finally:
        mailbox.server.stop()


class Worker:
    """``celery -A newsroom worker`` in its own process group, on the test
    database; ``kill()`` sends SIGKILL to all of it, as a lost machine would."""

    def __init__(self, name: str, env: dict, queue: str):
        self.name = name
        handle, path = tempfile.mkstemp(prefix=f"celery-{name}-", suffix=".log")
        self.log = Path(path)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "newsroom",
                "worker",
                "--queues",
                queue,
                "--hostname",
                f"{name}@%h",
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        os.close(handle)
        wait_until(self.is_ready, awaited=f"worker {name} to be ready")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def is_ready(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"worker {self.name} exited:\n{self.output()}")
        return " ready." in self.output()

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(WAIT)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(WAIT)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.unlink(missing_ok=True)


class TaskQueue:
    """This process publishes to the test's Redis; workers consume from a queue
    named for the test, so nothing else on the machine can take its tasks."""

    def __init__(self, redis: RedisServer, smtp_port: int, queue: str):
        self.queue = queue
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "worker-test-" + "k" * 50,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": redis.url,
            "CELERY_TASK_DEFAULT_QUEUE": queue,  # what a worker queues stays ours
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "2",
            "NEWSROOM_FETCH_ALLOW_PRIVATE": "1",
            "NEWSROOM_WEBHOOK_TIMEOUT": "2",
            "CONN_MAX_AGE": "0",
        }
        self.workers: list[Worker] = []

    def start_worker(self, name: str) -> Worker:
        worker = Worker(name, self.env, self.queue)
        self.workers.append(worker)
        return worker

    def stop(self):
        for worker in self.workers:
            worker.stop()


@contextmanager
def publishing_to(redis: RedisServer, queue: str):
    """Point this process's Celery app at the test's broker and queue for the
    test, then back at the in-process default."""
    keys = ["broker_url", "task_always_eager", "task_default_queue"]
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        broker_url=redis.url, task_always_eager=False, task_default_queue=queue
    )
    _drop_connections()
    try:
        yield
    finally:
        _drop_connections()
        app.conf.update(saved)


def _drop_connections():
    """Celery keeps its broker connections and producers in pools made for the
    broker of the moment; drop them so the next publish connects anew."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


class Receiver:
    """A webhook receiver on 127.0.0.1 (a real HTTP server in a thread): keeps
    every request, answers ``status``, can be slow or stall on the next one."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        self.delay = 0.0
        self.stalled = threading.Event()
        self.released = threading.Event()
        self._stall = False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                receiver.requests.append(
                    {"headers": dict(self.headers), "body": self.rfile.read(length)}
                )
                if receiver._stall:
                    receiver._stall = False
                    receiver.stalled.set()
                    receiver.released.wait(WAIT)
                time.sleep(receiver.delay)
                try:
                    self.send_response(receiver.status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender stopped waiting (its timeout)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stall_next(self):
        self._stall = True

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def webhook_receiver():
    receiver = Receiver()
    try:
        yield receiver
    finally:
        receiver.close()


@pytest.fixture
def redis():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox_and_queue(redis):
    """An SMTP server, and a queue of the test's own on its Redis, which this
    process (and a live server in it) publishes to; start workers on it with
    ``task_queue.start_worker(name)``."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with smtp_server() as (mailbox, port), publishing_to(redis, queue):
        task_queue = TaskQueue(redis, port, queue)
        yield mailbox, task_queue
        task_queue.stop()
