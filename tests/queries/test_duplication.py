"""Duplication: known answers on a hand-built package, the rules on hand-made records,
monotonicity of the score (hypothesis), and the two stores giving the same JSON."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import Props, Store
from ingest.generate import DEMO_DIR, generate_package
from ingest.load import ingest_package
from ingest.package import read_package
from queries.duplication import (
    Candidate,
    DuplicationParams,
    InvalidDuplicationParameter,
    find_duplication,
    rank_duplication,
)
from tests.store_fixtures import loaded_package_fixtures

PACKAGE = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "duplication-basic"
ALL_REASONS = [
    "MULTIPLE_AGENCIES",
    "SAME_THEME",
    "SAME_COUNTRY",
    "OVERLAPPING_TIME",
    "COMPETING_FUNDING_ASKS",
]


embedded_loaded, neo4j_loaded, loaded = loaded_package_fixtures(PACKAGE, name="loaded")


def _run_id() -> str:
    return "run-" + read_package(PACKAGE).sha256[:16]


def _ids(answer: dict[str, Any]) -> list[str]:
    return [item["company"]["id"] for item in answer["items"]]


# ------------------------------------------------------------------------------------------
# Known answers on tests/fixtures/packages/duplication-basic (both stores)
# ------------------------------------------------------------------------------------------


def test_three_agencies_courting_one_company_in_one_month(loaded: Store) -> None:
    item = find_duplication(loaded)["items"][0]
    assert item["company"] == {"id": "AQUA", "name": "Aqua Kenya Ltd"}
    assert item["agencies"] == ["UNICEF", "WFP", "WHO"]
    # A-AQUA-2 names the company as "Aqua Kenya Limited": resolution put it on AQUA.
    assert [e["id"] for e in item["engagements"]] == ["A-AQUA-1", "A-AQUA-2", "A-AQUA-3"]
    assert item["engagements"][1] == {
        "agency": "WHO",
        "kind": "approach",
        "id": "A-AQUA-2",
        "date": "2012-03-12",
        "themes": ["water", "health"],
        "countries": ["KE"],
        "ask": "funding",
        "amount_usd": 250000.0,
        "funding": True,
        "status": "planned",
        "source": "duplication-basic/approaches.csv#3",
    }
    assert item["shared_themes"] == ["water"] and item["shared_countries"] == ["KE"]
    assert item["funding_agencies"] == ["UNICEF", "WFP", "WHO"]
    assert item["closest_days"] == 7
    # 2 (three agencies) + 1 (water) + 1 (KE) + 2 (three funding asks) + 30/37 (7 days)
    assert item["score"] == 6.8108
    assert item["reasons"] == ALL_REASONS


def test_approach_inside_another_agencys_active_partnership(loaded: Store) -> None:
    item = next(i for i in find_duplication(loaded)["items"] if i["company"]["id"] == "SOLAR")
    assert item["agencies"] == ["FAO", "UNDP"]
    assert item["closest_days"] == 0
    # 1 + 1 (energy) + 1 (IN) + 1 (funding ask vs philanthropy) + 1 (same day) + 0.5
    assert item["score"] == 5.5
    assert item["reasons"] == [*ALL_REASONS, "ACTIVE_PARTNERSHIP_EXISTS"]
    partnership = item["engagements"][0]
    assert partnership["kind"] == "partnership" and partnership["id"] == "P-SOLAR"
    assert partnership["start"] == "2010-01-01" and partnership["end"] is None
    assert partnership["value_usd"] == 1000000.0 and partnership["funding"] is True


def test_partnership_without_start_is_placed_at_its_end(loaded: Store) -> None:
    # P-NOSTART (WFP, proposed) has only an end, 2014-01-31; UNICEF approached on 2014-03-01.
    item = next(i for i in find_duplication(loaded)["items"] if i["company"]["id"] == "NOSTART")
    assert item["closest_days"] == 29
    assert [(e["id"], e.get("start"), e.get("end")) for e in item["engagements"]] == [
        ("P-NOSTART", None, "2014-01-31"),
        ("A-NOSTART-1", None, None),
    ]
    assert "NOSTART" not in _ids(find_duplication(loaded, window_days=28))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Defaults. Not reported: FARAPART (approaches four years apart), JOINT (UNICEF and
        # WHO co-lead P-JOINT; WHO's own approach is not competition with its co-lead),
        # UNDATED (a partnership with neither start nor end), CLOSED (closed partnership),
        # SELF (two approaches by the same agency).
        ({}, ["AQUA", "SOLAR", "NOSTART"]),
        ({"window_days": 2000}, ["AQUA", "SOLAR", "NOSTART", "FARAPART"]),  # wide window
        ({"window_days": 0}, ["SOLAR"]),  # same day or inside a span only
        ({"min_agencies": 3}, ["AQUA"]),  # only AQUA has three agencies
        ({"min_agencies": 4}, []),  # nobody has four
        ({"country": "KE"}, ["AQUA"]),  # country filter
        ({"country": "ke"}, ["AQUA"]),  # country codes are case-insensitive
        ({"country": "ET"}, ["NOSTART"]),  # country of a partnership and an approach
        ({"country": "FR"}, []),  # JOINT is in France but is no duplication
        ({"theme": "energy"}, ["SOLAR"]),  # theme filter
        ({"theme": "food"}, ["AQUA", "NOSTART"]),  # a theme of one side of the pair is enough
        ({"agency": "FAO"}, ["SOLAR"]),  # agency filter
        ({"agency": "UNICEF"}, ["AQUA", "NOSTART"]),
        ({"agency": "WHO", "country": "KE", "theme": "water"}, ["AQUA"]),  # filters combine
        ({"since": "2013-01-01"}, ["NOSTART"]),  # 2012 approaches left out
        ({"until": "2012"}, ["AQUA", "SOLAR"]),  # a year means its last day for until
        ({"since": "2012-03-12", "until": "2012-03-31"}, ["AQUA"]),  # A-AQUA-1 left out
        ({"since": "2012-03-13", "until": "2012-03-31"}, []),  # only WFP is left
        ({"limit": 1}, ["AQUA"]),  # limit cuts the list, not the total
    ],
)
def test_filters_and_negative_cases(
    loaded: Store, params: dict[str, Any], expected: list[str]
) -> None:
    answer = find_duplication(loaded, **params)
    assert _ids(answer) == expected
    if "limit" not in params:
        assert answer["total"] == len(expected)


def test_since_until_restrict_the_engagements_reported(loaded: Store) -> None:
    answer = find_duplication(loaded, since="2012-03-12", until="2012-03-31")
    item = answer["items"][0]
    assert item["agencies"] == ["WFP", "WHO"]
    assert [e["id"] for e in item["engagements"]] == ["A-AQUA-2", "A-AQUA-3"]
    assert answer["params"]["since"] == "2012-03-12" and answer["params"]["until"] == "2012-03-31"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"min_agencies": 1}, "min_agencies"),  # one agency is not duplication
        ({"window_days": -1}, "window_days"),  # negative window
        ({"limit": 0}, "limit"),  # limit below 1
        ({"limit": 1001}, "limit"),  # limit above 1000
        ({"since": "nope"}, "since"),  # not a date
        ({"until": "2012-02-30"}, "until"),  # no such day
        ({"since": "2012-13"}, "since"),  # no such month
        ({"since": "2013-01-01", "until": "2012-12-31"}, "after"),  # empty range
        ({"window_days": "7"}, "window_days"),  # a string is not an integer
    ],
)
def test_bad_parameters(params: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidDuplicationParameter, match=message):
        DuplicationParams.build(**params)


# ------------------------------------------------------------------------------------------
# The rules, on hand-made records (the shared pure function)
# ------------------------------------------------------------------------------------------


def _approach(
    id: str,
    agency: str,
    date: str,
    themes: tuple[str, ...] = ("water",),
    countries: tuple[str, ...] = ("KE",),
    ask: str = "expertise",
) -> Props:
    return {
        "id": id,
        "agency": agency,
        "date": date,
        "themes": list(themes),
        "countries": list(countries),
        "ask": ask,
        "status": "planned",
    }


def _partnership(
    id: str,
    agencies: tuple[str, ...],
    start: str | None,
    end: str | None = None,
    themes: tuple[str, ...] = ("water",),
    countries: tuple[str, ...] = ("KE",),
    type: str = "core-business",
    status: str = "active",
) -> Props:
    props: Props = {
        "id": id,
        "agencies": list(agencies),
        "themes": list(themes),
        "countries": list(countries),
        "type": type,
        "status": status,
    }
    if start:
        props["start"] = start
    if end:
        props["end"] = end
    return props


def _rank(approaches: list[Props], partnerships: list[Props], **params: Any) -> dict[str, Any]:
    candidate = Candidate("C1", "Company", approaches, partnerships)
    return rank_duplication([candidate], DuplicationParams.build(**params))


def test_joint_partnership_against_a_third_agency_counts_each_co_lead() -> None:
    answer = _rank(
        [_approach("A1", "WFP", "2012-06-01")],
        [_partnership("P1", ("UNICEF", "WHO"), "2012-01-01", "2012-12-31")],
    )
    item = answer["items"][0]
    assert item["agencies"] == ["UNICEF", "WFP", "WHO"]
    assert [(e["id"], e["agency"]) for e in item["engagements"]] == [
        ("P1", "UNICEF"),
        ("P1", "WHO"),
        ("A1", "WFP"),
    ]


@pytest.mark.parametrize(
    ("approaches", "partnerships"),
    [
        # one joint partnership alone: its co-leads cooperate
        ([], [_partnership("P1", ("UNICEF", "WHO"), "2012-01-01")]),
        # two joint partnerships of the same two agencies
        (
            [],
            [
                _partnership("P1", ("UNICEF", "WHO"), "2012-01-01"),
                _partnership("P2", ("WHO", "UNICEF"), "2012-02-01"),
            ],
        ),
        # a co-lead approaching the company it already partners with its co-lead
        (
            [_approach("A1", "WHO", "2012-06-01")],
            [_partnership("P1", ("UNICEF", "WHO"), "2012-01-01")],
        ),
        # a closed and a failed partnership are no current engagement
        (
            [_approach("A1", "WHO", "2012-06-01")],
            [
                _partnership("P1", ("UNICEF",), "2012-01-01", status="closed"),
                _partnership("P2", ("WFP",), "2012-01-01", status="failed"),
            ],
        ),
        # an undated partnership cannot be placed in time
        ([_approach("A1", "WHO", "2012-06-01")], [_partnership("P1", ("UNICEF",), None)]),
        # a partnership that ended more than a window before the approach
        (
            [_approach("A1", "WHO", "2012-06-01")],
            [_partnership("P1", ("UNICEF",), "2009-01-01", "2011-05-31")],
        ),
    ],
)
def test_not_duplication(approaches: list[Props], partnerships: list[Props]) -> None:
    assert _rank(approaches, partnerships)["items"] == []


def test_span_distances() -> None:
    # Span vs span: the gap between them (2011-12-31 to 2012-12-30 is 365 days).
    spans = [
        _partnership("P1", ("UNICEF",), "2011-01-01", "2011-12-31"),
        _partnership("P2", ("WHO",), "2012-12-30", None),
    ]
    assert _rank([], spans)["items"][0]["closest_days"] == 365
    assert _rank([], spans, window_days=364)["items"] == []
    # Date vs open-ended span: inside the span is 0, before it the distance to its start.
    inside = _rank([_approach("A1", "WFP", "2030-01-01")], spans[1:])
    assert inside["items"][0]["closest_days"] == 0
    before = _rank([_approach("A1", "UNICEF", "2012-12-01")], spans[1:])
    assert before["items"][0]["closest_days"] == 29


def test_shared_themes_come_from_overlapping_pairs_only() -> None:
    # UNICEF and WFP both work on water but 60 days apart; each is within 30 days of WHO.
    answer = _rank(
        [
            _approach("A1", "UNICEF", "2012-01-01", themes=("water",), countries=("KE",)),
            _approach("A2", "WHO", "2012-01-31", themes=("health",), countries=("UG",)),
            _approach("A3", "WFP", "2012-03-01", themes=("water",), countries=("TZ",)),
        ],
        [],
        window_days=30,
    )
    item = answer["items"][0]
    assert item["agencies"] == ["UNICEF", "WFP", "WHO"]
    assert item["shared_themes"] == [] and item["shared_countries"] == []
    assert item["reasons"] == ["MULTIPLE_AGENCIES", "OVERLAPPING_TIME"]


def test_ties_break_on_company_id_and_limit_keeps_the_total() -> None:
    records = [_approach("A1", "UNICEF", "2012-01-01"), _approach("A2", "WHO", "2012-01-01")]
    candidates = [Candidate(cid, None, records, []) for cid in ("C3", "C1", "C2")]
    answer = rank_duplication(candidates, DuplicationParams.build(limit=2))
    assert [i["company"]["id"] for i in answer["items"]] == ["C1", "C2"]
    assert answer["total"] == 3


# ------------------------------------------------------------------------------------------
# Monotonicity of the score (hypothesis, on the pure function)
# ------------------------------------------------------------------------------------------

AGENCIES = ("UNICEF", "WHO", "WFP", "UNDP", "FAO")
THEMES = ("water", "health", "food", "energy")
COUNTRIES = ("KE", "UG", "IN")
BASE_DAY = dt.date(2012, 1, 1).toordinal()


@st.composite
def _records(draw: st.DrawFn) -> tuple[list[Props], list[Props]]:
    """A company's engagements, dated within about three years."""

    def day() -> str:
        return dt.date.fromordinal(BASE_DAY + draw(st.integers(0, 1100))).isoformat()

    def subset(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(draw(st.lists(st.sampled_from(values), max_size=2, unique=True)))

    approaches = [
        _approach(
            f"A{n}",
            draw(st.sampled_from(AGENCIES)),
            day(),
            subset(THEMES),
            subset(COUNTRIES),
            draw(st.sampled_from(("funding", "expertise", "in-kind"))),
        )
        for n in range(draw(st.integers(0, 5)))
    ]
    partnerships = []
    for n in range(draw(st.integers(0, 3))):
        start = day() if draw(st.booleans()) else None
        end = None
        if draw(st.booleans()):
            first = dt.date.fromisoformat(start) if start else dt.date(2012, 1, 1)
            end = (first + dt.timedelta(days=draw(st.integers(0, 700)))).isoformat()
        partnerships.append(
            _partnership(
                f"P{n}",
                tuple(
                    draw(st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=3, unique=True))
                ),
                start,
                end,
                subset(THEMES),
                subset(COUNTRIES),
                draw(st.sampled_from(("philanthropy", "core-business", "in-kind"))),
                draw(st.sampled_from(("active", "proposed"))),
            )
        )
    return approaches, partnerships


