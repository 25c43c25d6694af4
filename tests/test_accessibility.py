"""axe-core in Chromium over every public page and the admin pages this project
adds: no serious or critical violation anywhere. Lesser ones are printed (run
with ``-s`` or ``-rP`` to see them).

axe runs through Playwright's ``evaluate``, which the DevTools protocol executes
outside the page's Content-Security-Policy, so the pages are checked under their
real ``script-src 'self'`` policy: no ``bypass_csp`` context is needed.

PostgreSQL only, like every live_server test here: see ``test_e2e_desk``.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from coverage.demo import STORY_SLUG, load_demo
from coverage.models import Claim, Correction, Outlet
from coverage.sources import suggested_merges
from tests.browser import log_in
from tests.factories import CorrectionRequestFactory

pytestmark = pytest.mark.browser
live_desk = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BLOCKING = {"serious", "critical"}


@pytest.fixture
def demo():
    """The demo newsroom: every claim and correction state, through the real
    importer and workflow."""
    load_demo()


def check(page, url: str, *, status: int = 200) -> list[str]:
    """Open the page, run axe, print minor findings, return blocking ones."""
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url}: HTTP {response.status}"
    return audit(page, url)


def audit(page, label: str) -> list[str]:
    violations = Axe().run(page).response["violations"]
    found = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        checks = violation["nodes"][0]["any"] or violation["nodes"][0]["all"]
        detail = checks[0]["message"] if checks else violation["help"]
        line = (
            f"{label}: {violation['id']} ({violation['impact']}) {detail} [{targets}]"
        )
        if violation["impact"] in BLOCKING:
            found.append(line)
        else:
            print(line)
    return found


def test_axe_reports_what_it_finds(browser):
    page = browser.new_page()
    page.set_content('<img src="data:,"><select></select>')
    try:
        problems = audit(page, "control")
    finally:
        page.close()
    assert {problem.split(" ")[1] for problem in problems} == {
        "document-title",
        "html-has-lang",
        "image-alt",
        "select-name",
    }


@pytest.mark.postgres
@live_desk
def test_public_pages_have_no_serious_violations(open_page, demo):
    correction = Correction.objects.published().first()
    claim = Claim.objects.published().first()
    outlet = correction.article.outlet
    page = open_page("reader")
    urls = [
        "/",
        "/corrections/",
        f"/corrections/?outlet={outlet.slug}",
        correction.get_absolute_url(),
        "/claims/",
        claim.get_absolute_url(),
        f"/stories/{STORY_SLUG}/",
        "/standards/",
        "/corrections/request/",
        CorrectionRequestFactory().get_absolute_url(),
    ]
    problems = [problem for url in urls for problem in check(page, url)]
    # The filter form showing an error, refused with a 400.
    problems += check(page, "/corrections/?since=not-a-date", status=400)
    assert not problems, "\n".join(problems)
    assert Outlet.objects.filter(slug=outlet.slug).exists()


@pytest.mark.postgres
@live_desk
def test_desk_pages_have_no_serious_violations(open_page, demo):
    in_review = Claim.objects.get(status=Claim.Status.IN_REVIEW)  # with conflicts
    disputed = Claim.objects.filter(status=Claim.Status.DISPUTED).order_by("pk")[0]
    (suggestion,) = suggested_merges()
    submitted = Correction.objects.get(status=Correction.Status.SUBMITTED)
    draft = Correction.objects.get(status=Correction.Status.DRAFT)
    reader_request = CorrectionRequestFactory(article=draft.article)
    page = open_page("standards")
    log_in(page, "standards", "demo-standards")
    urls = [
        "/admin/coverage/correctionrequest/",
        f"/admin/coverage/correctionrequest/{reader_request.pk}/change/",  # buttons
        "/admin/",
        "/admin/coverage/claim/",
        f"/admin/coverage/claim/{in_review.pk}/change/",  # verdict and assign
        f"/admin/coverage/claim/{disputed.pk}/change/",  # reopen
        "/admin/coverage/claim/desk/",
        "/admin/coverage/correction/standards/",  # the dashboard's charts and tables
        "/admin/coverage/notification/",
        "/admin/coverage/webhooksubscription/add/",
        "/admin/coverage/source/merge-suggestions/",
        f"/admin/coverage/source/{suggestion.merge.pk}/merge-into/"
        f"{suggestion.keep.pk}/",
        f"/admin/coverage/correction/{submitted.pk}/change/",  # return, publish
        f"/admin/coverage/correction/{draft.pk}/change/",  # the editable draft
        f"/admin/coverage/correction/add/?article={draft.article_id}",
    ]
    problems = [problem for url in urls for problem in check(page, url)]

    # The bulk action's confirmation page is the answer to a POST from the queue.
    page.goto("/admin/coverage/claim/?status__exact=unreviewed")
    page.locator("#result_list input.action-select").first.check()
    page.locator("select[name=action]").select_option(
        label="Start review: selected claims"
    )
    page.get_by_role("button", name="Go").click()
    page.get_by_role("button", name="Yes, I’m sure").wait_for()
    problems += audit(page, "bulk start review: confirm")

    assert not problems, "\n".join(problems)
