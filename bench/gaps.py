"""Coordination-gap latency per kind on both stores.

    python bench/gaps.py --companies 100000

Generates a package, ingests it into a fresh embedded store and into a real Neo4j (started
from tools/neo4j-launcher, or NEO4J_URI if set), checks that both stores give the same answer,
then times ``find_gaps`` for each kind, for all kinds at once and for one country, and prints
p50/p95 in milliseconds. Machines here are noisy: read the ratios, not the absolute figures.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import base_parser, loaded_stores, percentile, timed  # noqa: E402
from graph.store import Store  # noqa: E402
from queries.gaps import KINDS, find_gaps  # noqa: E402

AS_OF = dt.date(2013, 6, 1)
VARIANTS: list[tuple[str, dict[str, Any]]] = [
    *((kind, {"kind": kind}) for kind in KINDS),
    ("all kinds", {}),
    ("all kinds, country=BR", {"country": "BR"}),
    ("all kinds, agency=UNICEF", {"agency": "UNICEF"}),
]


def _bench(name: str, store: Store, repeat: int, warmup: int) -> dict[str, str]:
    # Warm every variant first: query plans, caches and (Neo4j) the JVM's compiler, which
    # would otherwise bill the first variants for the warm-up of all of them.
    for _ in range(warmup):
        for _variant, params in VARIANTS:
            find_gaps(store, as_of=AS_OF, **params)
    answers = {}
    for variant, params in VARIANTS:
        samples, _cpu, answer = timed(partial(find_gaps, store, as_of=AS_OF, **params), repeat)
        p50, p95 = 1000 * statistics.median(samples), 1000 * percentile(samples, 0.95)
        counts = ", ".join(f"{k} {n}" for k, n in answer["counts"].items())
        print(f"{name:<9} {variant:<26} p50 {p50:>9.1f} ms  p95 {p95:>9.1f} ms   ({counts})")
        answers[variant] = json.dumps(
            find_gaps(store, as_of=AS_OF, limit=1000, **params), sort_keys=True
        )
    return answers


def main() -> None:
    parser = base_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per variant")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds of all variants")
    args = parser.parse_args()

    with loaded_stores(args.companies, args.seed, args.skip_neo4j, "pg-bench-gaps-") as bench:
        counts = bench.counts
        print(
            f"package: {args.companies:,} companies, {counts.get('partnerships.csv', 0):,} "
            f"partnerships, {counts.get('commitments.csv', 0):,} commitments "
            f"(generated in {bench.generated_in:.1f} s); {args.repeat} runs per variant"
        )
        answers = {
            loaded.name: _bench(loaded.name, loaded.store, args.repeat, args.warmup)
            for loaded in bench.stores()
        }
        if "neo4j" in answers:
            expected, got = answers["embedded"], answers["neo4j"]
            same = [variant for variant in expected if expected[variant] == got[variant]]
            print(f"both stores give identical JSON: {len(same)}/{len(expected)} variants")


if __name__ == "__main__":
    main()
