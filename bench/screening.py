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

import datetime as dt
import itertools
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import base_parser, loaded_stores, percentile, timed  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.store import Store  # noqa: E402
from queries import exclusions, screening  # noqa: E402
from queries.screening import screen_company, screening_statuses  # noqa: E402

AS_OF = dt.date(2013, 6, 30)  # the generator's "today"


def _time(calls: list[Callable[[], Any]], repeat: int) -> tuple[list[float], Any]:
    """Time ``repeat`` calls (cycling through ``calls``) after one warm-up call."""
    order = itertools.chain(calls[:1], itertools.cycle(calls))
    samples, _cpu, result = timed(lambda: next(order)(), repeat)
    return samples, result


def _line(name: str, label: str, samples: list[float], base: float, extra: str = "") -> None:
    p50 = statistics.median(samples)
    print(
        f"{name:<9} {label:<40} p50 {p50 * 1000:>9.1f} ms "
        f"p95 {percentile(samples, 0.95) * 1000:>9.1f} ms ({p50 / base:>8.1f}x baseline){extra}"
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
    parser = base_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    with loaded_stores(args.companies, args.seed, args.skip_neo4j, "pg-bench-screening-") as bench:
        counts = bench.counts
        print(
            f"package: {args.companies:,} companies, {counts['screenings.csv']:,} screenings, "
            f"{counts['exclusions.csv']:,} exclusion entries "
            f"(generated in {bench.generated_in:.1f} s)"
        )
        answers: dict[str, dict[str, str]] = {}
        ids: list[str] = []
        for loaded in bench.stores():
            print(f"{loaded.name}: ingested in {loaded.seconds:.1f} s")
            if isinstance(loaded.store, EmbeddedStore):  # sampled there, timed on both
                ids = sorted(loaded.store.nodes("Company"))
                ids = random.Random(args.seed).sample(ids, min(len(ids), max(args.repeat, 100)))
            answers[loaded.name] = _run(loaded.name, loaded.store, ids, args.repeat)
        if "neo4j" in answers:
            expected, got = answers["embedded"], answers["neo4j"]
            same = all(got[k] == expected[k] for k in expected)
            print(f"identical JSON on both stores for every variant: {same}")


if __name__ == "__main__":
    main()
