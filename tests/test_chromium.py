"""The browser harness itself: Chromium starts, the app is served, other hosts are refused."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chromium import Guard

pytestmark = pytest.mark.browser


def _guarded_page(browser: Any, hub_url: str) -> tuple[Any, Any, Guard]:
    """A new context and page on the app's /health, watched by a guard of its own."""
    context = browser.new_context()
    page = context.new_page()
    guard = Guard()
    guard.attach(context, page)
    page.goto(hub_url + "/health")
    return context, page, guard


def test_a_page_of_the_app_loads_clean(page: Any, hub_url: str) -> None:
    page.goto(hub_url + "/health")
    assert '"status":"ok"' in page.content().replace(" ", "")


def test_requests_to_other_hosts_are_refused_and_recorded(browser: Any, hub_url: str) -> None:
    context, page, guard = _guarded_page(browser, hub_url)
    page.set_content('<img src="https://cdn.example.org/x.png"><p>hello</p>')
    page.wait_for_load_state("load")
    context.close()
    assert guard.external == ["https://cdn.example.org/x.png"]
    assert "requests to other hosts" in guard.problems()


def test_console_errors_and_http_errors_are_recorded(browser: Any, hub_url: str) -> None:
    context, page, guard = _guarded_page(browser, hub_url)
    page.evaluate("console.error('boom')")
    page.goto(hub_url + "/api/companies/no-such-company")
    context.close()
    assert any("boom" in line for line in guard.console_errors)
    assert any(line.startswith("404 ") for line in guard.http_errors)
