"""Matchmaking latency on both stores: p50/p95 of ``match_need`` and ``match_company``.

    python bench/matchmaking.py --companies 100000

Generates a package, ingests it into a fresh embedded store and into a real Neo4j (started
from tools/neo4j-launcher, or NEO4J_URI if set), then times the two questions for a sample of
needs and companies on each store, as of the package's day (2013-06-30), and checks that both
stores gave the same answers. Machines here are noisy: read the ratios, not the absolute
figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import model  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.store import Store  # noqa: E402
from ingest.generate import TODAY, generate_package  # noqa: E402
from ingest.load import ingest_package  # noqa: E402
from queries.matchmaking import match_company, match_need  # noqa: E402


def _neo4j() -> tuple[Neo4jStore, object | None]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        store = Neo4jStore.connect(
            uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        )
        return store, None
    from tests.neo4j_server import Neo4jServer

    server = Neo4jServer(heap="2g", fast_start=False)
    server.start()
    return Neo4jStore.connect(server.uri, None, None), server  # type: ignore[arg-type]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _time(name: str, call: Callable[[str], dict[str, Any]], ids: list[str]) -> dict[str, str]:
    call(ids[0])  # warm caches (screening lists, query plans)
    seconds = []
    answers = {}
    for node_id in ids:
        start = time.perf_counter()
        answers[node_id] = json.dumps(call(node_id), sort_keys=True)
        seconds.append(time.perf_counter() - start)
    print(
        f"{name:<34} n={len(ids):<4} p50 {1000 * statistics.median(seconds):8.1f} ms"
        f"   p95 {1000 * _percentile(seconds, 0.95):8.1f} ms"
        f"   max {1000 * max(seconds):8.1f} ms"
    )
    return answers


def _sample(store: Store, samples: int) -> tuple[list[str], list[str]]:
    """Open needs, and companies that have partnerships (the ones a hub user looks up)."""
    needs = [
        p["id"]
        for p in store.iter_nodes(model.NEED)
        if p.get("status") == "open" and p.get("deadline", "9999") >= TODAY.isoformat()
    ]
    companies = sorted(
        {cid for p in store.iter_nodes(model.PARTNERSHIP) for cid in p.get("companies", [])}
    )
    step_n = max(1, len(needs) // samples)
    step_c = max(1, len(companies) // samples)
    return needs[::step_n][:samples], companies[::step_c][:samples]


def _run(label: str, store: Store, needs: list[str], companies: list[str], limit: int) -> list:
    by_need = _time(
        f"{label}: match_need",
        lambda n: match_need(store, n, limit=limit, as_of=TODAY),
        needs,
    )
    by_company = _time(
        f"{label}: match_company",
        lambda c: match_company(store, c, limit=limit, as_of=TODAY),
        companies,
    )
    return [by_need, by_company]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--samples", type=int, default=40, help="needs and companies timed")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pg-bench-match-"))
    package = work / f"bench-{args.companies}"
    t = time.perf_counter()
    counts = generate_package(package, companies=args.companies, seed=args.seed)
    print(
        f"package: {args.companies:,} companies, {counts['needs.csv']:,} needs, "
        f"{counts['partnerships.csv']:,} partnerships (generated in "
        f"{time.perf_counter() - t:.1f} s)"
    )
    embedded = EmbeddedStore(work / "embedded")
    t = time.perf_counter()
    ingest_package(embedded, package)
    print(f"embedded ingest: {time.perf_counter() - t:.1f} s")
    needs, companies = _sample(embedded, args.samples)
    answers = _run("embedded", embedded, needs, companies, args.limit)
    if args.skip_neo4j:
        return

    neo4j, server = _neo4j()
    try:
        neo4j.clear()
        neo4j.ensure_schema()
        t = time.perf_counter()
        ingest_package(neo4j, package)
        print(f"neo4j ingest: {time.perf_counter() - t:.1f} s")
        same = _run("neo4j", neo4j, needs, companies, args.limit) == answers
        print(f"both stores gave identical answers: {same}")
    finally:
        neo4j.clear()
        neo4j.close()
        if server is not None:
            server.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
