"""Exclusion matching measured on real lists: false alarms and misspelt listed entities.

    python bench/screening_real.py [--sample 200] [--show 25]

Reads, in place (never copied into the repository), from ``../shared/data/real/``:

- ``screening/un-sc-consolidated-entities-2025-04-19.csv``: the UN Security Council's
  sanctioned entities (name, aliases, countries);
- ``screening/world-bank-ineligible-firms-2025-01-07.csv``: the World Bank's debarred
  firms (names only in this copy: no country, no dates);
- ``ungc/participants-cop-2017.csv``: 6,748 real Global Compact organisations.

(a) screens every organisation against both lists: organisations flagged are false
alarms unless a look says otherwise (a few are printed); (b) takes a deterministic sample
of listed entities, misspells each in six realistic ways and counts how many variants are
still caught as a match, and as at least a possible match, of *that* entry.

The readers here are deliberately small: the real importers (``partnergraph import
un-sc-sanctions-xml`` / ``world-bank-debarred``) are a later issue. The test
``tests/queries/test_screening.py`` runs a smaller version of both measurements.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.countries import to_iso2  # noqa: E402
from ingest.normalize import LEGAL_FORM_TOKENS  # noqa: E402
from queries.exclusions import ExclusionEntry, ExclusionHit, ExclusionMatcher  # noqa: E402

REAL = ROOT.parent / "shared" / "data" / "real"
UN_SC = Path("screening") / "un-sc-consolidated-entities-2025-04-19.csv"
WORLD_BANK = Path("screening") / "world-bank-ineligible-firms-2025-01-07.csv"
PARTICIPANTS = Path("ungc") / "participants-cop-2017.csv"

# --------------------------------------------------------------------------------------
# small readers
# --------------------------------------------------------------------------------------


def read_un_sc(path: Path) -> list[ExclusionEntry]:
    """The flattened UN SC entities: reference number, name, aliases (``|``), countries."""
    entries = []
    with path.open(encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            countries = sorted(
                {c for c in (to_iso2(x) for x in row["countries"].split("|") if x) if c}
            )
            aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
            entries.append(
                ExclusionEntry(
                    id=row["reference_number"].strip(),
                    name=row["name"].strip(),
                    list="un-sc",
                    aliases=aliases,
                    countries=tuple(countries),
                    source=f"{path.name}#{line}",
                    start=row["listed_on"][:10] or None,
                )
            )
    return entries


_FORMERLY = re.compile(
    r",?\s*\b(?:formerly known as|f/k/a|fka|also known as|a\.k\.a\.|aka)\b\s*", re.I
)


def read_world_bank(path: Path) -> list[ExclusionEntry]:
    """The World Bank's debarred firms. A "formerly known as" inside a name is an alias."""
    entries = []
    with path.open(encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            parts = [p.strip(" ,;") for p in _FORMERLY.split(row["firm_name"]) if p.strip(" ,;")]
            if not parts:
                continue
            country = to_iso2(row["country"]) if row["country"].strip() else None
            entries.append(
                ExclusionEntry(
                    id=f"WB-{line:05d}",
                    name=parts[0],
                    list="world-bank",
                    aliases=tuple(parts[1:]),
                    countries=(country,) if country else (),
                    source=f"{path.name}#{line}",
                    start=row["from_date"] or None,
                    end=row["to_date"] or None,
                )
            )
    return entries


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    country: str | None
    sector: str


def read_participants(path: Path) -> list[Organisation]:
    """The distinct organisations of the 2017 COP file (first row of each), by id."""
    orgs: dict[str, Organisation] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            oid = row["organization_id"]
            if oid not in orgs:
                orgs[oid] = Organisation(
                    oid, row["participant_name"], to_iso2(row["country"]), row["sector_name"]
                )
    return sorted(orgs.values(), key=lambda o: int(o.id))


def real_entries(real: Path = REAL) -> list[ExclusionEntry]:
    return read_un_sc(real / UN_SC) + read_world_bank(real / WORLD_BANK)


# --------------------------------------------------------------------------------------
# misspellings
# --------------------------------------------------------------------------------------

_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbours(ch: str) -> str:
    low = ch.lower()
    for r, row in enumerate(_KEYBOARD):
        if low in row:
            c = row.index(low)
            near = row[max(c - 1, 0) : c + 2].replace(low, "")
            for other in (r - 1, r + 1):
                if 0 <= other < len(_KEYBOARD):
                    near += _KEYBOARD[other][max(c - 1, 0) : c + 1]
            return near
    return "e"


def _match_case(new: str, old: str) -> str:
    return new.upper() if old.isupper() else new


def _letter_positions(name: str, min_word: int = 1) -> list[int]:
    spans = [m.span() for m in re.finditer(r"[^\W\d_]+", name) if len(m.group()) >= min_word]
    return [i for a, b in spans for i in range(a, b)]


def typo(name: str, rng: random.Random) -> str:
    """One keyboard slip anywhere in a word: a letter replaced by a neighbouring key,
    dropped, doubled, or swapped with the next one."""
    positions = _letter_positions(name)
    if not positions:
        return name
    i = rng.choice(positions)
    kind = rng.choice(("replace", "drop", "double", "swap"))
    if kind == "replace":
        return name[:i] + _match_case(rng.choice(_neighbours(name[i])), name[i]) + name[i + 1 :]
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[: i + 1] + name[i] + name[i + 1 :]
    if i + 1 < len(name) and name[i + 1].isalpha():
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i + 1 :]


