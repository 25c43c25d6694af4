"""Static files carry the pages' security headers.

WhiteNoise answers for a static file before django-csp's and the clickjacking
middleware run, so neither adds its header; SecurityMiddleware, which wraps
WhiteNoise, still adds HSTS, nosniff, Referrer-Policy and COOP on the way out.
A stylesheet or an SVG opened on its own is then held to the same policy as a page.
"""

from csp.utils import build_policy
from django.conf import settings


def add_security_headers(headers, path: str, url: str) -> None:
    """WHITENOISE_ADD_HEADERS_FUNCTION: called once per file as WhiteNoise loads it."""
    headers["Content-Security-Policy"] = build_policy()
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
