"""All four questions on one load: duplication, gaps, matchmaking and screening, both stores.

    python bench/questions.py --companies 100000

The per-question scripts (``bench/duplication.py``, ``bench/gaps.py``,
``bench/matchmaking.py``, ``bench/screening.py``) each generate and ingest their own package,
which at 100,000 companies costs minutes per store before a single query runs. This script
ingests once per store and runs the four scripts' measurements one after the other, with
the same output lines, the same yardsticks and the same identical-JSON checks. Use a smaller
``--repeat`` and ``--samples`` than the single scripts' defaults when time is short; the
figures are p50/p95 of those runs.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import duplication, gaps, matchmaking, screening  # noqa: E402
from bench.common import base_parser, loaded_stores  # noqa: E402
from graph import model  # noqa: E402


def main() -> None:
    parser = base_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per variant")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds of the gaps")
    parser.add_argument("--samples", type=int, default=30, help="needs and companies matched")
    parser.add_argument("--limit", type=int, default=10, help="matches per need or company")
    args = parser.parse_args()

    with loaded_stores(args.companies, args.seed, args.skip_neo4j, "pg-bench-questions-") as bench:
        print(
            f"package: {args.companies:,} companies, {bench.rows:,} rows "
            f"(generated in {bench.generated_in:.1f} s); {args.repeat} runs per variant"
        )
        answers: dict[str, dict[str, Any]] = {}
        variants: dict[str, dict[str, Any]] = {}
        needs: list[str] = []
        companies: list[str] = []
        screened: list[str] = []
        for loaded in bench.stores():
            store = loaded.store
            print(f"\n== {loaded.name}: ingested in {loaded.seconds:.1f} s")
            if not answers:  # everything sampled on the embedded store, timed on both
                variants = duplication._variants(store)
                needs, companies = matchmaking._sample(store, args.samples)
                ids = sorted(n["id"] for n in store.iter_nodes(model.COMPANY))
                screened = random.Random(args.seed).sample(ids, min(len(ids), 100))
            print("-- duplication")
            dup = duplication._run(loaded.name, store, variants, args.repeat)
            print("-- gaps")
            gap = gaps._bench(loaded.name, store, args.repeat, args.warmup)
            print("-- matchmaking")
            match = matchmaking._run(loaded.name, store, needs, companies, args.limit)
            print("-- screening")
            screen = screening._run(loaded.name, store, screened, args.repeat)
            answers[loaded.name] = {
                "duplication": dup,
                "gaps": gap,
                "matchmaking": match,
                "screening": screen,
            }
        if "neo4j" in answers:
            print()
            for question, expected in answers["embedded"].items():
                same = answers["neo4j"][question] == expected
                print(f"{question:<12} identical JSON on both stores: {same}")


if __name__ == "__main__":
    main()
