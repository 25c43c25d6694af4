"""Second-factor devices in the admin: seen, and removed only through the
workflow (one audit row on the person's account). Nobody adds or edits one here:
a person enrols their own app on the second-factor pages, so no administrator can
set a key that logs in as someone else."""

from django.contrib import admin
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage import workflow
from coverage.second_factor.devices import remove_device


class DeviceRemovalMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return workflow.can_remove_device(request.user, obj)

    def delete_model(self, request, obj):
        remove_device(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            remove_device(device, actor=request.user)

    def log_deletions(self, request, queryset):
        """remove_device wrote the audit row of each."""


class AppDeviceAdmin(DeviceRemovalMixin, TOTPDeviceAdmin):
    pass


class RecoveryCodesAdmin(DeviceRemovalMixin, StaticDeviceAdmin):
    pass


for model, model_admin in [
    (TOTPDevice, AppDeviceAdmin),
    (StaticDevice, RecoveryCodesAdmin),
]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
