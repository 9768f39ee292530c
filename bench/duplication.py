"""Latency of the duplication question on both stores, with a trivial call as the yardstick.

    python bench/duplication.py --companies 100000

Generates a package, ingests it into a fresh embedded store and into a real Neo4j (started
from tools/neo4j-launcher, or NEO4J_URI if set), then times ``find_duplication`` with the
default parameters and with filters, ``--repeat`` times each after one warm-up call (which
lets Neo4j plan the query), and prints p50/p95 per variant and store. The baseline is
``store.counts()`` timed the same way in the same run: one node count per label, the least a
store can be asked, so the ratio says how much work the question costs on this machine
whatever its load. It also checks that both stores gave the same JSON.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import base_parser, loaded_stores, percentile, timed  # noqa: E402
from graph.store import Store  # noqa: E402
from queries.duplication import find_duplication  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:>9.1f} ms" if seconds >= 0.001 else f"{seconds * 1e6:>9.1f} µs"


def _variants(store: Store) -> dict[str, dict[str, Any]]:
    """Default parameters, and filters on the most common country, theme and agency."""
    approaches = list(store.iter_nodes("Approach"))
    country = Counter(c for a in approaches for c in a.get("countries", [])).most_common(1)
    theme = Counter(t for a in approaches for t in a.get("themes", [])).most_common(1)
    agency = Counter(a["agency"] for a in approaches).most_common(1)
    variants: dict[str, dict[str, Any]] = {"default": {}}
    if country:
        variants[f"country={country[0][0]}"] = {"country": country[0][0]}
    if theme:
        variants[f"theme={theme[0][0]}"] = {"theme": theme[0][0]}
    if agency:
        variants[f"agency={agency[0][0]}"] = {"agency": agency[0][0]}
    variants["since=2012-01-01, until=2012-12-31"] = {"since": "2012-01-01", "until": "2012-12-31"}
    variants["window_days=3650, min_agencies=3"] = {"window_days": 3650, "min_agencies": 3}
    return variants


def _run(
    name: str, store: Store, variants: dict[str, dict[str, Any]], repeat: int
) -> dict[str, str]:
    base, base_cpu, _ = timed(store.counts, repeat)
    base_p50 = statistics.median(base)
    print(
        f"{name:<9} {'baseline: counts()':<36} p50 {_ms(base_p50)}  "
        f"p95 {_ms(percentile(base, 0.95))}  cpu p50 {_ms(statistics.median(base_cpu))}"
    )
    answers = {}
    for label, params in variants.items():
        wall, cpu, answer = timed(partial(find_duplication, store, **params), repeat)
        p50 = statistics.median(wall)
        print(
            f"{name:<9} {label:<36} p50 {_ms(p50)}  p95 {_ms(percentile(wall, 0.95))}  "
            f"cpu p50 {_ms(statistics.median(cpu))}  "
            f"({p50 / base_p50:,.1f}x baseline; {answer['total']:,} companies)"
        )
        answers[label] = json.dumps(answer, sort_keys=True)
    return answers


def main() -> None:
    parser = base_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    with loaded_stores(args.companies, args.seed, args.skip_neo4j, "pg-bench-dup-") as bench:
        counts = bench.counts
        print(
            f"package: {args.companies:,} companies, {counts['approaches.csv']:,} approaches, "
            f"{counts['partnerships.csv']:,} partnerships (generated in {bench.generated_in:.1f} s)"
        )
        answers: dict[str, dict[str, str]] = {}
        variants: dict[str, dict[str, Any]] = {}
        for loaded in bench.stores():
            print(f"{loaded.name}: ingested in {loaded.seconds:.1f} s")
            variants = variants or _variants(loaded.store)  # the embedded store's
            answers[loaded.name] = _run(loaded.name, loaded.store, variants, args.repeat)
        if "neo4j" in answers:
            same = all(answers["neo4j"][k] == answers["embedded"][k] for k in variants)
            print(f"identical JSON on both stores for every variant: {same}")


if __name__ == "__main__":
    main()
