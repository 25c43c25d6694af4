"""Public, read-only pages: the corrections log, fact checks and story pages."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from coverage.models import Claim, Correction, Story


def home(request):
    return render(request, "coverage/home.html", {})


def correction_list(request):
    return render(request, "coverage/home.html", {})


def correction_list_json(request):
    return JsonResponse({"results": []})


def correction_detail(request, pk):
    get_object_or_404(Correction.objects.published(), pk=pk)
    return render(request, "coverage/home.html", {})


def claim_list(request):
    return render(request, "coverage/home.html", {})


def claim_detail(request, pk):
    get_object_or_404(Claim.objects.published(), pk=pk)
    return render(request, "coverage/home.html", {})


def story_detail(request, slug):
    get_object_or_404(Story, slug=slug)
    return render(request, "coverage/home.html", {})


def robots_txt(request):
    raise Http404


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
