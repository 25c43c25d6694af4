"""Admin forms: the version an editor saw, and the inputs of each workflow move."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from coverage.models import (
    VERDICT_STATUSES,
    Article,
    Claim,
    ClaimStatus,
    Correction,
    CorrectionRequest,
)

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


# A reader's correction request: the inputs of each button on its page.


def optional_note():
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Internal: for the request's timeline, never shown to the reader.",
    )


class TriageRequestForm(forms.Form):
    note = optional_note()


def request_deciders():
    return staff_users().filter(
        pk__in=get_user_model()
        .objects.with_perm(
            "coverage.decide_correctionrequest",
            include_superusers=True,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .values("pk")
    )


class AssignRequestForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=request_deciders(), required=False, empty_label="Nobody (unassign)"
    )
    note = optional_note()


class UpholdRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=Correction.Kind.choices)
    what_was_wrong = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    what_is_right = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    public_explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    article = forms.ModelChoiceField(
        queryset=Article.objects.all(),
        required=False,
        widget=forms.TextInput,
        label="Article id",
        help_text="Only when the request names no known article.",
    )
    note = optional_note()


class DeclineRequestForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The reader is told this, on their page and by e-mail.",
    )
    note = optional_note()


class DuplicateRequestForm(forms.Form):
    original = forms.ModelChoiceField(
        queryset=CorrectionRequest.objects.all(),
        widget=forms.TextInput,
        label="Duplicate of request (id)",
    )
    note = optional_note()


class LinkChangeForm(forms.Form):
    """Link an unacknowledged change to a correction of its article, or leave the
    correction empty to draft one from it."""

    correction = forms.ModelChoiceField(
        queryset=Correction.objects.none(),
        required=False,
        empty_label="Draft a new correction",
    )
    kind = forms.ChoiceField(
        choices=Correction.Kind.choices,
        initial=Correction.Kind.CORRECTION,
        required=False,
        help_text="For a new correction.",
    )
    what_was_wrong = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For a new correction; left empty, it says what changed.",
    )
    what_is_right = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    public_explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For a new correction; left empty, it says what changed.",
    )
    note = optional_note()

    def __init__(self, *args, change, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correction"].queryset = Correction.objects.filter(
            article_id=change.article_id
        ).order_by("-id")

    def clean_kind(self):
        return self.cleaned_data["kind"] or Correction.Kind.CORRECTION


class DismissChangeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why nothing needs correcting: it stays on the record.",
    )

    def __init__(self, *args, change, **kwargs):
        """Every move's form is given the change; dismissing needs nothing of it."""
        super().__init__(*args, **kwargs)


class MatchDecisionForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 1}),
        required=False,
        help_text="Internal: kept on the claim's timeline.",
    )


class PropagateVerdictForm(forms.Form):
    """The claim's version as the editor saw it, and the claims of its group the
    page offered the verdict to (``members``: the group's other claims now)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    claims = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Give it to",
        help_text="The claims of the group without a verdict.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the group's claims share this verdict; kept on each.",
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].choices = [(claim.pk, str(claim)) for claim in members]
