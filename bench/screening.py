"""Latency of the screening question on both stores, with a trivial call as the yardstick.

    python bench/screening.py --companies 100000

Generates a package, ingests it into a fresh embedded store and into a real Neo4j (started
from tools/neo4j-launcher, or NEO4J_URI if set), then times, per store:

- ``screen_company`` for one company (a different company each call);
- ``screening_statuses`` for 100 companies, and for every company: first *cold* (the
  name index of the entries in force is built and every name is matched: what the first
  call after a restart or a list change costs), then warm (names already matched against
  the same entries are looked up), ``--repeat`` times after one warm-up call.

It prints p50/p95 per variant and store. The baseline is ``store.counts()`` timed the same
way in the same run (one node count per label), so the ratio says how much work a question
costs on this machine whatever its load. It also checks that both stores gave the same JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.embedded import EmbeddedStore  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.store import Store  # noqa: E402
from ingest.generate import generate_package  # noqa: E402
from ingest.load import ingest_package  # noqa: E402
from queries import exclusions, screening  # noqa: E402
from queries.screening import screen_company, screening_statuses  # noqa: E402

AS_OF = dt.date(2013, 6, 30)  # the generator's "today"


def _neo4j() -> tuple[Neo4jStore, object | None]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        store = Neo4jStore.connect(
            uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        )
        return store, None
    sys.path.insert(0, str(ROOT / "tests"))
    from tests.neo4j_server import Neo4jServer

    server = Neo4jServer(heap="2g", fast_start=False)
    uri = server.start()
    return Neo4jStore.connect(uri, None, None), server


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(calls: list[Callable[[], Any]], repeat: int) -> tuple[list[float], Any]:
    """Time ``repeat`` calls (cycling through ``calls``) after one warm-up call."""
    result = calls[0]()
    samples = []
    for k in range(repeat):
        t = time.perf_counter()
        result = calls[k % len(calls)]()
        samples.append(time.perf_counter() - t)
    return samples, result


def _line(name: str, label: str, samples: list[float], base: float, extra: str = "") -> None:
    p50 = statistics.median(samples)
    print(
        f"{name:<9} {label:<40} p50 {p50 * 1000:>9.1f} ms "
        f"p95 {_percentile(samples, 0.95) * 1000:>9.1f} ms ({p50 / base:>8.1f}x baseline){extra}"
    )


def _cold() -> None:
    """Forget every index and matched name, as after a restart."""
    screening._matcher.cache_clear()
    exclusions.prepare.cache_clear()


def _run(name: str, store: Store, ids: list[str], repeat: int) -> dict[str, str]:
    base_samples, _ = _time([store.counts], repeat)
    base = statistics.median(base_samples)
    _line(name, "baseline: counts()", base_samples, base)
    answers: dict[str, str] = {}

    singles: list[Callable[[], Any]] = [
        partial(screen_company, store, cid, as_of=AS_OF) for cid in ids
    ]
    samples, _ = _time(singles, repeat)
    _line(name, "screen_company (one company)", samples, base)
    answers["single"] = json.dumps([call() for call in singles[:50]], sort_keys=True)

    some = ids[:100]
    samples, answer = _time(
        [lambda: screening_statuses(store, as_of=AS_OF, company_ids=some)], repeat
    )
    _line(name, f"screening_statuses ({len(some)} ids)", samples, base)
    answers["some"] = json.dumps(answer, sort_keys=True)

    _cold()
    t = time.perf_counter()
    everything = screening_statuses(store, as_of=AS_OF)
    cold = time.perf_counter() - t
    _line(name, "screening_statuses (all, cold)", [cold], base)
    samples, everything = _time(
        [lambda: screening_statuses(store, as_of=AS_OF)], max(3, repeat // 4)
    )
    counts = Counter(s["status"] for s in everything.values())
    _line(name, "screening_statuses (all, warm)", samples, base, f" {dict(sorted(counts.items()))}")
    answers["all"] = json.dumps(everything, sort_keys=True)
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pg-bench-screening-"))
    package = work / f"bench-{args.companies}"
    t = time.perf_counter()
    counts = generate_package(package, companies=args.companies, seed=args.seed)
    took = time.perf_counter() - t
    print(
        f"package: {args.companies:,} companies, {counts['screenings.csv']:,} screenings, "
        f"{counts['exclusions.csv']:,} exclusion entries (generated in {took:.1f} s)"
    )

    embedded = EmbeddedStore(work / "embedded")
    t = time.perf_counter()
    ingest_package(embedded, package)
    print(f"embedded: ingested in {time.perf_counter() - t:.1f} s")
    ids = sorted(embedded.nodes("Company"))
    ids = random.Random(args.seed).sample(ids, min(len(ids), max(args.repeat, 100)))
    embedded_answers = _run("embedded", embedded, ids, args.repeat)
    if args.skip_neo4j:
        return

    neo4j, server = _neo4j()
    try:
        neo4j.clear()
        neo4j.ensure_schema()
        t = time.perf_counter()
        ingest_package(neo4j, package)
        print(f"neo4j: ingested in {time.perf_counter() - t:.1f} s")
        neo4j_answers = _run("neo4j", neo4j, ids, args.repeat)
        same = all(neo4j_answers[k] == embedded_answers[k] for k in embedded_answers)
        print(f"identical JSON on both stores for every variant: {same}")
    finally:
        neo4j.clear()
        neo4j.close()
        if server is not None:
            server.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
