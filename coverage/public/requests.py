"""The one public page that writes: a reader's correction request.

The form is guarded in layers, each with its own message: Django's CSRF check, a
cap on the request body, a limit per network address and per e-mail address
(throttle.py), a proof-of-work challenge (challenge.py), bounded fields with the
markup stripped. What a reader typed is shown back only to them, on their own
form; the page after it and the private status page show none of it."""

import re

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.html import strip_tags
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coverage import workflow
from coverage.models import Article, CorrectionRequest
from coverage.public import challenge, throttle
from newsroom.replica import reads_primary

MAX_BODY_BYTES = 32 * 1024  # the form's fields at their limits fit in a third
MAX_WORDS = 300
MAX_ARTICLE_CHARS = 1000
MAX_QUOTE_CHARS = 1000
MAX_WRONG_CHARS = 3000
# Control characters other than tab and newlines: never part of prose.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str) -> str:
    """What a reader typed, without markup or control characters, with their
    line breaks but not runs of spaces."""
    text = CONTROL.sub("", strip_tags(value)).replace("\r\n", "\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class PlainTextField(forms.CharField):
    def clean(self, value):
        return super().clean(plain_text(value or ""))


class CorrectionRequestForm(forms.Form):
    article = PlainTextField(
        label="The article",
        max_length=MAX_ARTICLE_CHARS,
        help_text="Its address (starting https://) or its headline.",
        error_messages={
            "required": "Tell us which article: paste its address or its headline.",
            "max_length": "Give the article in at most %(limit_value)d characters "
            "(this has %(show_value)d): its address or headline is enough.",
        },
    )
    quote = PlainTextField(
        label="The words in question",
        max_length=MAX_QUOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Copy the sentence or figure you think is wrong.",
        error_messages={
            "required": "Copy the words you think are wrong.",
            "max_length": "Quote at most %(limit_value)d characters (this has "
            "%(show_value)d): the sentence in question is enough.",
        },
    )
    what_is_wrong = PlainTextField(
        label="What is wrong",
        max_length=MAX_WRONG_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"At most {MAX_WORDS} words.",
        error_messages={
            "required": "Tell us what is wrong with those words.",
            "max_length": "Say what is wrong in at most %(limit_value)d characters "
            "(this has %(show_value)d).",
        },
    )
    supporting_link = forms.URLField(
        label="A supporting link",
        max_length=1000,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A page that shows what is right (starting https://).",
        error_messages={
            "required": "Give a link to a page that supports what you say.",
            "invalid": "Enter a web address starting http:// or https://.",
            "max_length": "The link can have at most %(limit_value)d characters "
            "(this has %(show_value)d).",
        },
    )
    email = forms.EmailField(
        label="Your e-mail address (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an e-mail address like name@example.org."},
    )
    challenge = forms.CharField(
        required=False, max_length=4000, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = (
            "Only to tell you the outcome. We erase it "
            f"{settings.NEWSROOM_REQUEST_EMAIL_RETENTION_DAYS} days after we answer."
        )

    def clean_what_is_wrong(self):
        text = self.cleaned_data["what_is_wrong"]
        words = len(text.split())
        if words > MAX_WORDS:
            raise forms.ValidationError(
                f"Say what is wrong in at most {MAX_WORDS} words (this has {words})."
            )
        return text

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_challenge(self):
        challenge.verify(self.cleaned_data["challenge"])
        return ""


def client_address(request) -> str:
    """The address the request came from. Behind a proxy every reader has the
    proxy's: see README, "Correction requests from readers"."""
    return request.META.get("REMOTE_ADDR", "")


def initial_values(request) -> dict:
    """``?article=<id or address>&quote=...`` from a correction or claim page. An
    id is shown as its headline only when the article is public."""
    given = request.GET.get("article", "")[:MAX_ARTICLE_CHARS]
    if given.isdigit() and len(given) < 19:
        article = Article.objects.public().filter(pk=int(given)).first()
        given = (article.url or article.headline) if article else ""
    return {
        "article": plain_text(given),
        "quote": plain_text(request.GET.get("quote", "")[:MAX_QUOTE_CHARS]),
    }


def body_length(request) -> int:
    """The declared length; one that is not a number counts as too long."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return MAX_BODY_BYTES + 1


def refuse(request, message: str, *, status: int):
    response = render(
        request, "coverage/requests/refused.html", {"message": message}, status=status
    )
    if status == 429:
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request):
    if request.method == "GET":
        form = CorrectionRequestForm(initial=initial_values(request))
        return show_form(request, form)
    if body_length(request) > MAX_BODY_BYTES:
        return refuse(
            request,
            "That was more than the form can take. Shorten what you wrote and "
            "send it again.",
            status=413,
        )
    try:
        throttle.count(
            "address",
            client_address(request),
            limit=settings.NEWSROOM_REQUEST_LIMIT_PER_ADDRESS,
            message="Too many requests have come from your network in the last "
            "hour. Please try again in an hour; what you wrote was not kept.",
        )
        form = CorrectionRequestForm(request.POST)
        if not form.is_valid():
            return show_form(request, form, status=400)
        data = form.cleaned_data
        throttle.count_email(data["email"])
    except throttle.Throttled as limited:
        return refuse(request, str(limited), status=429)
    correction_request = workflow.receive_request(
        article_given=data["article"],
        quote=data["quote"],
        what_is_wrong=data["what_is_wrong"],
        supporting_link=data["supporting_link"],
        email=data["email"],
        client_hash=throttle.keyed_hash("address", client_address(request)),
    )
    return HttpResponseRedirect(correction_request.get_absolute_url() + "?received=1")


def show_form(request, form, *, status: int = 200):
    return render(
        request,
        "coverage/requests/form.html",
        {
            "form": form,
            "challenge": challenge.issue(),
            "contact_email": settings.DEFAULT_FROM_EMAIL,
            "deadline_days": settings.NEWSROOM_REQUEST_DEADLINE_DAYS,
        },
        status=status,
    )


@reads_primary  # the reader comes here straight from the form
@never_cache
@require_http_methods(["GET"])
def request_status(request, token):
    """The reader's private page: the status and the desk's answer, never the
    desk's notes, and nothing the reader typed."""
    correction_request = get_object_or_404(
        CorrectionRequest.objects.select_related("correction"), token=token
    )
    correction = correction_request.correction
    response = render(
        request,
        "coverage/requests/status.html",
        {
            "correction_request": correction_request,
            "just_received": request.GET.get("received") == "1",
            "published_correction": (
                correction if correction and correction.is_published else None
            ),
            "status_url": request.build_absolute_uri(
                correction_request.get_absolute_url()
            ),
        },
    )
    # The address is the reader's key: no other site sees it, no index keeps it.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
