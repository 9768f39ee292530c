"""The hub's pages in headless Chromium with the demo data: every page loads with nothing
fetched from another host, no failed request and no console error; search finds a company by
a misspelt name and leads to its page; screenshots for a person to look at.

The network views have their own browser tests (tests/viz/test_browser.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.chromium import Guard

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/search?q=water",
    "/companies/C000015",
    "/agencies/UNICEF",
    "/needs/N00002",
    "/countries/BR",
    "/viz/company/C000015",
    "/viz/agency/UNICEF",
    "/viz/country/BR",
    "/viz/duplication",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_clean_and_offline(page: Any, hub_url: str, path: str) -> None:
    response = page.goto(hub_url + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert page.title()
    assert page.locator("header.topbar").count() == 1
    # Every stylesheet and script the page uses came from the app itself.
    urls = page.evaluate(
        """() => [...document.querySelectorAll('script[src], link[href], img[src]')]
                 .map(e => e.src || e.href)"""
    )
    assert urls and all(url.startswith(hub_url) for url in urls), urls
    # The guard (tests/chromium.py) fails the test on anything off 127.0.0.1 or any error.


def test_hub_shows_alerts_gaps_and_counts(page: Any, hub_url: str, screenshot_dir: Path) -> None:
    page.goto(hub_url + "/")
    assert page.locator("#alerts tbody tr").count() > 0
    assert page.locator("#gaps li").count() > 0
    for table in ("#by-agency", "#by-region", "#by-theme"):
        assert page.locator(f"{table} tbody tr").count() > 0
    page.screenshot(path=str(screenshot_dir / "hub.png"), full_page=True)


def test_search_finds_a_misspelt_company_and_opens_its_page(
    page: Any, hub_url: str, screenshot_dir: Path
) -> None:
    page.goto(hub_url + "/")
    page.fill("#hub-search", "voltnix farma")  # Voltanix Pharma, Inc., twice misspelt
    with page.expect_navigation():
        page.press("#hub-search", "Enter")
    assert "/search?q=voltnix+farma" in page.url
    first = page.locator("#companies tbody tr").first.locator("a").first
    assert "Voltanix Pharma" in first.inner_text()
    with page.expect_navigation():
        first.click()
    assert page.url.split("?")[0].endswith("/companies/C000015")
    assert "Voltanix Pharma" in page.locator("h1").inner_text()
    assert page.locator("#screening-status").count() == 1
    page.screenshot(path=str(screenshot_dir / "company.png"), full_page=True)


def test_search_for_nonsense_says_so(page: Any, hub_url: str) -> None:
    page.goto(hub_url + "/search?q=zzqxw+vvkj")
    assert page.locator("#no-results").is_visible()


def test_an_unknown_company_is_a_friendly_404(page: Any, hub_url: str, guard: Guard) -> None:
    guard.allow_status.add(404)
    response = page.goto(hub_url + "/companies/NO-SUCH-COMPANY")
    assert response is not None and response.status == 404
    assert page.locator("header.topbar").count() == 1
    assert "NO-SUCH-COMPANY" in page.content()
