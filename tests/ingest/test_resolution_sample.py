"""The resolver measured on 435 hand-labelled real pairs (2009 register vs 2017 participants).

The labels (ids only) are ``tests/fixtures/resolution/ungc-2009-2017-pairs.csv``; the names
are read in place from ``../shared/data/real/ungc/`` (skips outside CI when absent, fails
with ``CI=true``). How the pairs were chosen and judged: ``docs/resolution-measured.md``.
"""

from __future__ import annotations

import csv
from collections import Counter

from bench.resolution_real import (
    LABELS,
    PARTICIPANTS,
    REGISTER,
    figures,
    measure,
    read_labels,
    spelling_scope,
)
from tests.real_data import real_data_dir


def test_labels_are_ids_and_labels_only_and_balanced() -> None:
    with LABELS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["org_id_2009", "organization_id_2017", "same", "basis"]
    assert all(r["org_id_2009"].isdigit() and r["organization_id_2017"].isdigit() for r in rows)
    assert {r["same"] for r in rows} == {"0", "1"}
    pairs = [(r["org_id_2009"], r["organization_id_2017"]) for r in rows]
    assert len(set(pairs)) == len(pairs) >= 300
    positives = sum(r["same"] == "1" for r in rows)
    assert positives >= 0.4 * len(rows)
    # hard negatives: look-alike names, the same name abroad, the same join day
    bases = Counter(r["basis"] for r in rows if r["same"] == "0")
    assert bases["lookalike"] + bases["namesake"] + bases["foreign"] >= 100


def test_resolver_precision_and_recall_on_the_labelled_pairs() -> None:
    real = real_data_dir(REGISTER, PARTICIPANTS)
    pairs = measure(real, read_labels())
    labelled = {(p.org_id_2009, p.organization_id_2017) for p in pairs}
    assert len(labelled) == len(pairs) >= 300
    overall = figures(pairs)
    # measured: 435 pairs, 229 positives, TP 198, FP 0 -> precision 1.000 (the issue aims at
    # 0.98; any wrong merge in the sample is a regression)
    assert overall.precision >= 1.0, overall
    # the target, on positives that are one name written differently:
    # measured 156 of 159 -> 0.981 (0.962 before the corroborated merge)
    spelling = figures(spelling_scope(pairs))
    assert spelling.recall >= 0.98, spelling
    # renamed organisations merge when their join date and country corroborate a name
    # overlap; moved ones stay reviews: measured overall recall 0.865 (198 / 229; 0.672
    # before), renamed 0.677 (42 / 62; 0.016 before)
    assert overall.recall >= 0.86, overall
    renamed = figures([p for p in pairs if p.basis == "renamed"])
    assert renamed.recall >= 0.67, renamed
