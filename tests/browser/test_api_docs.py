"""The Swagger UI at /api/docs/ works under the site's strict Content-Security-Policy."""

import pytest

from tests.browser.conftest import DESKTOP
from tests.factories.graduates import public_posting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_api_docs_render_operations_and_try_one_without_csp_violations(new_page):
    public_posting(title="财务会计")
    page = new_page(viewport=DESKTOP)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" or "Content Security" in m.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    response = page.goto("/api/docs/")
    jobs = page.locator('.opblock-summary-path[data-path="/api/v1/jobs/"]')
    jobs.wait_for()

    assert response.status == 200
    assert page.locator(".opblock").count() > 40
    jobs.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tr.response .response-col_status")
    status.wait_for()
    assert status.inner_text() == "200"
    assert "财务会计" in page.locator(".live-responses-table tr.response .response-col_description").inner_text()
    assert problems == []
