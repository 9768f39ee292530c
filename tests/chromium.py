"""Debian's Chromium driven by Playwright, with every request off 127.0.0.1 refused.

Playwright cannot download its own browsers here, so the tests launch the system Chromium
(``apt-get install chromium``; ``PARTNERGRAPH_CHROMIUM`` overrides the path) with the flags
that keep it from reaching for Google's services on a closed network. ``Guard`` watches a
page: requests to any other host are aborted and recorded, and failed requests, HTTP errors,
console errors and uncaught exceptions are collected for the test to assert on.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1"}


def chromium_executable() -> str | None:
    """The Chromium binary to drive, or ``None`` when there is none."""
    wanted = os.environ.get("PARTNERGRAPH_CHROMIUM", "/usr/bin/chromium")
    if Path(wanted).is_file() and os.access(wanted, os.X_OK):
        return wanted
    return shutil.which("chromium")


def launch(playwright: Any, executable: str) -> Any:
    """A headless Chromium browser (``playwright.sync_api.Browser``)."""
    return playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_FLAGS
    )


@dataclass
class Guard:
    """What went wrong on a page: the test fails if any list is non-empty (see ``problems``).

    ``allow_status`` lists HTTP statuses a test expects (a 404 page, say) on the page itself.
    """

    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    allow_status: set[int] = field(default_factory=set)

    def attach(self, context: Any, page: Any) -> None:
        context.route("**/*", self._route)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.external.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _request_failed(self, request: Any) -> None:
        if request.url not in self.external:
            self.failed.append(f"{request.url}: {request.failure}")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.status not in self.allow_status:
            self.http_errors.append(f"{response.status} {response.url}")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            text = message.text
            # Chromium reports an expected error status (a 404 page) as a console error too.
            if self.allow_status and "the server responded with a status of" in text:
                return
            self.console_errors.append(f"{text} ({message.location.get('url', '')})")

    def problems(self) -> dict[str, list[str]]:
        found = {
            "requests to other hosts": self.external,
            "failed requests": self.failed,
            "HTTP errors": self.http_errors,
            "console errors": self.console_errors,
            "uncaught exceptions": self.page_errors,
        }
        return {kind: items for kind, items in found.items() if items}
