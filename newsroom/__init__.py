# The Celery app loads with Django, so @shared_task binds to it and
# transaction.on_commit(task.delay) publishes to the configured broker.
from newsroom.celery import app as celery_app

__all__ = ["celery_app"]
