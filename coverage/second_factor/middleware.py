"""The admin stays shut to an unverified session of anyone who needs a second factor."""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from coverage.second_factor.devices import requires_second_factor

# Admin views a password-only session may open: to finish logging in, or to leave.
OPEN_ADMIN_VIEWS = {"login", "logout"}


class SecondFactorMiddleware:
    """Every view in the admin's namespace (the index, each model's pages, the
    desk page, autocomplete, the site's catch-all), for GET and POST alike, sends
    an unverified session of a user who needs a second factor to the page that
    asks for it, and back afterwards.

    Placed after django-otp's OTPMiddleware, which tells whether the session was
    verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if "admin" not in match.namespaces or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        if user.is_verified() or not requires_second_factor(user):
            return None
        return redirect_to_login(
            request.get_full_path(), reverse("second_factor:verify")
        )
