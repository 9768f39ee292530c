"""Network views as data: known answers on the hand-built package (both stores) and the demo
(embedded): contents, duplication edges and their style, limit and summary nodes, filters."""

from __future__ import annotations

import datetime as dt
from collections import deque
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from graph.store import NodeRow, RelRow, Store
from ingest.load import ingest_package
from partnergraph.cli import DEMO_DIR
from queries.catalog import NotFound
from queries.duplication import find_duplication
from tests.store_fixtures import loaded_package_fixtures
from viz.network import (
    EDGE_STYLES,
    MAX_LIMIT,
    NODE_STYLES,
    Filters,
    View,
    agency_view,
    company_view,
    country_view,
    duplication_view,
)

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "small"
MID_2012 = dt.date(2012, 6, 30)

embedded_loaded, neo4j_loaded, store = loaded_package_fixtures(SMALL)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    demo_store = EmbeddedStore(tmp_path_factory.mktemp("demo") / "embedded")
    ingest_package(demo_store, DEMO_DIR)
    return demo_store


def node_ids(view: View) -> set[str]:
    return {n["id"] for n in view.nodes}


def edge_triples(view: View) -> set[tuple[str, str, str]]:
    return {(e["from"], e["type"], e["to"]) for e in view.edges}


def hops_from(view: View, start: str) -> dict[str, int]:
    around: dict[str, list[str]] = {n["id"]: [] for n in view.nodes}
    for e in view.edges:
        around[e["from"]].append(e["to"])
        around[e["to"]].append(e["from"])
    hops = {start: 0}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        for other in around[key]:
            if other not in hops:
                hops[other] = hops[key] + 1
                queue.append(other)
    return hops


# ---- contents ---------------------------------------------------------------------------


def test_company_view_holds_its_engagements_and_facts(store: Store) -> None:
    view = company_view(store, "KO", as_of=MID_2012)
    assert node_ids(view) == {
        "Company:KO",
        "Agency:UNDP",  # approached KO (A2)
        "Agency:UNICEF",  # leads P1, screened KO (S1)
        "Agency:WFP",  # approached "COCA-COLA CO", resolved to KO (A1)
        "Partnership:P1",
        "Initiative:EWEC",
        "Screening:S1",
        "Country:US",  # headquarters
        "Country:KE",
        "Country:BR",
    }
    assert {
        ("Agency:WFP", "APPROACHED", "Company:KO"),
        ("Agency:UNDP", "APPROACHED", "Company:KO"),
        ("Agency:UNICEF", "LEADS", "Partnership:P1"),
        ("Company:KO", "PARTNERS_IN", "Partnership:P1"),
        ("Partnership:P1", "PART_OF", "Initiative:EWEC"),
        ("Partnership:P1", "IN_COUNTRY", "Country:KE"),
        ("Screening:S1", "SCREENS", "Company:KO"),
        ("Agency:UNICEF", "CONDUCTED", "Screening:S1"),
        ("Company:KO", "HEADQUARTERED_IN", "Country:US"),
        ("Company:KO", "OPERATES_IN", "Country:BR"),
    } <= edge_triples(view)
    assert view.counts == {"nodes": 10, "edges": 15}
    assert view.hidden == {} and view.total == 10
    assert view.focus == "Company:KO" and view.page_url == "/companies/KO"


def test_company_view_shows_exclusion_matches_on_the_day(store: Store) -> None:
    listed = ("Company:ACMEM", "LISTED", "Exclusion:X1")
    # The World Bank entry is in force 2010-2015.
    assert listed in edge_triples(company_view(store, "ACMEM", as_of=MID_2012))
    assert listed not in edge_triples(company_view(store, "ACMEM", as_of=dt.date(2016, 6, 30)))


def test_agency_view_holds_partnerships_needs_and_overlaps(store: Store) -> None:
    view = agency_view(store, "UNICEF")
    assert node_ids(view) == {
        "Agency:UNICEF",
        "Agency:WFP",  # co-leads P2, overlaps on KO
        "Agency:UNDP",  # overlaps on KO
        "Partnership:P1",
        "Partnership:P2",
        "Company:KO",
        "Company:SAF",
        "Initiative:EWEC",  # convened, and P1's
        "Need:N1",
        "Country:KE",
    }
    overlaps = {t for t in edge_triples(view) if t[1] == "OVERLAP"}
    assert overlaps == {
        ("Agency:UNDP", "OVERLAP", "Agency:UNICEF"),
        ("Agency:UNICEF", "OVERLAP", "Agency:WFP"),
    }
    assert ("Agency:UNICEF", "PRESENT_IN", "Country:KE") in edge_triples(view)
    assert ("Agency:UNICEF", "SEEKS", "Need:N1") in edge_triples(view)