def _score(approaches: list[Props], partnerships: list[Props], window: int) -> float:
    items = _rank(approaches, partnerships, window_days=window)["items"]
    return float(items[0]["score"]) if items else 0.0


WINDOWS = st.sampled_from([0, 30, 365])
MONOTONE = settings(max_examples=100, deadline=None)


@MONOTONE
@given(_records(), WINDOWS, st.sampled_from(("OTHER1", "OTHER2")), st.integers(0, 1100))
def test_adding_an_agency_never_lowers_the_score(
    records: tuple[list[Props], list[Props]], window: int, agency: str, offset: int
) -> None:
    approaches, partnerships = records
    date = dt.date.fromordinal(BASE_DAY + offset).isoformat()
    extra = _approach("A-NEW", agency, date, ("water",), ("KE",), "funding")
    before = _score(approaches, partnerships, window)
    assert _score([*approaches, extra], partnerships, window) >= before


@MONOTONE
@given(_records(), WINDOWS)
def test_adding_an_agency_on_the_same_day_raises_the_score(
    records: tuple[list[Props], list[Props]], window: int
) -> None:
    approaches, partnerships = records
    before = _score(approaches, partnerships, window)
    if not before or not approaches:
        return
    same_day = _approach("A-NEW", "OTHER", approaches[0]["date"])
    items = _rank(approaches, partnerships, window_days=window)["items"]
    if approaches[0]["id"] not in {e["id"] for e in items[0]["engagements"]}:
        return
    assert _score([*approaches, same_day], partnerships, window) > before


