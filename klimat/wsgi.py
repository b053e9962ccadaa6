"""WSGI entry point (gunicorn klimat.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klimat.settings")

application = get_wsgi_application()

# The build's fingerprint read now, not on the first request (``core.build``).
from core.build import fingerprint  # noqa: E402

fingerprint()
