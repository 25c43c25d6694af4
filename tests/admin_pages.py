"""The admin as a browser sees it: every page of every registered model, found
from the admin site (so a new model or admin view is covered by itself), a sample
row for each, and what the browser posts back from a change page."""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from tests import factories

ADMIN_MODELS = sorted(
    (model for model in apps.get_models() if admin.site.is_registered(model)),
    key=lambda model: model._meta.label_lower,
)
# The permission each standard admin page needs, as Django's ModelAdmin checks it.
PAGE_PERMISSIONS = {
    "changelist": {"view", "change"},
    "add": {"add"},
    "change": {"view", "change"},
    "history": {"view", "change"},
    "delete": {"delete"},
}


def admin_url_name(model, page: str) -> str:
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"


def extra_admin_views(model) -> list[tuple[str, set[str]]]:
    """Views a ModelAdmin adds in get_urls(): (URL name, route parameters)."""
    standard = {admin_url_name(model, page) for page in PAGE_PERMISSIONS}
    model_admin = admin.site.get_model_admin(model)
    return [
        (f"admin:{pattern.name}", set(pattern.pattern.converters))
        for pattern in model_admin.get_urls()
        if pattern.name and f"admin:{pattern.name}" not in standard
    ]


def user_sample():
    return factories.UserFactory(username="sample-user")


def access_sample(model_name: str):
    def make():
        model = apps.get_model("axes", model_name)
        fields = {
            "username": "someone",
            "ip_address": "192.0.2.1",
            "user_agent": "test",
            "http_accept": "*/*",
            "path_info": "/admin/login/",
        }
        if model_name == "AccessAttempt":
            fields |= {"get_data": "", "post_data": "", "failures_since_start": 1}
        return model.objects.create(**fields)

    return make


# One object per registered model, for its change, history and delete pages.
# Coverage models use their factory; every other registered model is listed.
OTHER_SAMPLES: dict[str, Callable] = {
    "auth.user": user_sample,
    "auth.group": lambda: Group.objects.get(name="Reporter"),
    "axes.accessattempt": access_sample("AccessAttempt"),
    "axes.accesslog": access_sample("AccessLog"),
    "axes.accessfailurelog": access_sample("AccessFailureLog"),
}


def sample_of(model):
    label = model._meta.label_lower
    if label in OTHER_SAMPLES:
        return OTHER_SAMPLES[label]()
    return getattr(factories, f"{model.__name__}Factory")()


def admin_pages():
    """(model label, page) for every standard page of every registered model."""
    return [
        pytest.param(model, page, id=f"{model._meta.label_lower}-{page}")
        for model in ADMIN_MODELS
        for page in PAGE_PERMISSIONS
    ]


def admin_url(model, page: str, obj) -> str:
    if page in {"changelist", "add"}:
        return reverse(admin_url_name(model, page))
    return reverse(admin_url_name(model, page), args=[obj.pk])


def extra_views():
    return [
        pytest.param(model, name, params, id=name.removeprefix("admin:"))
        for model in ADMIN_MODELS
        for name, params in extra_admin_views(model)
    ]


def extra_view_url(model, name: str, params: set[str]) -> str:
    """An extra view's address, on a sample row where it takes one."""
    kwargs = dict.fromkeys(params, "1")
    if "object_id" in kwargs:
        kwargs["object_id"] = sample_of(model).pk
    return reverse(name, kwargs=kwargs)


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def form_data(response, **changes) -> dict:
    """What the browser would post back from an admin change page, with edits:
    the form's values, each inline's management form and its rows as shown."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value not in (None, False):
                    data[row.add_prefix(name)] = value
    return {**data, **changes}


def propagation_data(client, claim) -> dict:
    """What the claim page's "give the verdict to the group" form posts as drawn
    for ``client``'s user (every claim offered still ticked), without the note."""
    form = client.get(change_url(claim)).context["propagate_form"]
    return {"version": form["version"].value(), "claims": form["claims"].value()}
