"""gunicorn on each app server: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

SIGTERM drains before it stops. gunicorn's own graceful stop closes the listening
socket at once while the load balancer still counts the server in for up to two
health checks: every request sent to it meanwhile then rests on HAProxy's retries
(a refused or reset connection goes to the other server) and on nothing going
wrong once a worker has taken it. So the server first tells the load balancer it
is going: /healthz answers 503 while everything else is served as before, for
GUNICORN_DRAIN_SECONDS (6 by default: deploy/haproxy.cfg takes a server out after
two failed checks 2 s apart, plus one interval to spare). Only then does the
graceful stop begin, on a server HAProxy no longer sends requests to.
"""

import multiprocessing
import os
import signal
import threading

DRAIN_SECONDS = float(os.environ.get("GUNICORN_DRAIN_SECONDS", "6"))
HEALTH_CHECK = "/healthz"

# Shared memory, made before the workers are forked: set by the master on SIGTERM,
# read by every worker's health check.
draining = multiprocessing.RawValue("b", 0)


def drain_then_stop(server) -> None:
    """The first SIGTERM starts the drain and returns, so the master goes on
    reaping and replacing workers meanwhile; the drain's end sends SIGTERM again
    (as would an impatient operator), and that one is gunicorn's graceful stop."""
    if draining.value:
        raise StopIteration  # what gunicorn's own SIGTERM handler raises
    server.log.info("Draining for %.0f s before stopping", DRAIN_SECONDS)
    draining.value = 1
    timer = threading.Timer(
        DRAIN_SECONDS, server.SIG_QUEUE.put_nowait, [signal.SIGTERM]
    )
    timer.daemon = True
    timer.start()


def when_ready(server):
    # The arbiter looks up its signal handlers by name on each signal.
    server.handle_term = lambda: drain_then_stop(server)


# A reload (SIGHUP) reads this file again, with a new `draining` that the new
# workers read: the master's SIGTERM must set that one.
on_reload = when_ready


def post_worker_init(worker):
    app = worker.wsgi

    def answer_health_check_with_drain(environ, start_response):
        if draining.value and environ.get("PATH_INFO") == HEALTH_CHECK:
            start_response(
                "503 Service Unavailable",
                [("Content-Type", "text/plain"), ("Content-Length", "8")],
            )
            return [b"draining"]
        return app(environ, start_response)

    worker.wsgi = answer_health_check_with_drain
