"""The bench's reference page: the corrections log as a typical Django developer
would first write it, a ``ListView`` with a template over the same rows.

Served only by the bench (``bench.settings`` routes /reference/corrections/ here,
in front of the site's own addresses), so its rate is measured in the same run as
the real log's: the log's design must beat it by the README's factor.
"""

from django.urls import include, path
from django.views.generic import ListView

from coverage.models import Correction


class ReferenceCorrectionList(ListView):
    queryset = (
        Correction.objects.published()
        .select_related(
            "article__outlet", "article__story", "supersedes", "superseded_by"
        )
        .order_by("-published_at", "-id")
    )
    paginate_by = 25
    template_name = "bench/reference_correction_list.html"


urlpatterns = [
    path("reference/corrections/", ReferenceCorrectionList.as_view()),
    path("", include("newsroom.urls")),
]
