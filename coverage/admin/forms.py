"""Admin forms: the version an editor saw, and the inputs of each workflow move."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from coverage.models import VERDICT_STATUSES, Claim, ClaimStatus, Correction

STALE_FORM = (
    "This {model} was changed by someone else after you opened it (you saw version "
    "{seen}, it is now version {current}). Reload the page to see their changes; "
    "yours were not saved."
)


class VersionedForm(forms.ModelForm):
    """Carries the version the editor loaded, so a save over someone else's is
    refused. The workflow checks it again inside the UPDATE; this early check only
    keeps the editor's input on the page."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
            self.fields["seen_version"].required = True

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None and seen != self.instance.version:
            raise ValidationError(
                STALE_FORM.format(
                    model=self._meta.model._meta.verbose_name,
                    seen=seen,
                    current=self.instance.version,
                ),
                code="stale",
            )
        return cleaned


class ClaimAdminForm(VersionedForm):
    class Meta:
        model = Claim
        fields = [
            "text",
            "proposition",
            "story",
            "claimant",
            "assignee",
            "internal_notes",
            "verdict_summary",
        ]


class CorrectionAdminForm(VersionedForm):
    class Meta:
        model = Correction
        fields = [
            "article",
            "claim",
            "kind",
            "what_was_wrong",
            "what_is_right",
            "public_explanation",
            "late_note",
        ]


class SeenVersionForm(forms.Form):
    """The hidden version on a claim page's transition buttons."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class StartReviewForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Optional: what you will check first.",
    )


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=[(s.value, s.label) for s in ClaimStatus if s in VERDICT_STATUSES]
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Internal: how the desk reached this verdict.",
    )
    public_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Public: one or two sentences explaining the verdict.",
    )


class ReopenForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the verdict is withdrawn; the old summary is kept in the record.",
    )


def staff_users():
    return get_user_model().objects.filter(is_active=True, is_staff=True)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=staff_users(), required=False, empty_label="Nobody (unassign)"
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
