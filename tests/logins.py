"""Logging people in the way the real login leaves them.

A session after the password alone is what ``force_login`` gives; for a user whose
role needs a second factor, the real flow then verifies the session with their
authenticator app, which django-otp records as the verifying device in the session.
``log_in`` does both, so the admin's requirement stays on in every test. Tests of the
login pages themselves type codes from ``current_code``, computed with django-otp's
own TOTP implementation as the person's app would.
"""

import datetime

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage.second_factor.devices import requires_second_factor
from tests.factories import TOTPDeviceFactory


def app_of(user) -> TOTPDevice:
    """The user's confirmed authenticator app; one is enrolled if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDeviceFactory(user=user)


def log_in(client, user):
    """The password, then, where the role needs it, the second factor."""
    client.force_login(user)
    if requires_second_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = app_of(user).persistent_id
        session.save()
    return client


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now, or at the next time step when the device has
    already accepted this one (each code is accepted once): the device's tolerance
    of one step lets a second login within the same 30 seconds through."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():0{device.digits}d}"


def let_time_pass(device, seconds: float) -> None:
    """Move the device's last failed code back in time, as waiting that long would:
    its throttle counts from that moment."""
    device.refresh_from_db()
    device.throttling_failure_timestamp -= datetime.timedelta(seconds=seconds)
    device.save(update_fields=["throttling_failure_timestamp"])
