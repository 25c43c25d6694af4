import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# Django, the apps and the URLconf live as long as the worker: frozen out of the
# garbage collector's walk (gc.freeze), a full collection visits what requests
# made, not the 155,000 objects of the code too. Unfrozen, each full collection
# took 60 to 120 ms, and fell in about one admin list request in 40.
import_module(settings.ROOT_URLCONF)
gc.freeze()
