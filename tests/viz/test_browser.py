"""The network pages in headless Chromium (demo data): the ``window.pgView`` contract, a real
click on a node, ``pgView.open``, a filter, and screenshots for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SETTLED = "document.body.dataset.settled === 'true'"


def settle(page: Any, url: str) -> dict[str, Any]:
    page.goto(url)
    page.wait_for_function(SETTLED)
    state: dict[str, Any] = page.evaluate(
        """() => {
            const data = JSON.parse(document.getElementById('view-data').textContent);
            return {
                counts: pgView.counts,
                drawn: {nodes: pgView.nodes.length, edges: pgView.edges.length},
                embedded: {nodes: data.nodes.length, edges: data.edges.length},
                settled: pgView.settled,
                settleMs: pgView.settleMs,
                physics: pgView.network.physics.physicsEnabled,
            };
        }"""
    )
    return state


def test_a_view_draws_its_data_and_settles(page: Any, hub_url: str, screenshot_dir: Path) -> None:
    state = settle(page, hub_url + "/viz/agency/UNICEF")
    assert state["counts"] == state["drawn"] == state["embedded"]
    assert state["counts"]["nodes"] == 263
    assert state["settled"] is True
    assert isinstance(state["settleMs"], int) and state["settleMs"] >= 0
    assert state["physics"] is False
    page.screenshot(path=str(screenshot_dir / "viz-agency-UNICEF.png"))


def test_a_click_on_a_node_opens_its_page(page: Any, hub_url: str) -> None:
    settle(page, hub_url + "/viz/company/C000273")
    # A node that nothing else covers, and where it is on the screen.
    target = page.evaluate(
        """() => {
            const box = document.getElementById('network').getBoundingClientRect();
            for (const node of pgView.nodes.get()) {
                if (node.type !== 'Agency') continue;
                const at = pgView.network.canvasToDOM(pgView.network.getPosition(node.id));
                if (pgView.network.getNodeAt(at) === node.id) {
                    return {id: node.id, url: node.url, x: box.left + at.x, y: box.top + at.y};
                }
            }
            return null;
        }"""
    )
    assert target is not None
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url("**" + target["url"])
    assert page.url.endswith(target["url"])


def test_open_does_what_a_click_does(page: Any, hub_url: str) -> None:
    settle(page, hub_url + "/viz/country/PH")
    assert page.evaluate("pgView.open('Country:PH')") is True
    page.wait_for_url("**/countries/PH")


def test_a_filter_changes_what_is_shown(page: Any, hub_url: str, screenshot_dir: Path) -> None:
    before = settle(page, hub_url + "/viz/duplication")
    page.screenshot(path=str(screenshot_dir / "viz-duplication.png"))
    with page.expect_navigation():
        page.select_option("#filter-theme", "water")
    page.wait_for_function(SETTLED)
    after = page.evaluate("pgView.counts")
    assert "theme=water" in page.url
    assert 0 < after["nodes"] < before["counts"]["nodes"]
    assert page.eval_on_selector("#filter-theme", "el => el.value") == "water"
