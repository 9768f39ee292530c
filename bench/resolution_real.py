"""Precision and recall of the company resolver on labelled real pairs (issue 5).

    python bench/resolution_real.py [--errors 40] [--sample 30] [--seed 2017]

``tests/fixtures/resolution/ungc-2009-2017-pairs.csv`` holds pairs (2009 register ``org_id``,
2017 participants ``organization_id``) judged by hand as the same organisation or not, from
evidence beyond the names (join date, country, sector, type; see
``docs/resolution-measured.md``). Only ids and labels are committed; the names are read in
place from ``../shared/data/real/ungc/`` (never copied into the repository).

The resolver runs as an import of the two files does: every register organisation (but the
``GC Networks`` and ``Mailing List`` entries, which the importer leaves out) is resolved and
indexed first, without ``gc_id`` (another id space) or website (the importer keeps it aside),
then every 2017 organisation in id order with its ``gc_id``; both carry their join date
(``joined_on``, which the importers put in ``gc_joined``). A pair is *merged* when both end
as one company, *reviewed* when the 2017 record got a review candidate for the register's
company, else *apart*. Prints the figures without join dates (the resolver before the
corroborated merge), then with them overall, for the positives whose names are the same
name written differently (``same-name``, ``spelling``, ``rejoined``: the issue's "slightly
different spellings") and per basis, every error with the names, and, on the full files,
how many corroborated merges the join dates bring, with a seeded sample of them to check by
eye.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.countries import to_iso2  # noqa: E402
from ingest.resolve import CompanyRecord, CompanyResolver, Match  # noqa: E402

REAL = ROOT.parent / "shared" / "data" / "real"
LABELS = ROOT / "tests" / "fixtures" / "resolution" / "ungc-2009-2017-pairs.csv"
REGISTER = Path("ungc") / "organizations-2009.csv"
PARTICIPANTS = Path("ungc") / "participants-cop-2017.csv"
COUNTRIES = Path("ungc") / "countries-2009.csv"

NOT_PARTICIPANTS = frozenset({"GC Networks", "Mailing List"})
"""Register entries the importer does not turn into companies."""

SPELLING_BASES = frozenset({"same-name", "spelling", "rejoined"})
"""Positives whose two names are one name written differently (the recall target's scope)."""

Rows = dict[str, dict[str, str]]
"""Rows of a source file by organisation id."""

# Register codes that are not ISO 3166 and whose English name pycountry does not know.
_REGISTER_CODES = {"TP": "TL"}


@dataclass(frozen=True)
class Pair:
    """One labelled pair and what the resolver made of it."""

    org_id_2009: str
    organization_id_2017: str
    same: bool
    basis: str
    outcome: str  # "merge" | "review" | "apart"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_labels(path: Path = LABELS) -> list[tuple[str, str, bool, str]]:
    """(org_id_2009, organization_id_2017, same, basis) per labelled pair."""
    return [
        (r["org_id_2009"], r["organization_id_2017"], r["same"] == "1", r["basis"])
        for r in _rows(path)
    ]


def _register_countries(real: Path) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Register code -> ISO2 (it writes SW for Sweden, SE for Serbia), name -> ISO2."""
    by_code: dict[str, str | None] = {}
    by_name: dict[str, str | None] = {}
    for row in _rows(real / COUNTRIES):
        code = row["country_id"]
        iso = to_iso2(row["country_name"]) or _REGISTER_CODES.get(code) or to_iso2(code)
        by_code[code] = iso
        by_name[row["country_name"].lower()] = iso
    return by_code, by_name


def read_sources(real: Path) -> tuple[Rows, Rows]:
    """Register organisations and 2017 organisations (first row of each), by id, with
    ``iso`` (the country as ISO2) added."""
    by_code, by_name = _register_countries(real)
    register: Rows = {}
    for row in _rows(real / REGISTER):
        row["iso"] = by_code.get(row["country_iso2"]) or ""
        register[row["org_id"]] = row
    participants: Rows = {}
    for row in _rows(real / PARTICIPANTS):
        if row["organization_id"] not in participants:
            row["iso"] = to_iso2(row["country"]) or by_name.get(row["country"].lower()) or ""
            participants[row["organization_id"]] = row
    return register, participants


@dataclass
class ImportRun:
    """Both files resolved in import order."""

    resolver: CompanyResolver
    company: dict[str, str]  # 2017 organization_id -> its company
    reviewed: dict[str, set[str]]  # 2017 organization_id -> companies it was reviewed with
    merges: list[tuple[str, Match]] = field(default_factory=list)  # (record id, match)
    register_ids: list[str] = field(default_factory=list)  # register org_ids resolved


def run_import(real: Path, *, join_dates: bool = True) -> ImportRun:
    """Every register organisation, then every 2017 organisation, resolved and indexed as
    the importers do; ``join_dates=False`` leaves the records' ``joined`` empty (the resolver
    before the corroborated merge)."""
    register, participants = read_sources(real)
    run = ImportRun(CompanyResolver(), {}, {})
    for org_id in sorted(register, key=int):
        row = register[org_id]
        if row["organization_type"] in NOT_PARTICIPANTS:
            continue
        record = CompanyRecord(
            f"gc2009-{org_id}",
            row["name"],
            country=row["iso"] or None,
            joined=(row["joined_on"] or None) if join_dates else None,
        )
        run.register_ids.append(org_id)
        match, _ = run.resolver.resolve(record)
        if match:
            run.merges.append((record.id, match))
        run.resolver.add(match.company_id if match else record.id, record)
    for org_id in sorted(participants, key=int):
        row = participants[org_id]
        record = CompanyRecord(
            f"gc-{org_id}",
            row["participant_name"],
            country=row["iso"] or None,
            gc_id=org_id,
            joined=(row["joined_on"] or None) if join_dates else None,
        )
        match, reviews = run.resolver.resolve(record)
        if match:
            run.merges.append((record.id, match))
        run.company[org_id] = match.company_id if match else record.id
        run.reviewed[org_id] = {c.other_id for c in reviews}
        run.resolver.add(run.company[org_id], record)
    return run


def outcomes(run: ImportRun, labels: list[tuple[str, str, bool, str]]) -> list[Pair]:
    """What an import run made of every labelled pair."""
    pairs = []
    for old, new, same, basis in labels:
        old_company = run.resolver.canonical_id(f"gc2009-{old}")
        if old_company is not None and old_company == run.company[new]:
            outcome = "merge"
        elif old_company is not None and old_company in run.reviewed[new]:
            outcome = "review"
        else:
            outcome = "apart"
        pairs.append(Pair(old, new, same, basis, outcome))
    return pairs


def measure(
    real: Path, labels: list[tuple[str, str, bool, str]], *, join_dates: bool = True
) -> list[Pair]:
    """Import-order resolution of both files; the outcome of every labelled pair."""
    return outcomes(run_import(real, join_dates=join_dates), labels)


def merged_pairs(run: ImportRun) -> set[tuple[str, str]]:
    """Every (register org_id, 2017 organization_id) that ended as one company."""
    register_ids: dict[str, list[str]] = {}
    for org_id in run.register_ids:
        company = run.resolver.canonical_id(f"gc2009-{org_id}")
        if company is not None:
            register_ids.setdefault(company, []).append(org_id)
    return {
        (old, new) for new, company in run.company.items() for old in register_ids.get(company, [])
    }


@dataclass(frozen=True)
class Figures:
    """Confusion counts of a set of pairs (a merge is a positive prediction)."""

    pairs: int
    positives: int
    tp: int
    fp: int
    fn: int
    tn: int
    reviews: int  # pairs left to review (not merges)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.positives if self.positives else 1.0


def figures(pairs: list[Pair]) -> Figures:
    """Counts over `pairs`."""
    merged = [p.outcome == "merge" for p in pairs]
    return Figures(
        pairs=len(pairs),
        positives=sum(p.same for p in pairs),
        tp=sum(m and p.same for m, p in zip(merged, pairs, strict=True)),
        fp=sum(m and not p.same for m, p in zip(merged, pairs, strict=True)),
        fn=sum(not m and p.same for m, p in zip(merged, pairs, strict=True)),
        tn=sum(not m and not p.same for m, p in zip(merged, pairs, strict=True)),
        reviews=sum(p.outcome == "review" for p in pairs),
    )


def spelling_scope(pairs: list[Pair]) -> list[Pair]:
    """All negatives, and the positives whose names are one name written differently."""
    return [p for p in pairs if not p.same or p.basis in SPELLING_BASES]


def _line(title: str, f: Figures) -> str:
    return (
        f"{title:<28} pairs {f.pairs:>4}  positives {f.positives:>4}  TP {f.tp:>4}  FP {f.fp:>3}"
        f"  FN {f.fn:>3}  TN {f.tn:>4}  precision {f.precision:.3f}  recall {f.recall:.3f}"
        f"  reviews {f.reviews:>3}"
    )


def _describe(record_id: str, register: Rows, participants: Rows) -> str:
    """A record as "2009 'Name' (CC, joined)" from its importer id."""
    if record_id.startswith("gc2009-"):
        row = register[record_id.removeprefix("gc2009-")]
        return f"2009 {row['name']!r} ({row['iso']}, {row['joined_on'] or '-'})"
    row = participants[record_id.removeprefix("gc-")]
    return f"2017 {row['participant_name']!r} ({row['iso']}, {row['joined_on'] or '-'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", type=int, default=100, help="errors to list (default 100)")
    parser.add_argument(
        "--sample", type=int, default=30, help="corroborated merges to list (default 30)"
    )
    parser.add_argument("--seed", type=int, default=2017, help="seed of that sample")
    args = parser.parse_args()
    if not (REAL / REGISTER).exists() or not (REAL / PARTICIPANTS).exists():
        sys.exit(f"real data not found under {REAL}")
    labels = read_labels()
    started = time.perf_counter()
    run = run_import(REAL)
    elapsed = time.perf_counter() - started
    before = run_import(REAL, join_dates=False)
    pairs = outcomes(run, labels)
    print(f"{LABELS.relative_to(ROOT)}: resolved both files in {elapsed:.1f} s")
    pairs_before = outcomes(before, labels)
    print(_line("all pairs, no join dates", figures(pairs_before)))
    print(_line("spelling, no join dates", figures(spelling_scope(pairs_before))))
    print(_line("all pairs", figures(pairs)))
    print(_line("spelling scope", figures(spelling_scope(pairs))))
    for basis in sorted({p.basis for p in pairs}):
        print(_line(f"  basis {basis}", figures([p for p in pairs if p.basis == basis])))
    counts = Counter((p.same, p.outcome) for p in pairs)
    print("outcomes (same, outcome):", dict(sorted(counts.items())))
    register, participants = read_sources(REAL)
    errors = [p for p in pairs if p.same != (p.outcome == "merge")]
    print(f"\nerrors ({len(errors)}; FN = same organisation not merged, FP = merged wrongly):")
    for p in errors[: args.errors]:
        old, new = register[p.org_id_2009], participants[p.organization_id_2017]
        kind = "FN" if p.same else "FP"
        print(
            f"  {kind} {p.basis:<9} {p.outcome:<6} 2009 {p.org_id_2009:>5} {old['name']!r} "
            f"({old['iso']}, {old['joined_on'] or '-'}) | 2017 {p.organization_id_2017:>6} "
            f"{new['participant_name']!r} ({new['iso']}, {new['joined_on']})"
        )
    corroborated = [(rid, m) for rid, m in run.merges if m.method == "corroborated-name"]
    extra = merged_pairs(run) - merged_pairs(before)
    print(
        f"\nfull files: {len(corroborated)} corroborated merges; {len(extra)} more 2009 x 2017 "
        f"pairs of organisations in one company than without join dates"
    )
    sample = random.Random(args.seed).sample(corroborated, min(args.sample, len(corroborated)))
    for record_id, match in sorted(sample, key=lambda rm: int(rm[0].split("-")[-1])):
        company = _describe(match.company_id, register, participants)
        print(f"  {_describe(record_id, register, participants)}  ->  {company}")


if __name__ == "__main__":
    main()
