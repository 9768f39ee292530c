"""Browser fixtures: the hub served with the demo data, and a guarded headless Chromium.

    def test_x(page, hub_url): page.goto(hub_url + "/")

``page`` fails its test at teardown if the page asked another host than 127.0.0.1 for
anything, if a request failed or answered 4xx/5xx, or if the console shows an error (see
``tests/chromium.py``); ``guard`` is the same page's record, for tests that expect an error
status. Without Chromium the tests are skipped, or fail with ``CI=true``. Screenshots go to
``test-artifacts/screenshots/`` (``screenshot_dir``), which the README names.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from api.app import create_app
from graph.embedded import EmbeddedStore
from ingest.load import ingest_package
from partnergraph.cli import DEMO_DIR
from partnergraph.config import get_settings
from tests.chromium import Guard, chromium_executable, launch
from tests.live_server import serve
from tests.real_data import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def _unavailable(reason: str) -> NoReturn:
    skip_or_fail(f"browser tests need Chromium: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_executable()
    if executable is None:
        wanted = os.environ.get("PARTNERGRAPH_CHROMIUM", "/usr/bin/chromium")
        _unavailable(f"no {wanted} (apt-get install chromium) and no chromium on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"the playwright package is missing ({exc}); pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        try:
            chromium = launch(playwright, str(executable))
        except Exception as exc:  # the launch error names the cause (missing libraries...)
            _unavailable(f"{executable} did not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def hub_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on 127.0.0.1 (a free port) with the bundled demo package loaded."""
    store = EmbeddedStore(tmp_path_factory.mktemp("hub") / "embedded")
    ingest_package(store, DEMO_DIR)
    try:
        with serve(create_app(get_settings(), store)) as url:
            yield url
    finally:
        store.close()


@pytest.fixture
def guard() -> Guard:
    return Guard()


@pytest.fixture
def page(browser: Any, guard: Guard) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    guard.attach(context, page)
    yield page
    context.close()
    problems = guard.problems()
    if problems:
        pytest.fail(f"the page went wrong: {problems}")


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
