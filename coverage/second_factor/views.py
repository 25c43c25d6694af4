"""The pages between the password and the admin: enrol, enter a code, recovery codes.

They are drawn in the admin's look (``admin.site.each_context``) but live outside its
namespace, so the middleware that keeps the admin shut does not shut them too.
"""

import django_otp
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from coverage.second_factor import devices
from coverage.second_factor.forms import CodeForm

desk_login_required = login_required(login_url=reverse_lazy("admin:login"))


def page(request, template: str, *, title: str, status: int = 200, **context):
    context = {**admin.site.each_context(request), "title": title, **context}
    return render(request, template, context, status=status)


def next_url(request) -> str:
    """Where the person was going, if it is on this site; else the admin index."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def verified(request, device) -> None:
    """What django-otp's login does for its own forms, with a new session key,
    since the session now holds more than a password's worth of trust."""
    request.session.cycle_key()
    django_otp.login(request, device)


def with_next(name: str, request) -> str:
    return (
        f"{reverse(name)}?{request.GET.urlencode()}" if request.GET else reverse(name)
    )


@never_cache
@sensitive_post_parameters("code")
@desk_login_required
def verify(request):
    user = request.user
    if user.is_verified() or not devices.requires_second_factor(user):
        return HttpResponseRedirect(next_url(request))
    if not devices.is_enrolled(user):
        return redirect(with_next("second_factor:enrol", request))
    form = CodeForm(request.POST or None)
    status = 200
    if form.is_valid():
        try:
            device = devices.verify_login(user, code=form.cleaned_data["code"])
        except devices.CodeRefused as refusal:
            form.add_error("code", str(refusal))
            if isinstance(refusal, devices.TooManyWrongCodes):
                status = 429
        else:
            verified(request, device)
            if device.name == devices.RECOVERY_DEVICE_NAME:
                left = devices.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You logged in with a recovery code; {left} are left. The "
                    "desk's home page has a link to make new ones.",
                )
            return HttpResponseRedirect(next_url(request))
    return page(
        request,
        "second_factor/verify.html",
        title="Second factor",
        issuer=settings.OTP_TOTP_ISSUER,
        form=form,
        next=next_url(request),
        status=status,
    )


@never_cache
@sensitive_post_parameters("code")
@desk_login_required
def enrol(request):
    user = request.user
    if not devices.requires_second_factor(user):
        return HttpResponseRedirect(next_url(request))
    try:
        device = devices.pending_device(user)
    except devices.AlreadyEnrolled:
        return redirect(with_next("second_factor:verify", request))
    form = CodeForm(request.POST or None)
    status = 200
    if form.is_valid():
        try:
            enrolment = devices.confirm_enrolment(user, code=form.cleaned_data["code"])
        except devices.CodeRefused as refusal:
            form.add_error("code", str(refusal))
            if isinstance(refusal, devices.TooManyWrongCodes):
                status = 429
        else:
            verified(request, enrolment.device)
            return recovery_codes_page(request, enrolment.recovery_codes)
    return page(
        request,
        "second_factor/enrol.html",
        title="Set up your second factor",
        form=form,
        secret=devices.secret_of(device),
        qr_code=devices.qr_code_data_uri(device),
        next=next_url(request),
        status=status,
    )


@never_cache
@desk_login_required
def new_recovery_codes(request):
    """Only a verified session may replace the codes: they open the admin too."""
    if not request.user.is_verified():
        return redirect_to_login(request.path, reverse("second_factor:verify"))
    if request.method == "POST":
        return recovery_codes_page(request, devices.issue_recovery_codes(request.user))
    return page(
        request,
        "second_factor/new_recovery_codes.html",
        title="New recovery codes",
        left=devices.recovery_codes_left(request.user),
    )


def recovery_codes_page(request, codes: list[str]):
    """Shown once, as the answer to the POST that made them: never stored for later."""
    return page(
        request,
        "second_factor/recovery_codes.html",
        title="Your recovery codes",
        codes=codes,
        next=next_url(request),
    )
