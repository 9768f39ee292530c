"""The whole real public data set imported into each store, and the four questions asked of it.

    python bench/real_data.py            # both stores (Neo4j from tools/neo4j-launcher)
    python bench/real_data.py --skip-neo4j

Imports, from ``../shared/data/real`` (read in place), every format in the order of
``ingest.importers.run.REAL_SET_ORDER``, plus six hand-written open needs
(``tests/fixtures/packages/real-needs``) so that matchmaking has something to rank real
companies for, into a fresh embedded store and then into a real Neo4j, printing per import
what was read, created, merged, left unplaced or rejected, and how long it took. Then it asks
each store the four questions and prints what a coordinator would see, and re-measures the
screening on the imported lists: how many of the 6,748 real 2017 Global Compact organisations
are flagged (false alarms), and how many deliberately misspelt listed names are still caught
(the misspellings of ``bench/screening_real.py``). Last, whether both stores gave the same
answers and the same canonical export.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import start_neo4j  # noqa: E402
from bench.screening_real import catch_rate, sample_entries  # noqa: E402
from graph import model  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.store import Store, canonical_json  # noqa: E402
from ingest.importers.run import ImportReport, import_real_set  # noqa: E402
from ingest.load import ingest_package  # noqa: E402
from queries.duplication import find_duplication  # noqa: E402
from queries.exclusions import ExclusionMatcher  # noqa: E402
from queries.gaps import find_gaps  # noqa: E402
from queries.matchmaking import match_need  # noqa: E402
from queries.screening import exclusion_entry, screening_statuses  # noqa: E402

REAL = ROOT.parent / "shared" / "data" / "real"
NEEDS = ROOT / "tests" / "fixtures" / "packages" / "real-needs"
AS_OF = dt.date(2026, 11, 27)  # fixed, so that runs on other days compare


def _import(store: Store) -> tuple[list[ImportReport], float]:
    t = time.perf_counter()
    reports = import_real_set(store, REAL)
    ingest_package(store, NEEDS)
    seconds = time.perf_counter() - t
    for r in reports:
        d = r.as_dict()
        created = sum(n for label, n in r.created.items() if label != model.INGEST_RUN)
        print(
            f"  {r.format:<22} read {json.dumps(r.read)}\n"
            f"  {'':<22} created {created:,} nodes {json.dumps(r.created)}; merged "
            f"{r.merged_total:,} {json.dumps(r.merged)}; unplaced {len(r.unplaced):,}; "
            f"rejected {len(r.rejected):,}; {d['duration_s']:.1f} s"
        )
    print(f"  whole real set + 6 needs: {seconds:.1f} s; graph: {json.dumps(store.counts())}")
    return reports, seconds


def _questions(store: Store) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    t = time.perf_counter()
    dup = find_duplication(store, window_days=365)
    answers["duplication"] = dup
    print(f"  duplication: {dup['total']} companies ({time.perf_counter() - t:.1f} s)")
    for item in dup["items"][:3]:
        print(
            f"    {item['company']['name']} ({item['company']['id']}): "
            f"{', '.join(item['agencies'])}; {', '.join(item['reasons'])}; score {item['score']}"
        )
    t = time.perf_counter()
    gaps = find_gaps(store, as_of=AS_OF, limit=1000)
    answers["gaps"] = gaps
    print(f"  gaps: {json.dumps(gaps['counts'])} ({time.perf_counter() - t:.1f} s)")
    seen: set[str] = set()
    for item in gaps["items"]:
        if item["kind"] not in seen:
            seen.add(item["kind"])
            print(f"    [{item['kind']}] {item['detail']}")
    answers["matches"] = {}
    t = time.perf_counter()
    for need in sorted(p["id"] for p in store.iter_nodes(model.NEED)):
        found = match_need(store, need, limit=5, as_of=AS_OF)
        answers["matches"][need] = found
        top = "; ".join(
            f"{i['company']['name']} ({i['company'].get('country')}, {i['score']})"
            for i in found["items"][:3]
        )
        print(f"    {need} {found['need']['title'][:48]}: {top}")
    print(f"  matchmaking: 6 needs ({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    statuses = screening_statuses(store, as_of=AS_OF)
    answers["screening"] = statuses
    counts = Counter(s["status"] for s in statuses.values())
    print(f"  screening: {dict(sorted(counts.items()))} ({time.perf_counter() - t:.1f} s)")
    return answers


def _screening_on_reality(store: Store, statuses: dict[str, Any]) -> None:
    # (a) false alarms: the real 2017 participants flagged by the imported lists
    participants = [c for c in store.iter_nodes(model.COMPANY) if c.get("gc_cop_record")]
    flagged: Counter[str] = Counter()
    for company in participants:
        codes = statuses[company["id"]]["codes"]
        if "EXCLUSION_MATCH" in codes:
            flagged["match"] += 1
            print(f"    false alarm? {company['name']} ({company.get('country')})")
        elif "EXCLUSION_POSSIBLE_MATCH" in codes:
            flagged["possible"] += 1
    print(
        f"  (a) {len(participants):,} Global Compact 2017 organisations: "
        f"{flagged['match']} EXCLUSION_MATCH, {flagged['possible']} EXCLUSION_POSSIBLE_MATCH"
    )
    # (b) misspelt listed names against the imported entries in force
    imported = (exclusion_entry(p) for p in store.iter_nodes(model.EXCLUSION))
    entries = [e for e in imported if e.in_force(str(AS_OF))]
    matcher = ExclusionMatcher(entries)
    sample = sample_entries(entries, 200)
    c = catch_rate(matcher, sample)
    print(
        f"  (b) {len(entries):,} imported entries in force; {len(sample)} misspelt "
        f"{c.variants} ways: caught as match {c.matched / c.variants:.1%}, at least possible "
        f"{c.at_least_possible / c.variants:.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()
    if not REAL.is_dir():
        sys.exit(f"real data not found at {REAL}")
    results: dict[str, dict[str, Any]] = {}
    exports: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="pg-bench-real-") as work:
        print("== embedded")
        embedded = EmbeddedStore(Path(work) / "embedded")
        _import(embedded)
        results["embedded"] = _questions(embedded)
        _screening_on_reality(embedded, results["embedded"]["screening"])
        exports["embedded"] = canonical_json(embedded.export())
        embedded.close()
    if not args.skip_neo4j:
        print("== neo4j")
        neo4j, server = start_neo4j()
        try:
            neo4j.clear()
            neo4j.ensure_schema()
            _import(neo4j)
            results["neo4j"] = _questions(neo4j)
            _screening_on_reality(neo4j, results["neo4j"]["screening"])
            exports["neo4j"] = canonical_json(neo4j.export())
            neo4j.clear()
        finally:
            neo4j.close()
            if server is not None:
                server.stop()
        for question in results["embedded"]:
            same = json.dumps(results["neo4j"][question], sort_keys=True) == json.dumps(
                results["embedded"][question], sort_keys=True
            )
            print(f"{question:<12} identical on both stores: {same}")
        print(
            f"canonical export identical on both stores: {exports['neo4j'] == exports['embedded']}"
        )


if __name__ == "__main__":
    main()
