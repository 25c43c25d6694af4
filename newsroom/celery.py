"""The Celery application: workers run as their own processes
(``celery -A newsroom worker``, ``celery -A newsroom beat``) and read their
configuration from Django's settings, under the ``CELERY_`` prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