def test_country_view_holds_agencies_companies_and_the_local_network(store: Store) -> None:
    view = country_view(store, "ke")
    assert node_ids(view) == {
        "Country:KE",
        "Agency:UNDP",
        "Agency:UNICEF",
        "Agency:WFP",
        "Company:ACMEF",  # headquartered, network member
        "Company:ACMEM",  # headquartered
        "Company:KO",  # partner in P1, approached in Kenya
        "Company:SAF",
        "Company:ref-kenya-power-and-lighting",  # approached by UNDP, created by reference
        "Partnership:P1",
        "Partnership:P2",
        "Initiative:EWEC",
        "LocalNetwork:LN-KE",
        "Need:N1",
    }
    assert ("LocalNetwork:LN-KE", "NETWORK_IN", "Country:KE") in edge_triples(view)
    assert ("Company:SAF", "MEMBER_OF", "LocalNetwork:LN-KE") in edge_triples(view)
    assert view.page_url == "/countries/KE"


def test_duplication_view_is_find_duplication_drawn(store: Store) -> None:
    view = duplication_view(store)
    assert node_ids(view) == {"Company:KO", "Agency:UNDP", "Agency:UNICEF", "Agency:WFP"}
    assert edge_triples(view) == {
        ("Agency:UNDP", "DUPLICATION", "Company:KO"),
        ("Agency:UNICEF", "DUPLICATION", "Company:KO"),
        ("Agency:WFP", "DUPLICATION", "Company:KO"),
        ("Agency:UNDP", "OVERLAP", "Agency:UNICEF"),
        ("Agency:UNDP", "OVERLAP", "Agency:WFP"),
        ("Agency:UNICEF", "OVERLAP", "Agency:WFP"),
    }
    assert view.focus is None and view.page_url is None


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda s: company_view(s, "NOPE"), "NOPE"),  # unknown company
        (lambda s: agency_view(s, "NOPE"), "NOPE"),  # unknown agency
        (lambda s: country_view(s, "ZZ"), "ZZ"),  # a country nothing mentions
    ],
)
def test_unknown_ids_are_not_found(store: Store, build: Any, message: str) -> None:
    with pytest.raises(NotFound, match=message):
        build(store)


