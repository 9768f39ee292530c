"""The synthetic data package: deterministic, valid, realistic where the product looks."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from ingest import reference_data as ref
from ingest.generate import (
    DEMO_COMPANIES,
    DEMO_DIR,
    DEMO_SEED,
    FILE_COLUMNS,
    TODAY,
    generate_package,
    write_demo_package,
)
from ingest.normalize import normalize_name
from ingest.schema import FILES, FILES_BY_NAME, THEMES

Rows = dict[str, list[dict[str, str]]]

ENUMS: dict[tuple[str, str], set[str]] = {
    (f.name, c.name): set(c.choices) for f in FILES for c in f.columns if c.kind == "enum"
}
MULTI_ENUMS: dict[tuple[str, str], set[str]] = {
    (f.name, c.name): set(c.choices) for f in FILES for c in f.columns if c.kind == "enums"
}
DATE_COLUMNS = {
    "companies.csv": ("gc_joined",),
    "partnerships.csv": ("start", "end"),
    "approaches.csv": ("date",),
    "memberships.csv": ("since",),
    "screenings.csv": ("date",),
    "needs.csv": ("deadline",),
    "exclusions.csv": ("from", "to"),
}
COMPANY_ID = re.compile(r"^C\d{6,}$")


def _read(folder: Path) -> Rows:
    out: Rows = {}
    for fname in FILE_COLUMNS:
        with (folder / fname).open(encoding="utf-8", newline="") as handle:
            out[fname] = list(csv.DictReader(handle))
    return out


def _company_cells(rows: Rows) -> list[str]:
    cells = [c for p in rows["partnerships.csv"] for c in p["companies"].split("|")]
    for fname in ("approaches.csv", "commitments.csv", "screenings.csv", "memberships.csv"):
        cells += [r["company"] for r in rows[fname]]
    return cells


def _resolver(rows: Rows) -> dict[str, str]:
    """Company id or normalised name -> company id."""
    index = {c["id"]: c["id"] for c in rows["companies.csv"]}
    for c in rows["companies.csv"]:
        index[normalize_name(c["name"])] = c["id"]
    return index


def _resolve(index: dict[str, str], cell: str) -> str | None:
    return index.get(cell) or index.get(normalize_name(cell))


def _look_alikes(
    named: list[tuple[str, str]], cutoff: float = 90
) -> list[tuple[tuple[str, str], tuple[str, str], float]]:
    """Pairs of (owner, name) whose normalised names reach ``cutoff`` token_sort_ratio.

    token_sort_ratio is the ratio of the token-sorted strings: sorting once up front lets
    rapidfuzz compare with its fast cached ``ratio``.
    """
    keys = [" ".join(sorted(normalize_name(name).split())) for _, name in named]
    pairs = []
    for i, key in enumerate(keys):
        for _, score, j in process.extract(
            key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            if j > i:
                pairs.append((named[i], named[j], score))
    return pairs


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    write_demo_package(folder)
    return folder


@pytest.fixture(scope="module")
def demo_rows(demo: Path) -> Rows:
    return _read(demo)


@pytest.fixture(scope="module")
def big_rows(tmp_path_factory: pytest.TempPathFactory) -> Rows:
    folder = tmp_path_factory.mktemp("big")
    generate_package(folder, companies=5000, seed=7)
    return _read(folder)


# --------------------------------------------------------------------------------------
# Determinism and shape
# --------------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = generate_package(tmp_path / "a", companies=300, seed=11)
    second = generate_package(tmp_path / "b", companies=300, seed=11)
    assert first == second
    for fname in FILE_COLUMNS:
        assert (tmp_path / "a" / fname).read_bytes() == (tmp_path / "b" / fname).read_bytes()


def test_another_seed_gives_another_package(tmp_path: Path) -> None:
    generate_package(tmp_path / "a", companies=300, seed=11)
    generate_package(tmp_path / "b", companies=300, seed=12)
    for fname in ("companies.csv", "partnerships.csv", "approaches.csv"):
        assert (tmp_path / "a" / fname).read_bytes() != (tmp_path / "b" / fname).read_bytes()
    # The real-world reference lists do not depend on the seed.
    for fname in ("agencies.csv", "initiatives.csv", "local_networks.csv"):
        assert (tmp_path / "a" / fname).read_bytes() == (tmp_path / "b" / fname).read_bytes()


def test_bundled_demo_is_a_fresh_demo_package(demo: Path) -> None:
    """partnergraph/demo/ must never drift from the generator: rerun
    ``python -m ingest.generate`` after changing it."""
    bundled = sorted(p.name for p in DEMO_DIR.iterdir() if not p.name.startswith("."))
    assert bundled == sorted(FILE_COLUMNS)
    for fname in FILE_COLUMNS:
        assert (DEMO_DIR / fname).read_bytes() == (demo / fname).read_bytes(), fname


def test_files_headers_and_counts(tmp_path: Path) -> None:
    counts = generate_package(tmp_path, companies=120, seed=3)
    assert set(counts) == set(FILE_COLUMNS)
    rows = _read(tmp_path)
    for fname, columns in FILE_COLUMNS.items():
        text = (tmp_path / fname).read_text(encoding="utf-8")
        assert text.splitlines()[0] == ",".join(columns)
        assert "\r" not in text
        assert columns == FILES_BY_NAME[fname].column_names  # exactly the spec's columns
        assert counts[fname] == len(rows[fname])
    assert counts["companies.csv"] == 120
    assert counts["needs.csv"] == 20  # the minimum
    assert counts["exclusions.csv"] == 10  # the minimum


def test_sizes_scale_with_companies(demo_rows: Rows) -> None:
    assert (DEMO_COMPANIES, DEMO_SEED) == (400, 2013)
    n = DEMO_COMPANIES
    assert len(demo_rows["companies.csv"]) == n
    assert len(demo_rows["partnerships.csv"]) == round(0.6 * n)
    assert len(demo_rows["approaches.csv"]) == round(0.8 * n)
    assert len(demo_rows["needs.csv"]) == max(20, round(0.05 * n))
    assert len(demo_rows["exclusions.csv"]) == max(10, round(0.01 * n))


def test_at_least_one_company(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_package(tmp_path, companies=0)


# --------------------------------------------------------------------------------------
# Reference lists
# --------------------------------------------------------------------------------------


def test_local_networks_of_january_2013(demo_rows: Rows) -> None:
    networks = demo_rows["local_networks.csv"]
    assert len(networks) == 101
    assert Counter(n["region"] for n in networks) == {
        "Europe": 38,
        "Americas": 19,
        "Asia/Oceania": 18,
        "Africa": 17,
        "Middle East": 9,
    }
    assert Counter(n["status"] for n in networks) == {"formal": 57, "emerging": 44}
    assert len({n["id"] for n in networks}) == 101
    assert len({n["country"] for n in networks}) == 101
    countries = {n["country"] for n in networks}
    named_in_report = "BR EG IN NG ZA BD BE CR GH NL RS CN KE KR TR US DE UA MX CL DK".split()
    assert set(named_in_report) <= countries
    for n in networks:
        assert ref.COUNTRY_REGION.get(n["country"]) == n["region"], n
        assert 1999 < int(n["established"]) < 2013
        assert int(n["participants"]) > 0
    assert {n["id"] for n in networks if n["country"] == "DK"} == {"LN-NORDIC"}


def test_agencies_and_initiatives(demo_rows: Rows) -> None:
    agencies = {a["id"]: a for a in demo_rows["agencies.csv"]}
    assert set(agencies) == set(
        "UNICEF UNHCR UNDP UNAIDS UNIDO ITU WHO FAO IFAD OCHA WFP OHCHR UNGC DESA EOSG".split()
    )
    assert agencies["UNICEF"]["name"] == "United Nations Children's Fund"
    assert agencies["WHO"]["type"] == "specialized-agency"
    assert agencies["OCHA"]["type"] == "secretariat"
    initiatives = {i["id"]: i for i in demo_rows["initiatives.csv"]}
    names = {i["name"] for i in initiatives.values()}
    for name in (
        "Every Woman Every Child",
        "Sustainable Energy for All",
        "Education First",
        "CEO Water Mandate",
        "Caring for Climate",
        "Women's Empowerment Principles",
        "Children's Rights and Business Principles",
    ):
        assert name in names
    assert initiatives["EWEC"]["sdgs"] == "3|5"
    assert initiatives["SE4ALL"]["sdgs"] == "7|13"
    assert set(initiatives["MHEALTH"]["conveners"].split("|")) == {"ITU", "WHO"}
    for initiative in initiatives.values():
        assert set(initiative["conveners"].split("|")) <= set(agencies)


# --------------------------------------------------------------------------------------
# Validity
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("package", ["demo_rows", "big_rows"])
def test_every_reference_enum_and_date_is_valid(
    package: str, request: pytest.FixtureRequest
) -> None:
    rows: Rows = request.getfixturevalue(package)
    agencies = {a["id"] for a in rows["agencies.csv"]}
    initiatives = {i["id"] for i in rows["initiatives.csv"]}
    networks = {n["id"] for n in rows["local_networks.csv"]}
    index = _resolver(rows)
    themes = set(THEMES)

    for fname, spec in FILES_BY_NAME.items():
        file_rows = rows[fname]
        if "id" in spec.column_names:
            assert len({r["id"] for r in file_rows}) == len(file_rows), f"{fname}: duplicate id"
        for row in file_rows:
            for column in spec.required:
                assert row[column].strip(), f"{fname} {row}: empty {column}"
            if row.get("themes"):
                assert set(row["themes"].split("|")) <= themes
            if row.get("sdgs"):
                assert all(1 <= int(g) <= 17 for g in row["sdgs"].split("|"))
            for key, choices in ENUMS.items():
                if key[0] == fname and row[key[1]]:
                    assert row[key[1]] in choices, (fname, key[1], row[key[1]])
            for key, choices in MULTI_ENUMS.items():
                if key[0] == fname and row[key[1]]:
                    assert set(row[key[1]].split("|")) <= choices
            for column in DATE_COLUMNS.get(fname, ()):
                if row[column]:
                    dt.date.fromisoformat(row[column])
            for column in ("countries",):
                if row.get(column):
                    codes = row[column].split("|")
                    assert all(c in ref.COUNTRY_NAMES for c in codes), row[column]
                    assert len(codes) == len(set(codes))

    for p in rows["partnerships.csv"]:
        assert set(p["agencies"].split("|")) <= agencies
        assert not p["initiative"] or p["initiative"] in initiatives
        if p["start"] and p["end"]:
            assert p["start"] <= p["end"]
    for a in rows["approaches.csv"]:
        assert a["agency"] in agencies
    for n in rows["needs.csv"]:
        assert n["agency"] in agencies
        assert (n["status"] == "open") == (n["deadline"] > TODAY.isoformat())
    for s in rows["screenings.csv"]:
        assert not s["agency"] or s["agency"] in agencies
        assert s["date"] <= TODAY.isoformat()
    for c in rows["commitments.csv"]:
        assert c["initiative"] in initiatives
        assert 2007 <= int(c["year"]) <= 2013
    for m in rows["memberships.csv"]:
        assert m["network"] in networks
    assert len({(m["company"], m["network"]) for m in rows["memberships.csv"]}) == len(
        rows["memberships.csv"]
    )
    for cell in _company_cells(rows):
        assert _resolve(index, cell) is not None, f"unresolvable company cell {cell!r}"


def test_the_ingest_validator_accepts_the_demo(demo: Path) -> None:
    from ingest.package import read_package
    from ingest.validate import validate_package

    result = validate_package(read_package(demo), lambda _label, _ids: set())
    assert result.ok, [str(p) for p in result.problems][:20]


def test_companies_look_real(big_rows: Rows) -> None:
    companies = big_rows["companies.csv"]
    n = len(companies)
    english = [c for c in companies if len(c["country"]) > 2]
    assert 0.03 < len(english) / n < 0.08  # ~5% written as English names
    from ingest.countries import to_iso2

    for c in english:
        assert to_iso2(c["country"]) is not None, c["country"]
        assert to_iso2(c["country"]) in c["countries"].split("|")
    large = [c for c in companies if c["size"] == "large"]
    assert 0.3 < sum(bool(c["lei"]) for c in large) / len(large) < 0.5
    assert all(re.fullmatch(r"[A-Z0-9]{20}", c["lei"]) for c in companies if c["lei"])
    assert len({c["lei"] for c in companies if c["lei"]}) == sum(bool(c["lei"]) for c in companies)
    status = Counter(c["gc_status"] for c in companies)
    assert 0.005 < status["expelled"] / n < 0.02
    assert 0.02 < status["non-communicating"] / n < 0.07
    for c in companies:
        assert bool(c["gc_id"]) == (c["gc_status"] != "none") == bool(c["gc_joined"])
    assert len({c["gc_id"] for c in companies if c["gc_id"]}) == n - status["none"]
    sectors = Counter(c["sector"] for c in companies)
    sensitive = sum(sectors[s] for s in ("tobacco", "arms-defence", "gambling", "alcohol"))
    assert 0 < sensitive / n < 0.03
    websites = [c["website"] for c in companies if c["website"]]
    assert len(set(websites)) == len(websites)


def test_legal_forms_fit_the_country(big_rows: Rows) -> None:
    names: dict[str, list[str]] = defaultdict(list)
    for c in big_rows["companies.csv"]:
        names[c["country"]].append(c["name"])
    foreign = {
        "DE": ("Ltd", "Inc.", "S.A.", "LLC", "Pvt Ltd"),
        "US": ("GmbH", "S.A.", "Ltd", "Pvt Ltd", "AG"),
        "GB": ("GmbH", "Inc.", "S.A.", "Pvt Ltd"),
        "IN": ("GmbH", "Inc.", "S.A.", "AG"),
        "BR": ("GmbH", "Inc.", "Ltd", "Pvt Ltd"),
    }
    for country, wrong in foreign.items():
        assert not [n for n in names[country] if n.endswith(wrong)], country
    assert any(n.endswith("GmbH") for n in names["DE"])
    assert any(n.endswith(("Inc.", "LLC")) for n in names["US"])
    assert any(n.endswith(("Pvt Ltd", "Private Limited")) for n in names["IN"])
    assert any(n.endswith("Co., Ltd.") for n in names["CN"])
    assert any(n.endswith("Ltda.") for n in names["BR"])
    assert any(n.startswith("PT ") for n in names["ID"])


# --------------------------------------------------------------------------------------
# What the product detects
# --------------------------------------------------------------------------------------


def test_name_variants_resolve_to_their_company(big_rows: Rows) -> None:
    index = _resolver(big_rows)
    cells = [c for c in _company_cells(big_rows) if c]
    named = [c for c in cells if not COMPANY_ID.match(c)]
    share = len(named) / len(cells)
    assert 0.10 < share < 0.18, share
    names = {c["id"]: c["name"] for c in big_rows["companies.csv"]}
    for cell in named:
        company = _resolve(index, cell)
        assert company is not None
        assert cell != company  # a name, never another company's id
        assert normalize_name(cell) == normalize_name(names[company])
    assert sum(cell in names.values() for cell in named) < 0.05 * len(named)  # they differ


def test_partnerships_are_mostly_local(big_rows: Rows) -> None:
    partnerships = big_rows["partnerships.csv"]
    local = sum(len(p["countries"].split("|")) == 1 and bool(p["countries"]) for p in partnerships)
    assert 0.85 < local / len(partnerships) < 0.93  # report §22: 89%
    statuses = Counter(p["status"] for p in partnerships)
    assert statuses.most_common(1)[0][0] == "active"
    assert all(statuses[s] for s in ("proposed", "closed", "failed"))
    with_value = [p for p in partnerships if p["type"] in ("philanthropy", "innovative-finance")]
    assert all(p["value_usd"] for p in with_value)


def test_some_companies_are_courted_by_several_agencies_at_once(big_rows: Rows) -> None:
    index = _resolver(big_rows)
    events: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for a in big_rows["approaches.csv"]:
        company = _resolve(index, a["company"])
        assert company is not None
        events[company].append((dt.date.fromisoformat(a["date"]), a["agency"]))
    courted = 0
    for evs in events.values():
        evs.sort()
        if any(
            b_agency != a_agency and (b_day - a_day).days <= 90
            for i, (a_day, a_agency) in enumerate(evs)
            for b_day, b_agency in evs[i + 1 :]
        ):
            courted += 1
    n = len(big_rows["companies.csv"])
    assert 0.04 < courted / n < 0.15, courted
    funding = sum(a["ask"] == "funding" for a in big_rows["approaches.csv"])
    assert funding / len(big_rows["approaches.csv"]) > 0.4


def test_demo_also_has_courted_companies(demo_rows: Rows) -> None:
    index = _resolver(demo_rows)
    by_company: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for a in demo_rows["approaches.csv"]:
        by_company[str(_resolve(index, a["company"]))].add((a["agency"], a["date"][:7]))
    assert sum(len({agency for agency, _ in v}) >= 2 for v in by_company.values()) >= 10


def test_screenings_commitments_and_exclusions(big_rows: Rows) -> None:
    index = _resolver(big_rows)
    n = len(big_rows["companies.csv"])
    screened = {_resolve(index, s["company"]) for s in big_rows["screenings.csv"]}
    assert 0.5 < len(screened) / n < 0.7
    outcomes = Counter(s["outcome"] for s in big_rows["screenings.csv"])
    total = sum(outcomes.values())
    assert outcomes["cleared"] / total > 0.8
    assert 0.003 < outcomes["rejected"] / total < 0.03
    year_ago = (TODAY - dt.timedelta(days=365)).isoformat()
    assert any(s["date"] < year_ago for s in big_rows["screenings.csv"])

    # Some companies committed to an initiative without partnering with its conveners.
    conveners = {i["id"]: set(i["conveners"].split("|")) for i in big_rows["initiatives.csv"]}
    partners: dict[str, set[str]] = defaultdict(set)
    for p in big_rows["partnerships.csv"]:
        for cell in p["companies"].split("|"):
            partners[str(_resolve(index, cell))].update(p["agencies"].split("|"))
    disconnected = [
        c
        for c in big_rows["commitments.csv"]
        if not partners[str(_resolve(index, c["company"]))] & conveners[c["initiative"]]
    ]
    assert disconnected

    # A few screening-list entries are (spellings of) real package companies; the rest
    # are invented and resemble no company.
    exclusions = big_rows["exclusions.csv"]
    hits = [e for e in exclusions if normalize_name(e["name"]) in index]
    assert 3 <= len(hits) <= 0.2 * len(exclusions)
    assert {e["list"] for e in exclusions} == {"un-sc", "world-bank"}
    assert any(e["to"] and e["to"] < TODAY.isoformat() for e in exclusions)  # expired
    companies = [(c["id"], c["name"]) for c in big_rows["companies.csv"]]
    invented = [(e["id"], e["name"]) for e in exclusions if e not in hits]
    assert not [pair for pair in _look_alikes(companies + invented) if pair[0][0] != pair[1][0]]


def test_memberships_follow_headquarters(demo_rows: Rows) -> None:
    companies = {c["id"]: c for c in demo_rows["companies.csv"]}
    from ingest.countries import to_iso2

    for m in demo_rows["memberships.csv"]:
        company = companies[m["company"]]
        assert company["gc_status"] in ("active", "non-communicating")
        hq = to_iso2(company["country"])
        assert hq is not None
        assert ref.network_for_country(hq) == m["network"]
        assert m["since"] >= company["gc_joined"]


# --------------------------------------------------------------------------------------
# Names a resolver must keep apart
# --------------------------------------------------------------------------------------


def test_no_two_companies_share_a_normalised_name(big_rows: Rows) -> None:
    seen: dict[str, str] = {}
    for c in big_rows["companies.csv"]:
        names = [c["name"], *filter(None, c["aliases"].split("|"))]
        for name in names:
            for key in (normalize_name(name), normalize_name(name).replace(" ", "")):
                assert seen.setdefault(key, c["id"]) == c["id"], (name, seen[key])


def test_no_two_companies_are_fuzzy_look_alikes(big_rows: Rows) -> None:
    """A matcher merging at token_sort_ratio >= 90 never confuses two companies."""
    named = [
        (c["id"], name)
        for c in big_rows["companies.csv"]
        for name in [c["name"], *filter(None, c["aliases"].split("|"))]
    ]
    assert [pair for pair in _look_alikes(named) if pair[0][0] != pair[1][0]] == []