@MONOTONE
@given(_records(), WINDOWS, st.data())
def test_adding_a_theme_or_a_country_never_lowers_the_score(
    records: tuple[list[Props], list[Props]], window: int, data: st.DataObject
) -> None:
    approaches, partnerships = records
    everything = approaches + partnerships
    if not everything:
        return
    before = _score(approaches, partnerships, window)
    target = data.draw(st.sampled_from(everything))
    key, values = data.draw(st.sampled_from((("themes", THEMES), ("countries", COUNTRIES))))
    value = data.draw(st.sampled_from(values))
    if value not in target[key]:
        target[key] = [*target[key], value]
    assert _score(approaches, partnerships, window) >= before


@MONOTONE
@given(_records(), WINDOWS, st.data())
def test_adding_a_funding_ask_never_lowers_the_score(
    records: tuple[list[Props], list[Props]], window: int, data: st.DataObject
) -> None:
    approaches, partnerships = records
    everything = approaches + partnerships
    if not everything:
        return
    before = _score(approaches, partnerships, window)
    target = data.draw(st.sampled_from(everything))
    if "agency" in target:
        target["ask"] = "funding"
    else:
        target["type"] = data.draw(st.sampled_from(("philanthropy", "innovative-finance")))
    assert _score(approaches, partnerships, window) >= before