@pytest.mark.parametrize("limit", [0, 9, MAX_LIMIT + 1])
def test_limit_out_of_range_is_refused(store: Store, limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        company_view(store, "KO", limit=limit)


def test_same_view_on_every_store(store: Store, embedded_loaded: EmbeddedStore) -> None:
    for build in (
        lambda s: company_view(s, "KO", as_of=MID_2012),
        lambda s: agency_view(s, "UNICEF"),
        lambda s: country_view(s, "KE"),
        lambda s: duplication_view(s),
    ):
        assert build(store) == build(embedded_loaded)


# ---- what every node and edge carries ---------------------------------------------------


PAGES = {
    "Company": "/companies/",
    "Agency": "/agencies/",
    "Need": "/needs/",
    "Country": "/countries/",
    "LocalNetwork": "/countries/",  # the network's country
    "Screening": "/companies/",  # the screened company
    "Partnership": "/agencies/",  # its first lead agency
}


def test_nodes_carry_type_label_hover_colour_and_page(store: Store) -> None:
    view = country_view(store, "KE")
    for node in view.nodes:
        kind, _, own_id = node["id"].partition(":")
        style = NODE_STYLES[node["type"]]
        assert node["type"] == kind
        assert (node["color"], node["shape"]) == (style.color, style.shape)
        assert node["label"]
        lines = node["title"].split("\n")
        assert len(lines) >= 2 and lines[-1].startswith("Source: ")
        if kind in PAGES:
            assert node["url"].startswith(PAGES[kind]), node
        if kind in ("Company", "Agency", "Need", "Country"):
            assert node["url"] == PAGES[kind] + own_id
    assert {n["id"]: n["title"] for n in view.nodes}["Partnership:P1"].split("\n")[-1] == (
        "Source: small/partnerships.csv#2"
    )


def test_ids_are_unique_and_edges_join_drawn_nodes(demo: EmbeddedStore) -> None:
    view = agency_view(demo, "UNICEF", limit=60)
    ids = [n["id"] for n in view.nodes]
    assert len(ids) == len(set(ids))
    edge_ids = [e["id"] for e in view.edges]
    assert len(edge_ids) == len(set(edge_ids))
    for edge in view.edges:
        assert edge["from"] in ids and edge["to"] in ids
        assert edge["title"]


# ---- duplication edges ------------------------------------------------------------------


def test_duplication_edges_stand_out(store: Store) -> None:
    view = company_view(store, "KO", as_of=MID_2012)
    style = EDGE_STYLES["DUPLICATION"]
    duplication = [e for e in view.edges if e["type"] == "DUPLICATION"]
    assert {e["from"] for e in duplication} == {"Agency:UNDP", "Agency:UNICEF", "Agency:WFP"}
    for edge in duplication:
        assert edge["to"] == "Company:KO"
        assert edge["color"]["color"] == style.color == "#d62728"
        assert edge["dashes"] and edge["width"] >= 3
        assert edge["title"].startswith("Duplication (score 6.5): UNDP, UNICEF, WFP engage")
    ordinary = [e for e in view.edges if e["type"] == "LEADS"]
    assert ordinary[0]["width"] == 1 and ordinary[0]["dashes"] is False


def test_company_duplication_agrees_with_find_duplication(demo: EmbeddedStore) -> None:
    answer = find_duplication(demo, limit=1000)
    items = answer["items"][:15] + answer["items"][-5:]
    for item in items:
        view = company_view(demo, item["company"]["id"])
        drawn = {e["from"] for e in view.edges if e["type"] == "DUPLICATION"}
        assert drawn == {f"Agency:{a}" for a in item["agencies"]}, item["company"]
    reported = {i["company"]["id"] for i in answer["items"]}
    quiet = next(c["id"] for c in demo.iter_nodes("Company") if c["id"] not in reported)
    assert not [e for e in company_view(demo, quiet).edges if e["type"] == "DUPLICATION"]


def test_duplication_view_of_the_demo(demo: EmbeddedStore) -> None:
    answer = find_duplication(demo, limit=1000)
    agencies = {a for item in answer["items"] for a in item["agencies"]}
    view = duplication_view(demo)
    companies = {n["id"] for n in view.nodes if n["type"] == "Company"}
    assert companies == {f"Company:{i['company']['id']}" for i in answer["items"]}
    assert view.counts["nodes"] == answer["total"] + len(agencies) == 124
    duplication = [e for e in view.edges if e["type"] == "DUPLICATION"]
    assert len(duplication) == sum(len(i["agencies"]) for i in answer["items"])


# ---- limit and summary nodes ------------------------------------------------------------


def test_limit_keeps_the_nearest_and_summarises_the_rest(demo: EmbeddedStore) -> None:
    full = agency_view(demo, "UNICEF", limit=MAX_LIMIT)
    assert full.hidden == {} and full.total == full.counts["nodes"] == 263
    view = agency_view(demo, "UNICEF", limit=50)
    assert view.counts["nodes"] == 50
    assert view.total == 263
    summaries = [n for n in view.nodes if n["type"] == "More"]
    kept = [n["id"] for n in view.nodes if n["type"] != "More"]
    assert len(summaries) == len(view.hidden)
    assert len(kept) + sum(view.hidden.values()) == 263
    assert "Agency:UNICEF" in kept
    for summary in summaries:
        kind = summary["id"].split(":", 1)[1]
        count = view.hidden[kind]
        assert summary["label"].startswith(f"+{count} more ")
        assert summary["url"] == "/viz/agency/UNICEF?limit=263"  # large enough for all
    assert "+102 more companies" in {s["label"] for s in summaries}
    # Next to the focus the types take turns: every kind of neighbour gets some room.
    assert {k.split(":")[0] for k in kept} == {
        "Agency",
        "Company",
        "Partnership",
        "Initiative",
        "Country",
        "Need",
    }
    # The rule: nothing kept lies further from the focus than anything left out.
    hops = hops_from(full, "Agency:UNICEF")
    left_out = set(node_ids(full)) - set(kept)
    assert max(hops[k] for k in kept) <= min(hops[k] for k in left_out)


def test_summary_url_keeps_the_filters(demo: EmbeddedStore) -> None:
    view = agency_view(demo, "UNICEF", filters=Filters.build("health", None), limit=10)
    summaries = [n for n in view.nodes if n["type"] == "More"]
    assert summaries
    for summary in summaries:
        assert summary["url"] == f"/viz/agency/UNICEF?theme=health&limit={view.total}"
    assert view.counts["nodes"] == 10


# ---- filters ----------------------------------------------------------------------------


def test_theme_filter_keeps_the_engagements_on_the_theme(store: Store) -> None:
    view = company_view(store, "KO", filters=Filters.build("Food", None), as_of=MID_2012)
    ids = node_ids(view)
    assert "Partnership:P1" not in ids and "Initiative:EWEC" not in ids  # water, children
    approaches = {t for t in edge_triples(view) if t[1] == "APPROACHED"}
    assert approaches == {("Agency:WFP", "APPROACHED", "Company:KO")}  # A1 is on food
    # Options come from the unfiltered data, the chosen one selected.
    assert [t for t, _ in view.theme_options] == ["children", "energy", "food", "water"]
    assert view.filters.theme == "food"


def test_agency_filter_keeps_that_agency_s_engagements(store: Store) -> None:
    view = country_view(store, "KE", filters=Filters.build(None, "WFP"))
    ids = node_ids(view)
    assert "Partnership:P2" in ids  # led by WFP and UNICEF
    assert "Partnership:P1" not in ids and "Need:N1" not in ids  # UNICEF's alone
    assert "Company:ACMEM" not in ids  # merely headquartered in Kenya
    assert "LocalNetwork:LN-KE" in ids  # the country's own network stays


def test_agency_view_filtered_by_another_agency_shows_where_they_meet(store: Store) -> None:
    view = agency_view(store, "UNICEF", filters=Filters.build(None, "WFP"))
    ids = node_ids(view)
    assert "Partnership:P2" in ids  # co-led with WFP
    assert "Partnership:P1" in ids  # UNICEF's side of the overlap with WFP on KO
    assert "Need:N1" not in ids and "Initiative:EWEC" in ids  # P1's initiative
    overlaps = {t for t in edge_triples(view) if t[1] == "OVERLAP"}
    assert overlaps == {("Agency:UNICEF", "OVERLAP", "Agency:WFP")}
    assert [a for a, _ in view.agency_options] == ["UNDP", "WFP"]  # not UNICEF itself


def test_duplication_view_filters_like_the_api(demo: EmbeddedStore) -> None:
    view = duplication_view(demo, filters=Filters.build("water", "WHO"), country="PH")
    answer = find_duplication(demo, country="PH", theme="water", agency="WHO", limit=1000)
    companies = {n["id"] for n in view.nodes if n["type"] == "Company"}
    assert companies == {f"Company:{i['company']['id']}" for i in answer["items"]}
    assert view.params == {"country": "PH"}
    assert view.url() == "/viz/duplication?theme=water&agency=WHO&country=PH"


# ---- look-alikes --------------------------------------------------------------------------


def test_possible_duplicates_of_a_company_are_drawn(tmp_path: Path) -> None:
    lookalikes = EmbeddedStore(tmp_path / "embedded")
    ingest_package(lookalikes, SMALL)
    with lookalikes.transaction():
        lookalikes.upsert_nodes(
            "Company", [NodeRow("ACME2", {"name": "Acme Motor Ltd"}, "t/companies.csv#2")]
        )
        lookalikes.upsert_relationships(
            "POSSIBLY_SAME_AS",
            "Company",
            "Company",
            [RelRow("ACME2", "ACMEM", {"score": 0.91, "reason": "name"}, "t/resolve#1")],
        )
    view = company_view(lookalikes, "ACMEM", as_of=MID_2012)
    [edge] = [e for e in view.edges if e["type"] == "POSSIBLY_SAME_AS"]
    assert {edge["from"], edge["to"]} == {"Company:ACMEM", "Company:ACME2"}
    assert edge["dashes"] and "score: 0.91" in edge["title"]


def test_the_docs_give_the_palette() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "viz.md").read_text(encoding="utf-8")
    colours = [s.color for s in NODE_STYLES.values()] + [s.color for s in EDGE_STYLES.values()]
    for colour in colours:
        assert f"`{colour}`" in doc, colour
