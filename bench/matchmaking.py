"""Matchmaking latency on both stores: p50/p95 of ``match_need`` and ``match_company``.

    python bench/matchmaking.py --companies 100000

Generates a package, ingests it into a fresh embedded store and into a real Neo4j (started
from tools/neo4j-launcher, or NEO4J_URI if set), then times the two questions for a sample of
needs and companies on each store, as of the package's day (2013-06-30), and checks that both
stores gave the same answers. Machines here are noisy: read the ratios, not the absolute
figures.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import base_parser, loaded_stores, percentile  # noqa: E402
from graph import model  # noqa: E402
from graph.store import Store  # noqa: E402
from ingest.generate import TODAY  # noqa: E402
from queries.matchmaking import match_company, match_need  # noqa: E402


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
        f"   p95 {1000 * percentile(seconds, 0.95):8.1f} ms"
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
    parser = base_parser(__doc__)
    parser.add_argument("--samples", type=int, default=40, help="needs and companies timed")
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()

    with loaded_stores(args.companies, args.seed, args.skip_neo4j, "pg-bench-match-") as bench:
        counts = bench.counts
        print(
            f"package: {args.companies:,} companies, {counts['needs.csv']:,} needs, "
            f"{counts['partnerships.csv']:,} partnerships (generated in "
            f"{bench.generated_in:.1f} s)"
        )
        answers: dict[str, list] = {}
        needs: list[str] = []
        companies: list[str] = []
        for loaded in bench.stores():
            print(f"{loaded.name} ingest: {loaded.seconds:.1f} s")
            if not answers:  # sampled on the embedded store, timed on both
                needs, companies = _sample(loaded.store, args.samples)
            answers[loaded.name] = _run(loaded.name, loaded.store, needs, companies, args.limit)
        if "neo4j" in answers:
            same = answers["neo4j"] == answers["embedded"]
            print(f"both stores gave identical answers: {same}")


if __name__ == "__main__":
    main()
