"""How long a network view takes to draw and settle in headless Chromium.

    python bench/viz_settle.py --companies 20000

Generates a package, ingests it into an embedded store, serves the app on 127.0.0.1 and
opens the network views (``/viz/duplication``, ``/viz/agency/{busiest agency}``,
``/viz/country/{busiest country}``) at ``limit=300`` (and a small ``limit=50`` for scale) in
Debian's Chromium driven by Playwright, ``--repeat`` times each in a fresh page. For each it
prints p50/p95 of three figures:

- ``load``: navigation until the page's ``load`` event (HTML, vis-network, the view's data);
- ``settle``: ``window.pgView.settleMs``, the page's own clock from its script start until the
  physics stabilisation is done (physics off, the layout still);
- ``total``: navigation until ``document.body.dataset.settled == "true"``, seen from outside.

The yardstick is a trivial page of the same app (``/health``) loaded the same way in the
same run: read the ratios, the machines are noisy.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from api.app import create_app  # noqa: E402
from bench.common import base_parser, percentile  # noqa: E402
from graph import model  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from ingest.generate import generate_package  # noqa: E402
from ingest.load import ingest_package  # noqa: E402
from partnergraph.config import get_settings  # noqa: E402
from tests.chromium import Guard, chromium_executable, launch  # noqa: E402
from tests.live_server import serve  # noqa: E402


def _open(browser: Any, url: str, wait_settled: bool) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    guard = Guard()
    guard.attach(context, page)
    start = time.perf_counter()
    page.goto(url, wait_until="load", timeout=120_000)
    load = time.perf_counter() - start
    figures: dict[str, Any] = {"load": load}
    if wait_settled:
        page.wait_for_function(
            "document.body.dataset.settled === 'true'", timeout=120_000, polling=10
        )
        figures["total"] = time.perf_counter() - start
        figures["settle"] = page.evaluate("window.pgView.settleMs") / 1000
        figures["nodes"] = page.evaluate("window.pgView.nodes.length")
        figures["edges"] = page.evaluate("window.pgView.edges.length")
    context.close()
    if guard.problems():
        raise SystemExit(f"{url}: {guard.problems()}")
    return figures


def _line(label: str, runs: list[dict[str, Any]], base: float) -> None:
    parts = [f"{label:<44}"]
    for key in ("load", "settle", "total"):
        if key in runs[0]:
            samples = [run[key] for run in runs]
            p50 = statistics.median(samples)
            parts.append(
                f"{key} p50 {p50 * 1000:>7.0f} ms p95 {percentile(samples, 0.95) * 1000:>7.0f} ms"
                f" ({p50 / base:>5.1f}x)"
            )
    if "nodes" in runs[0]:
        parts.append(f"{runs[0]['nodes']} nodes, {runs[0]['edges']} edges")
    print("  ".join(parts))


def main() -> None:
    parser = base_parser(__doc__)
    parser.set_defaults(companies=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    executable = chromium_executable()
    if executable is None:
        raise SystemExit("no Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pg-bench-viz-") as work:
        package = Path(work) / "package"
        generate_package(package, companies=args.companies, seed=args.seed)
        store = EmbeddedStore(Path(work) / "embedded")
        t = time.perf_counter()
        ingest_package(store, package)
        print(f"package: {args.companies:,} companies, ingested in {time.perf_counter() - t:.1f} s")
        agency = Counter(a["agency"] for a in store.iter_nodes(model.APPROACH)).most_common(1)[0][0]
        country = Counter(
            c for p in store.iter_nodes(model.PARTNERSHIP) for c in p.get("countries", [])
        ).most_common(1)[0][0]
        views = {
            "duplication": "/viz/duplication",
            f"agency {agency}": f"/viz/agency/{agency}",
            f"country {country}": f"/viz/country/{country}",
        }
        with serve(create_app(get_settings(), store)) as url, sync_playwright() as playwright:
            browser = launch(playwright, executable)
            print(f"chromium: {browser.version}; {args.repeat} fresh pages per view")
            _open(browser, url + "/health", wait_settled=False)  # warm the browser and app
            base_runs = [_open(browser, url + "/health", False) for _ in range(args.repeat)]
            base = statistics.median(run["load"] for run in base_runs)
            _line("baseline: /health", base_runs, base)
            for label, path in views.items():
                for limit in (50, 300):
                    target = f"{url}{path}?limit={limit}"
                    _open(browser, target, wait_settled=True)  # warm-up: server caches
                    runs = [_open(browser, target, True) for _ in range(args.repeat)]
                    _line(f"{label}, limit={limit}", runs, base)
            browser.close()
        store.close()


if __name__ == "__main__":
    main()