_FORMS = ["Ltd", "Limited", "LLC", "Co., Ltd.", "Inc.", "S.A.", "GmbH", "Company", "Corp."]


def legal_form(name: str, rng: random.Random) -> str:
    """Drop the legal form at the end, change it for another, or add one."""
    words = name.split()
    last = re.sub(r"[^\w]", "", words[-1]).lower() if words else ""
    if len(words) > 1 and last in LEGAL_FORM_TOKENS:
        stem = " ".join(words[:-1]).rstrip(",")
        return stem if rng.random() < 0.5 else f"{stem} {rng.choice(_FORMS)}"
    return f"{name} {rng.choice(_FORMS)}"


def case(name: str, rng: random.Random) -> str:
    return name.title() if rng.random() < 0.7 else name.lower()


def punctuation(name: str, rng: random.Random) -> str:
    """Punctuation dropped (a hyphen becoming a space or nothing), or some added."""
    if re.search(r"[^\w\s]", name):
        return " ".join(re.sub(r"[^\w\s]", lambda _: rng.choice(("", " ")), name).split())
    words = name.split()
    if len(words) > 1:
        k = rng.randrange(len(words) - 1)
        glue = rng.choice(("-", ", ", ". "))
        return " ".join(words[:k]) + (" " if k else "") + words[k] + glue + " ".join(words[k + 1 :])
    return name + "."


def swap_words(name: str, rng: random.Random) -> str | None:
    words = name.split()
    if len(words) < 2:
        return None
    k = rng.randrange(len(words) - 1)
    words[k], words[k + 1] = words[k + 1], words[k]
    return " ".join(words)


_VOWEL_SWAPS = {"a": "ea", "e": "ai", "i": "ey", "o": "u", "u": "o", "y": "i"}


def vowel(name: str, rng: random.Random) -> str:
    """A transliteration-like change of one vowel in a word of 4+ letters ("Qaida" ->
    "Qaeda", "Mourabitoun" -> "Murabitoun"-ish)."""
    positions = [i for i in _letter_positions(name, 4) if name[i].lower() in _VOWEL_SWAPS]
    if not positions:
        return typo(name, rng)
    i = rng.choice(positions)
    new = rng.choice(_VOWEL_SWAPS[name[i].lower()])
    return name[:i] + _match_case(new, name[i]) + name[i + 1 :]


MISSPELLINGS = {
    "typo": typo,
    "legal form": legal_form,
    "case": case,
    "punctuation": punctuation,
    "swapped words": swap_words,
    "vowel": vowel,
}


def misspelt_variants(entry: ExclusionEntry, rng: random.Random) -> dict[str, str]:
    """One variant of the entry's name per kind of misspelling (where it applies)."""
    out = {}
    for kind, fn in MISSPELLINGS.items():
        variant = fn(entry.name, rng)
        if variant is not None and variant != entry.name:
            out[kind] = variant
    return out


def sample_entries(entries: list[ExclusionEntry], n: int, seed: int = 2025) -> list[ExclusionEntry]:
    """Half from each list (deterministic)."""
    rng = random.Random(seed)
    by_list: dict[str, list[ExclusionEntry]] = {}
    for e in entries:
        by_list.setdefault(e.list, []).append(e)
    out: list[ExclusionEntry] = []
    share = n // len(by_list)
    for name in sorted(by_list):
        pool = by_list[name]
        out += rng.sample(pool, min(share, len(pool)))
    return out


# --------------------------------------------------------------------------------------
# measurements
# --------------------------------------------------------------------------------------


