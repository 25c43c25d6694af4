"""Who needs a second factor, enrolling one, and checking a code.

Codes are checked by django-otp's devices, which throttle wrong guesses: after each
wrong code the device refuses every code, the right one included, for 1, 2, 4, 8, ...
seconds (``OTP_TOTP_THROTTLE_FACTOR``, ``OTP_STATIC_THROTTLE_FACTOR``). A TOTP code is
accepted once (the device remembers the last time step it accepted); a recovery code
is deleted when it is used.
"""

import logging
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage.models import AuditAction
from coverage.workflow import can_remove_device, record
from coverage.workflow.rules import refuse

logger = logging.getLogger(__name__)

RECOVERY_CODES = 10
APP_CODE_DIGITS = 6  # TOTPDevice's default; recovery codes are eight characters
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class CodeRefused(Exception):
    """The code did not verify the login; the message says why, for the person."""


class TooManyWrongCodes(CodeRefused):
    """The device is throttled: every code is refused until the wait is over."""


class AlreadyEnrolled(Exception):
    """Enrolling again would let a password alone replace the second factor."""


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


def requires_second_factor(user) -> bool:
    """Superusers always; otherwise members of a group the setting names."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.NEWSROOM_OTP_REQUIRED_GROUPS).exists()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The app secret being enrolled: the same one until it is confirmed, so that
    reloading the page does not invalidate what was already scanned."""
    if is_enrolled(user):
        raise AlreadyEnrolled(
            f"{user.get_username()} already has an authenticator app."
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as a QR code, an SVG rendered here, as a data: URI
    an ``<img>`` may show under the site's Content-Security-Policy."""
    return segno.make(device.config_url, error="m").svg_data_uri(
        scale=5, dark="#000", light="#fff"
    )


def confirm_enrolment(user, *, code: str) -> Enrolment:
    """The first right code from the app confirms it and issues recovery codes:
    one change to the account, one audit row."""
    device = check_code(pending_device(user), code)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = write_recovery_codes(user)
        record(
            user,
            AuditAction.SECOND_FACTOR_ENROL,
            user,
            note=f"{device.name} confirmed; {len(codes)} recovery codes issued.",
        )
        return Enrolment(device=device, recovery_codes=codes)


@transaction.atomic
def issue_recovery_codes(user) -> list[str]:
    """New one-time codes for when the phone is lost; any earlier ones stop working."""
    codes = write_recovery_codes(user)
    record(
        user,
        AuditAction.SECOND_FACTOR_RECOVERY_CODES,
        user,
        note=f"{len(codes)} new recovery codes; the earlier ones no longer work.",
    )
    return codes


@transaction.atomic
def remove_device(device: TOTPDevice | StaticDevice, *, actor):
    """Reset a lost phone or used-up recovery codes: one change to the person's
    account, one audit row on it. Without an app the person enrols again at their
    next login, with their password, so removing one is an administrator's act."""
    person = device.user
    refuse(
        can_remove_device(actor, device),
        actor,
        f"remove {person.get_username()}'s {device.name.lower()}",
    )
    device.delete()
    record(
        actor,
        AuditAction.SECOND_FACTOR_REMOVE,
        person,
        changes={"device": (device.name, None)},
        note=f"{device.name} removed; {person.get_username()} enrols again at the "
        "next login."
        if isinstance(device, TOTPDevice)
        else f"{device.name} removed; none of them works any more.",
    )
    return person


def write_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def verify_login(user, *, code: str) -> Device:
    """Check a code from the app (six digits) or a recovery code (anything else)."""
    code = normalised(code)
    model = (
        TOTPDevice if len(code) == APP_CODE_DIGITS and code.isdigit() else StaticDevice
    )
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise CodeRefused(
            "That is not a code from your authenticator app, and you have no "
            "recovery codes."
        )
    return check_code(device, code)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def normalised(code: str) -> str:
    """As people type codes: with spaces or dashes, recovery codes in capitals."""
    return "".join(code.split()).replace("-", "").lower()


def check_code(device: Device, code: str) -> Device:
    """The device's own check, under a row lock so that two requests cannot both
    use one code. The throttle's count is committed with the check, before any
    refusal is raised, so a refusal never rolls it back."""
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, refusal = device.verify_is_allowed()
        accepted = allowed and device.verify_token(normalised(code))
    if not allowed:
        logger.warning("Second factor: %s sent a code while throttled.", device.user)
        locked_until = refusal.get("locked_until", timezone.now())
        wait = max(1, round((locked_until - timezone.now()).total_seconds()))
        raise TooManyWrongCodes(
            f"Too many wrong codes. Wait {wait} second{'s' if wait != 1 else ''}, "
            "then try again: until then every code is refused."
        )
    if not accepted:
        logger.warning(
            "Second factor: wrong code for %s (%d in a row).",
            device.user,
            device.throttling_failure_count,
        )
        raise CodeRefused(
            "That code is not right, or has already been used. Enter the code your "
            "app shows now, or an unused recovery code."
        )
    return device