def _squeeze(iso: str | None, centre: int, num: int, den: int) -> str | None:
    """Move a day towards ``centre`` by the factor num/den (order kept, no gap grows)."""
    if iso is None:
        return None
    day = dt.date.fromisoformat(iso).toordinal()
    return dt.date.fromordinal(centre + (day - centre) * num // den).isoformat()


@MONOTONE
@given(_records(), WINDOWS, st.integers(0, 1100), st.integers(0, 9))
def test_moving_engagements_closer_never_lowers_the_score(
    records: tuple[list[Props], list[Props]], window: int, centre: int, tenths: int
) -> None:
    approaches, partnerships = records
    before = _score(approaches, partnerships, window)
    centre += BASE_DAY
    closer_a = [{**a, "date": _squeeze(a["date"], centre, tenths, 10)} for a in approaches]
    closer_p = []
    for p in partnerships:
        moved = dict(p)
        for key in ("start", "end"):
            if key in p:
                moved[key] = _squeeze(p[key], centre, tenths, 10)
        closer_p.append(moved)
    assert _score(closer_a, closer_p, window) >= before


def _naive_agencies(approaches: list[Props], partnerships: list[Props], window: int) -> list[str]:
    """The agencies in overlapping pairs, straight from the rules (every pair of units)."""
    units = []
    for a in approaches:
        day = dt.date.fromisoformat(a["date"]).toordinal()
        units.append((a["id"], (a["agency"],), a["agency"], day, day))
    for x in partnerships:
        first = x.get("start") or x.get("end")
        if not first:
            continue
        last = dt.date.fromisoformat(x["end"]).toordinal() if x.get("end") else 10**9
        for agency in x["agencies"]:
            units.append((x["id"], tuple(x["agencies"]), agency, _ordinal(first), last))
    found: set[str] = set()
    for id1, leads1, g1, f1, l1 in units:
        for id2, leads2, g2, f2, l2 in units:
            cooperating = g2 in leads1 or g1 in leads2
            if id1 != id2 and not cooperating and max(0, f2 - l1, f1 - l2) <= window:
                found.update((g1, g2))
    return sorted(found)


def _ordinal(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()


@MONOTONE
@given(_records(), WINDOWS)
def test_pairs_follow_the_rules(records: tuple[list[Props], list[Props]], window: int) -> None:
    approaches, partnerships = records
    items = _rank(approaches, partnerships, window_days=window)["items"]
    expected = _naive_agencies(approaches, partnerships, window)
    assert (items[0]["agencies"] if items else []) == (expected if len(expected) >= 2 else [])


def test_closeness_is_strict_for_two_approaches() -> None:
    scores = [
        _score([_approach("A1", "UNICEF", "2012-01-01"), _approach("A2", "WHO", day)], [], 365)
        for day in ("2012-12-01", "2012-06-01", "2012-01-15", "2012-01-01")
    ]
    assert scores == sorted(scores) and len(set(scores)) == 4


# ------------------------------------------------------------------------------------------
# Both stores, same JSON
# ------------------------------------------------------------------------------------------


def _variants(store: Store) -> list[dict[str, Any]]:
    """Parameter sets that exercise every branch of both retrievals on this data."""
    approaches = list(store.iter_nodes("Approach"))
    dates = sorted(a["date"] for a in approaches)
    country = Counter(c for a in approaches for c in a.get("countries", [])).most_common(1)
    theme = Counter(t for a in approaches for t in a.get("themes", [])).most_common(1)
    agency = Counter(a["agency"] for a in approaches).most_common(1)
    variants: list[dict[str, Any]] = [
        {},
        {"window_days": 0},
        {"window_days": 30},
        {"window_days": 3650, "min_agencies": 3},
    ]
    if country:
        variants.append({"country": country[0][0]})
        variants.append({"country": country[0][0], "theme": theme[0][0] if theme else None})
    if theme:
        variants.append({"theme": theme[0][0], "window_days": 90})
    if agency:
        variants.append({"agency": agency[0][0]})
    if dates:
        variants.append({"since": dates[len(dates) // 3], "until": dates[2 * len(dates) // 3]})
        variants.append({"since": dates[len(dates) // 2], "agency": agency[0][0]})
    return variants


def _assert_same_answers(embedded: Store, neo4j: Store) -> int:
    reported = 0
    for params in _variants(embedded):
        left = find_duplication(embedded, limit=1000, **params)
        right = find_duplication(neo4j, limit=1000, **params)
        assert json.dumps(left, sort_keys=True) == json.dumps(right, sort_keys=True), params
        reported += left["total"]
    return reported


@pytest.mark.neo4j
def test_both_stores_agree_on_the_hand_built_package(
    embedded_store: EmbeddedStore, neo4j_store: Neo4jStore
) -> None:
    for store in (embedded_store, neo4j_store):
        ingest_package(store, PACKAGE)
    assert _assert_same_answers(embedded_store, neo4j_store) > 0


@pytest.mark.neo4j
def test_both_stores_agree_on_the_demo(
    embedded_store: EmbeddedStore, neo4j_store: Neo4jStore
) -> None:
    for store in (embedded_store, neo4j_store):
        ingest_package(store, DEMO_DIR)
    assert _assert_same_answers(embedded_store, neo4j_store) > 0


@pytest.mark.neo4j
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 10_000), companies=st.integers(20, 40))
def test_both_stores_agree_on_generated_packages(
    embedded_store: EmbeddedStore, neo4j_store: Neo4jStore, seed: int, companies: int
) -> None:
    embedded_store.clear()
    neo4j_store.clear()
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / f"gen-{seed}-{companies}"
        generate_package(package, companies=companies, seed=seed)
        for store in (embedded_store, neo4j_store):
            ingest_package(store, package)
    _assert_same_answers(embedded_store, neo4j_store)