@dataclass
class FalseAlarms:
    organisations: int
    matched: list[tuple[Organisation, list[ExclusionHit]]]
    possible: list[tuple[Organisation, list[ExclusionHit]]]
    seconds: float


def false_alarms(matcher: ExclusionMatcher, orgs: list[Organisation]) -> FalseAlarms:
    t = time.perf_counter()
    matched, possible = [], []
    for org in orgs:
        hits = matcher.match([org.name], [org.country] if org.country else [])
        if any(h.level == "match" for h in hits):
            matched.append((org, hits))
        elif hits:
            possible.append((org, hits))
    return FalseAlarms(len(orgs), matched, possible, time.perf_counter() - t)


@dataclass
class Catch:
    variants: int
    matched: int
    at_least_possible: int
    by_kind: dict[str, tuple[int, int, int]]  # kind -> (variants, matched, possible+)
    missed: list[tuple[str, str, str]]  # kind, entry name, variant


def catch_rate(matcher: ExclusionMatcher, sample: list[ExclusionEntry], seed: int = 7) -> Catch:
    rng = random.Random(seed)
    counts: dict[str, list[int]] = {}
    missed = []
    for entry in sample:
        for kind, variant in misspelt_variants(entry, rng).items():
            hits = [h for h in matcher.match([variant], entry.countries[:1]) if h.entry == entry]
            c = counts.setdefault(kind, [0, 0, 0])
            c[0] += 1
            if hits:
                c[2] += 1
                c[1] += hits[0].level == "match"
            else:
                missed.append((kind, entry.name, variant))
    by_kind = {k: (v[0], v[1], v[2]) for k, v in counts.items()}
    return Catch(
        variants=sum(v[0] for v in by_kind.values()),
        matched=sum(v[1] for v in by_kind.values()),
        at_least_possible=sum(v[2] for v in by_kind.values()),
        by_kind=by_kind,
        missed=missed,
    )


def _show(title: str, rows: list[tuple[Organisation, list[ExclusionHit]]], n: int) -> None:
    print(f"\n{title}")
    for org, hits in rows[:n]:
        for h in hits:
            print(f"  {org.name!r} ({org.country}) -> [{h.level}] {h.detail()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200, help="listed entities to misspell")
    parser.add_argument("--show", type=int, default=25, help="false alarms to print")
    args = parser.parse_args()
    if not (REAL / PARTICIPANTS).exists():
        sys.exit(f"real data not found at {REAL}")

    entries = real_entries()
    t = time.perf_counter()
    matcher = ExclusionMatcher(entries)
    built = time.perf_counter() - t
    names = sum(1 + len(e.aliases) for e in entries)
    print(f"lists: {len(entries):,} entries, {names:,} names; index built in {built:.2f} s")

    orgs = read_participants(REAL / PARTICIPANTS)
    fa = false_alarms(matcher, orgs)
    n = fa.organisations
    print(
        f"\n(a) {n:,} Global Compact organisations screened in {fa.seconds:.2f} s "
        f"({fa.seconds / n * 1e3:.2f} ms each)\n"
        f"    EXCLUSION_MATCH:          {len(fa.matched):>4} ({len(fa.matched) / n:.2%})\n"
        f"    EXCLUSION_POSSIBLE_MATCH: {len(fa.possible):>4} ({len(fa.possible) / n:.2%})"
    )
    _show("matches:", fa.matched, args.show)
    _show("possible matches:", fa.possible, args.show)

    sample = sample_entries(entries, args.sample)
    c = catch_rate(matcher, sample)
    print(
        f"\n(b) {len(sample)} listed entities, {c.variants} misspelt variants:\n"
        f"    caught as EXCLUSION_MATCH:       {c.matched:>4} ({c.matched / c.variants:.1%})\n"
        f"    caught as at least POSSIBLE:     {c.at_least_possible:>4} "
        f"({c.at_least_possible / c.variants:.1%})"
    )
    for kind, (total, m, p) in c.by_kind.items():
        rates = f"match {m / total:6.1%}, possible+ {p / total:6.1%}"
        print(f"    {kind:<14} {total:>4} variants: {rates}")
    print("\nmissed:")
    for kind, name, variant in c.missed[: args.show]:
        print(f"  {kind:<14} {name!r} -> {variant!r}")
    counts = Counter(h.level for _, hits in fa.matched + fa.possible for h in hits)
    print(f"\nhits by level in (a): {dict(counts)}")


if __name__ == "__main__":
    main()
