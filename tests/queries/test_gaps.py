"""Coordination gaps: the scoring rules, known answers on a hand-built package (both stores),
and the two stores agreeing on generated packages and the demo."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import Store
from ingest.generate import generate_package
from ingest.load import ingest_package
from queries.gaps import (
    KINDS,
    CellPartnership,
    Commitment,
    CompanyPartnership,
    CountryActivity,
    GapFilters,
    InvalidGapQuery,
    PartnershipCompany,
    build_initiative_disconnect,
    build_integrity,
    build_no_local_network,
    build_parallel_efforts,
    disconnect_score,
    find_gaps,
    integrity_score,
    network_score,
    parallel_score,
)

ROOT = Path(__file__).resolve().parents[2]
GAPS_SMALL = ROOT / "tests" / "fixtures" / "packages" / "gaps-small"
DEMO = ROOT / "partnergraph" / "demo"
AS_OF = dt.date(2013, 6, 1)
NO_FILTER = GapFilters()


def _ids(answer: dict[str, Any]) -> list[str]:
    return [item["id"] for item in answer["items"]]


def _canonical(answer: dict[str, Any]) -> str:
    return json.dumps(answer, sort_keys=True, ensure_ascii=False)


# -- scores ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high"),
    [
        (parallel_score(2, 2), parallel_score(3, 2)),  # one more agency working alone
        (parallel_score(2, 2), parallel_score(2, 5)),  # more parallel partnerships
        (network_score(1, 1, "none"), network_score(4, 1, "none")),  # more partnerships
        (network_score(4, 1, "none"), network_score(4, 4, "none")),  # more companies
        (network_score(4, 4, "emerging"), network_score(4, 4, "inactive")),  # weaker link
        (network_score(4, 4, "inactive"), network_score(4, 4, "none")),  # no link at all
        (integrity_score("review", 20), integrity_score("blocked", 1)),  # blocked beats review
        (integrity_score("review", 1), integrity_score("review", 3)),  # more codes
        (disconnect_score(1, 0), disconnect_score(2, 0)),  # more commitments
        (disconnect_score(1, 0), disconnect_score(1, 4)),  # a UN partner elsewhere
    ],
)
def test_scores_rise_as_documented(low: float, high: float) -> None:
    assert low < high


# -- the shared builders on hand-made facts ----------------------------------------------------


def _cell(pid: str, *agencies: str, country: str = "KE", theme: str = "water") -> CellPartnership:
    return CellPartnership(country, theme, pid, agencies, (f"co-{pid}",))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # two agencies, each alone: one pair without a joint partnership
        ([_cell("P1", "A"), _cell("P2", "B")], [(["A", "B"], [["A", "B"]], ["P1", "P2"])]),
        # the same two agencies also lead one jointly: they cooperate, no gap
        ([_cell("P1", "A"), _cell("P2", "B"), _cell("P3", "A", "B")], []),
        # one agency with two partnerships is not parallel to itself
        ([_cell("P1", "A"), _cell("P2", "A")], []),
        # A–B and B–C cooperate, A–C do not: A and C are reported, B's joint ones are evidence
        (
            [_cell("P1", "A", "B"), _cell("P2", "B", "C"), _cell("P3", "B")],
            [(["A", "C"], [["A", "C"]], ["P1", "P2"])],
        ),
        # a joint partnership on another theme does not join them on this one
        ([_cell("P1", "A"), _cell("P2", "B"), _cell("P3", "A", "B", theme="food")], ["gap"]),
    ],
)
def test_parallel_efforts_rules(rows: list[CellPartnership], expected: list[Any]) -> None:
    items = build_parallel_efforts(rows, NO_FILTER)
    water = [i for i in items if i["theme"] == "water"]
    if expected == ["gap"]:
        assert [i["pairs"] for i in water] == [[["A", "B"]]]
        return
    assert [(i["agencies"], i["pairs"], i["evidence"]["partnerships"]) for i in water] == expected


def test_parallel_efforts_agency_filter_keeps_cells_where_it_works_alone() -> None:
    rows = [_cell("P1", "A", "B"), _cell("P2", "B", "C"), _cell("P3", "B")]
    assert build_parallel_efforts(rows, GapFilters(agency="A"))
    assert not build_parallel_efforts(rows, GapFilters(agency="B"))  # B cooperates with both


@pytest.mark.parametrize(
    ("networks", "status", "gap"),
    [
        ((), "none", True),  # no network at all
        ((("LN-X", "emerging"),), "emerging", True),  # only an emerging one
        ((("LN-X", "inactive"),), "inactive", True),  # only an inactive one
        ((("LN-X", ""),), "unknown", True),  # a network whose status nobody recorded
        ((("LN-X", "inactive"), ("LN-Y", "emerging")), "emerging", True),  # best one named
        ((("LN-X", "formal"),), None, False),  # a formal network: not a gap
        ((("LN-X", "formal"), ("LN-Y", "emerging")), None, False),  # formal beside emerging
    ],
)
def test_no_local_network_rules(
    networks: tuple[tuple[str, str], ...], status: str | None, gap: bool
) -> None:
    row = CountryActivity("TZ", ("P1", "P2"), ("UNDP",), ("C1",), networks)
    items = build_no_local_network([row], NO_FILTER)
    assert bool(items) == gap
    if gap:
        assert items[0]["network_status"] == status
        assert items[0]["evidence"]["networks"] == sorted(n for n, _ in networks)


@pytest.mark.parametrize(
    ("screening", "score"),
    [
        ({"status": "blocked", "codes": ["EXCLUSION_MATCH"]}, 10.5),  # blocked
        ({"status": "review", "codes": ["NEVER_SCREENED", "SENSITIVE_SECTOR"]}, 3.0),  # review
        ({"status": "clear", "codes": []}, None),  # clear: not a gap
        (None, None),  # the screening does not know the company: left out
    ],
)
def test_integrity_rules(screening: dict[str, Any] | None, score: float | None) -> None:
    row = PartnershipCompany("P1", "Water", "C1", "Acme", ("UNICEF",), ("KE",), ("water",))
    statuses = {"C1": screening} if screening else {}
    items = build_integrity([row], statuses, NO_FILTER)
    assert [i["score"] for i in items] == ([score] if score is not None else [])
    if items:
        assert items[0]["codes"] == screening["codes"]  # type: ignore[index]


def _commitment(conveners: tuple[str, ...], *partnerships: CompanyPartnership) -> Commitment:
    return Commitment("C1", "Acme", "I1", "Initiative", ("CM1",), conveners, partnerships)


@pytest.mark.parametrize(
    ("row", "gap"),
    [
        (_commitment(("UNDP",)), True),  # no partnership at all
        (_commitment(("UNDP",), CompanyPartnership("P1", "active", ("FAO",))), True),  # others
        (_commitment(("UNDP",), CompanyPartnership("P1", "active", ("UNDP",))), False),  # convener
        (_commitment(("UNDP", "WHO"), CompanyPartnership("P1", "closed", ("WHO",))), False),
        (_commitment(()), False),  # an initiative with no conveners has nobody to miss
    ],
)
def test_initiative_disconnect_rules(row: Commitment, gap: bool) -> None:
    assert bool(build_initiative_disconnect([row], NO_FILTER)) == gap


# -- known answers on the hand-built package, both stores --------------------------------------

PARALLEL_TZ = "parallel-efforts:TZ:energy"
PARALLEL_KE = "parallel-efforts:KE:water"
NETWORK_TZ = "no-local-network:TZ"
NETWORK_GH = "no-local-network:GH"
NETWORK_UG = "no-local-network:UG"
BLOCKED = "integrity:P07:C2"
REVIEW = "integrity:P08:C3"
DISCONNECT_C4 = "initiative-disconnect:C4:WATER-M"
DISCONNECT_C5 = "initiative-disconnect:C5:ENERGY-ALL"


@pytest.fixture
def small(store: Store) -> Store:
    ingest_package(store, GAPS_SMALL)
    return store


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # everything, ranked; ties (3.0 and 1.5) break on id
        (
            {},
            [
                BLOCKED,
                PARALLEL_TZ,
                NETWORK_TZ,
                REVIEW,
                PARALLEL_KE,
                DISCONNECT_C4,
                DISCONNECT_C5,
                NETWORK_GH,
                NETWORK_UG,
            ],
        ),
        # KE: formal network, clear companies; C4 is headquartered there
        ({"country": "KE"}, [PARALLEL_KE, DISCONNECT_C4]),
        # a country by name
        ({"country": "Tanzania"}, [BLOCKED, PARALLEL_TZ, NETWORK_TZ, REVIEW]),
        # energy: TZ's cell and partnerships, and the energy initiative
        ({"theme": "energy"}, [BLOCKED, PARALLEL_TZ, NETWORK_TZ, REVIEW, DISCONNECT_C5]),
        # WHO works alone in TZ, leads P09 there (clear company), convenes ENERGY-ALL
        ({"agency": "WHO"}, [PARALLEL_TZ, NETWORK_TZ, DISCONNECT_C5]),
        # UNICEF: alone with WFP on water in KE; active in GH; convenes nothing
        ({"agency": "UNICEF"}, [PARALLEL_KE, NETWORK_GH]),
        # one kind, narrowed three ways
        ({"kind": "integrity", "country": "TZ", "agency": "FAO"}, [REVIEW]),
        ({"kind": "initiative-disconnect"}, [DISCONNECT_C4, DISCONNECT_C5]),
        # a theme nobody works on
        ({"theme": "peace"}, []),
        # the limit cuts items, not the totals
        ({"limit": 2}, [BLOCKED, PARALLEL_TZ]),
    ],
)
def test_known_answers(small: Store, params: dict[str, Any], expected: list[str]) -> None:
    answer = find_gaps(small, as_of=AS_OF, **params)
    assert _ids(answer) == expected
    if "limit" in params:
        assert answer["total"] == 9
    else:
        assert answer["total"] == len(expected) == sum(answer["counts"].values())


def test_items_carry_their_evidence(small: Store) -> None:
    items = {i["id"]: i for i in find_gaps(small, as_of=AS_OF)["items"]}

    tz = items[PARALLEL_TZ]
    assert tz["agencies"] == ["FAO", "UNDP", "WHO"]
    assert tz["pairs"] == [["FAO", "WHO"], ["UNDP", "WHO"]]  # FAO–UNDP share P08
    assert tz["evidence"]["partnerships"] == ["P07", "P08", "P09"]
    assert tz["evidence"]["companies"] == ["C1", "C2", "C3"]
    assert tz["score"] == parallel_score(3, 3) == 4.585

    ke = items[PARALLEL_KE]
    assert ke["evidence"]["partnerships"] == ["P01", "P02"]  # P05 is closed
    assert ke["score"] == 3.0
    assert "parallel-efforts:KE:food" not in items  # P03 is joint: UNICEF and WFP cooperate

    assert items[NETWORK_TZ]["network_status"] == "none"
    assert items[NETWORK_TZ]["evidence"]["partnerships"] == ["P07", "P08", "P09"]
    assert items[NETWORK_TZ]["score"] == network_score(3, 3, "none") == 4.0
    assert items[NETWORK_UG]["network_status"] == "emerging"
    assert items[NETWORK_UG]["evidence"]["networks"] == ["LN-UG"]
    assert items[NETWORK_GH]["network_status"] == "inactive"
    # KE and BR have formal networks; NG's only partnership is proposed
    assert not {"no-local-network:KE", "no-local-network:BR", "no-local-network:NG"} & set(items)

    assert items[BLOCKED]["status"] == "blocked"
    assert items[REVIEW]["status"] == "review"
    for key in (BLOCKED, REVIEW):
        item = items[key]
        assert item["score"] == integrity_score(item["status"], len(item["codes"]))
    assert items[BLOCKED]["evidence"]["companies"] == ["C2"]
    # C1, C4, C5, C6 are cleared: no integrity item for their partnerships
    assert {i.split(":")[2] for i in items if i.startswith("integrity:")} == {"C2", "C3"}

    c4 = items[DISCONNECT_C4]
    assert c4["commitments"] == ["CM2", "CM3"]
    assert c4["conveners"] == ["UNGC"]
    assert c4["partner_agencies"] == ["UNICEF", "WFP"]
    assert c4["score"] == disconnect_score(2, 2) == 2.3774
    assert c4["evidence"]["initiatives"] == ["WATER-M"]
    # C1 partners with WHO, C3 with UNDP (active), C6 with UNDP (closed): all connected;
    # C5's FOOD-ORPHAN has no conveners
    assert [k for k in items if k.startswith("initiative-disconnect:")] == [
        DISCONNECT_C4,
        DISCONNECT_C5,
    ]
    for item in items.values():
        assert isinstance(item["detail"], str) and "\n" not in item["detail"]


@pytest.mark.parametrize(
    ("as_of", "expiry_days", "companies"),
    [
        (AS_OF, 365, {"C2", "C3"}),  # the clearances of January 2013 are fresh
        (dt.date(2014, 6, 1), 365, {"C1", "C2", "C3", "C4", "C5", "C6"}),  # now expired
        (dt.date(2014, 6, 1), 1000, {"C2", "C3"}),  # unless they last longer
    ],
)
def test_integrity_follows_as_of_and_expiry(
    small: Store, as_of: dt.date, expiry_days: int, companies: set[str]
) -> None:
    answer = find_gaps(small, kind="integrity", as_of=as_of, expiry_days=expiry_days, limit=1000)
    assert {item["company"]["id"] for item in answer["items"]} == companies


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "overlaps"},  # not one of the four
        {"limit": 0},  # below 1
        {"limit": 1001},  # above the maximum
        {"expiry_days": -1},  # negative
        {"country": "Atlantis"},  # not a country
    ],
)
def test_bad_parameters(embedded_store: EmbeddedStore, params: dict[str, Any]) -> None:
    with pytest.raises(InvalidGapQuery):
        find_gaps(embedded_store, as_of=AS_OF, **params)


def test_empty_store(store: Store) -> None:
    answer = find_gaps(store, as_of=AS_OF)
    assert answer == {
        "items": [],
        "total": 0,
        "counts": dict.fromkeys(KINDS, 0),
        "as_of": "2013-06-01",
    }


# -- both stores agree -------------------------------------------------------------------------

QUERIES: list[dict[str, Any]] = [
    {"limit": 1000},
    {"kind": "parallel-efforts", "country": "KE"},
    {"theme": "humanitarian", "agency": "UNICEF"},
    {"kind": "integrity", "expiry_days": 90},
]


def _assert_same(embedded: Store, neo4j: Store, params: dict[str, Any]) -> None:
    a = find_gaps(embedded, as_of=AS_OF, **params)
    b = find_gaps(neo4j, as_of=AS_OF, **params)
    assert _canonical(a) == _canonical(b), params


@pytest.mark.neo4j
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(companies=st.integers(min_value=20, max_value=60), seed=st.integers(0, 10_000))
def test_stores_agree_on_generated_packages(
    both_stores: tuple[EmbeddedStore, Neo4jStore],
    tmp_path_factory: pytest.TempPathFactory,
    companies: int,
    seed: int,
) -> None:
    embedded, neo4j = both_stores
    embedded.clear()
    neo4j.clear()
    package = tmp_path_factory.mktemp("gaps-gen") / f"gen-{companies}-{seed}"
    generate_package(package, companies=companies, seed=seed)
    ingest_package(embedded, package)
    ingest_package(neo4j, package)
    for params in QUERIES:
        _assert_same(embedded, neo4j, params)


# Small random packages dense in the cases that matter: few agencies, countries and themes,
# so cells are shared, joint partnerships cover some pairs and not others, networks vary.
AGENCIES = ("A1", "A2", "A3", "A4")
COMPANIES = ("K1", "K2", "K3", "K4", "K5")
COUNTRIES = ("KE", "TZ", "UG")
THEMES = ("water", "food", "energy")

_partnerships = st.lists(
    st.fixed_dictionaries(
        {
            "agencies": st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=3, unique=True),
            "companies": st.lists(st.sampled_from(COMPANIES), min_size=1, max_size=2, unique=True),
            "themes": st.lists(st.sampled_from(THEMES), max_size=2, unique=True),
            "countries": st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True),
            "status": st.sampled_from(["active", "active", "closed", "proposed"]),
        }
    ),
    max_size=14,
)
_packages = st.fixed_dictionaries(
    {
        "partnerships": _partnerships,
        "networks": st.dictionaries(
            st.sampled_from(COUNTRIES), st.sampled_from(["formal", "emerging", "inactive", ""])
        ),
        "gc_status": st.lists(
            st.sampled_from(["active", "non-communicating", "expelled", ""]),
            min_size=len(COMPANIES),
            max_size=len(COMPANIES),
        ),
        "conveners": st.lists(
            st.lists(st.sampled_from(AGENCIES), max_size=2, unique=True), min_size=2, max_size=2
        ),
        "commitments": st.lists(
            st.tuples(st.sampled_from(COMPANIES), st.sampled_from(["I1", "I2"])), max_size=6
        ),
    }
)


def _write_package(path: Path, spec: dict[str, Any]) -> None:
    """A package of the drawn rows (multi-valued cells joined with ``|``)."""

    def write(name: str, header: str, rows: list[list[str]]) -> None:
        lines = [header, *(",".join(row) for row in rows)]
        (path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")

    path.mkdir(parents=True)
    write("agencies.csv", "id,name", [[a, f"Agency {a}"] for a in AGENCIES])
    write(
        "companies.csv",
        "id,name,country,gc_status",
        [
            [c, f"Company {c}", COUNTRIES[i % len(COUNTRIES)], status]
            for i, (c, status) in enumerate(zip(COMPANIES, spec["gc_status"], strict=True))
        ],
    )
    write(
        "initiatives.csv",
        "id,name,conveners,themes",
        [
            [f"I{i + 1}", f"Initiative {i + 1}", "|".join(conveners), THEMES[i]]
            for i, conveners in enumerate(spec["conveners"])
        ],
    )
    write(
        "local_networks.csv",
        "id,country,status",
        [[f"LN-{c}", c, status] for c, status in sorted(spec["networks"].items())],
    )
    write(
        "partnerships.csv",
        "id,title,agencies,companies,themes,countries,status",
        [
            [
                f"P{i:02d}",
                f"Partnership {i}",
                "|".join(p["agencies"]),
                "|".join(p["companies"]),
                "|".join(p["themes"]),
                "|".join(p["countries"]),
                p["status"],
            ]
            for i, p in enumerate(spec["partnerships"])
        ],
    )
    write(
        "commitments.csv",
        "id,company,initiative",
        [[f"CM{i}", c, initiative] for i, (c, initiative) in enumerate(spec["commitments"])],
    )


@pytest.mark.neo4j
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    spec=_packages,
    country=st.sampled_from([None, *COUNTRIES]),
    theme=st.sampled_from([None, *THEMES]),
    agency=st.sampled_from([None, *AGENCIES]),
)
def test_stores_agree_on_random_small_packages(
    both_stores: tuple[EmbeddedStore, Neo4jStore],
    tmp_path_factory: pytest.TempPathFactory,
    spec: dict[str, Any],
    country: str | None,
    theme: str | None,
    agency: str | None,
) -> None:
    embedded, neo4j = both_stores
    embedded.clear()
    neo4j.clear()
    package = tmp_path_factory.mktemp("gaps-random") / "random"
    _write_package(package, spec)
    ingest_package(embedded, package)
    ingest_package(neo4j, package)
    _assert_same(embedded, neo4j, {"limit": 1000})
    _assert_same(embedded, neo4j, {"country": country, "theme": theme, "agency": agency})


@pytest.mark.neo4j
def test_stores_agree_on_the_demo(both_stores: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo4j = both_stores
    ingest_package(embedded, DEMO)
    ingest_package(neo4j, DEMO)
    answer = find_gaps(embedded, as_of=AS_OF, limit=1000)
    assert all(answer["counts"][kind] > 0 for kind in KINDS), answer["counts"]
    for params in [*QUERIES, {"country": "BR"}, {"agency": "UNGC"}]:
        _assert_same(embedded, neo4j, params)
