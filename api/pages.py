"""The partner hub's HTML pages: the hub, search, and one page per company, agency, need and
country (issue 4). Server-rendered with Jinja2; no page needs JavaScript.

Every page answers "as of" one day, because the questions do: a screening expires, a need
closes, an approach is "of the moment" only relative to a day. A page takes ``?as_of=``;
without it the day is :func:`default_as_of` — the newest day on which the data records
something done, never after today — so that the bundled demo (mid-2013) shows live alerts
and open needs, while current data is shown as of today.

The pages only read: the store contract and the question functions of :mod:`queries`, so
they serve Neo4j as they serve the embedded store. What the hub sums over all records (the
overview tables, the default day) is kept per store and per version of the data
(:func:`queries.search.data_version`), so a warm hub costs one small query.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import StoreDep
from graph import model
from graph.store import Props, Store
from ingest.countries import country_name
from ingest.reference_data import COUNTRY_REGION, REGIONS
from queries.catalog import NotFound, company_record, get_one
from queries.duplication import find_duplication
from queries.gaps import find_gaps
from queries.matchmaking import match_company, match_need
from queries.search import DataVersion, data_version, is_open, search, search_index

router = APIRouter(include_in_schema=False)
logger = logging.getLogger(__name__)
T = TypeVar("T")

TEMPLATES_DIR: Final = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)

ALERT_WINDOW_DAYS: Final = 365
"""Duplication "of the moment": engagements in the year up to the page's day."""
TOP: Final = 10
"""Alerts and gaps on the hub."""
LIST_CAP: Final = 20_000
"""Most records of one kind read for one page (an agency's approaches, a country's
partnerships), to pick the newest; the page says when there were more."""
SHOWN: Final = 100
"""Rows shown per table, newest first."""
MATCHES: Final = 10
OTHER_REGION: Final = "Other"

KIND_LABELS: Final[dict[str, str]] = {
    "parallel-efforts": "Parallel efforts",
    "no-local-network": "No local network",
    "integrity": "Integrity",
    "initiative-disconnect": "Initiative disconnect",
}
REASON_LABELS: Final[dict[str, str]] = {
    "MULTIPLE_AGENCIES": "several agencies",
    "SAME_THEME": "same theme",
    "SAME_COUNTRY": "same country",
    "OVERLAPPING_TIME": "at the same time",
    "COMPETING_FUNDING_ASKS": "competing funding asks",
    "ACTIVE_PARTNERSHIP_EXISTS": "during another agency's active partnership",
}


# ==========================================================================================
# Errors shown as pages
# ==========================================================================================


class PageError(Exception):
    """A page that cannot be shown, with the status and the words a person reads."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


def _not_found(what: str, node_id: str) -> PageError:
    return PageError(404, f"No {what} {node_id}", f"There is no {what} with the id “{node_id}”.")


def _found(what: str, node_id: str, read: Callable[[], T]) -> T:
    """``read()``, with the question's ``NotFound`` turned into the page's 404."""
    try:
        return read()
    except NotFound as exc:
        raise _not_found(what, node_id) from exc


# ==========================================================================================
# Per-store caches, dropped when the data changes
# ==========================================================================================


@dataclass
class _StoreCache:
    version: DataVersion
    values: dict[tuple[Any, ...], Any] = field(default_factory=dict)


_CACHES: weakref.WeakKeyDictionary[Any, _StoreCache] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
_MAX_VALUES: Final = 64
"""Entries kept per store: a few days' worth of hub answers; the oldest go first."""


def cached(store: Store, version: DataVersion, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept per store until the data changes (``version``); the network views
    keep their pages here too."""
    with _CACHE_LOCK:
        cache = _CACHES.get(store)
        if cache is None or cache.version != version:
            cache = _CACHES[store] = _StoreCache(version)
        if key in cache.values:
            value: T = cache.values[key]
            return value
    value = compute()  # outside the lock: a slow question must not hold up other pages
    with _CACHE_LOCK:
        if cache.version == version:
            if len(cache.values) >= _MAX_VALUES:
                cache.values.pop(next(iter(cache.values)))
            cache.values[key] = value
    return value


# ==========================================================================================
# The day a page is for
# ==========================================================================================


def latest_activity_day(store: Store) -> dt.date | None:
    """The newest day on which the data records something done: an approach made (not one
    still ``planned``, which may lie ahead) or a due-diligence screening."""
    days = [
        a["date"]
        for a in store.iter_nodes(model.APPROACH)
        if a.get("date") and a.get("status") != "planned"
    ]
    days += [s["date"] for s in store.iter_nodes(model.SCREENING) if s.get("date")]
    if not days:
        return None
    try:
        return dt.date.fromisoformat(max(days)[:10])
    except ValueError:
        return None


def default_as_of(store: Store, version: DataVersion | None = None) -> dt.date:
    """The day pages answer for when none is asked: the newest recorded activity, or today
    if that is later or the store is empty (see the module docstring)."""
    version = data_version(store) if version is None else version
    latest = cached(store, version, ("latest-activity",), lambda: latest_activity_day(store))
    today = dt.date.today()
    return min(latest, today) if latest else today


@dataclass(frozen=True)
class Day:
    """The page's day and whether the person chose it (then links carry it along)."""

    value: dt.date
    chosen: bool

    @property
    def iso(self) -> str:
        return self.value.isoformat()


def _day(store: Store, version: DataVersion, as_of: str | None) -> Day:
    if as_of is None or not as_of.strip():
        return Day(default_as_of(store, version), chosen=False)
    try:
        return Day(dt.date.fromisoformat(as_of.strip()), chosen=True)
    except ValueError as exc:
        raise PageError(
            422, "Not a date", f"“{as_of}” is not a date; write it as YYYY-MM-DD."
        ) from exc


def _window(day: dt.date) -> tuple[str, str]:
    return (day - dt.timedelta(days=ALERT_WINDOW_DAYS)).isoformat(), day.isoformat()


# ==========================================================================================
# Rendering
# ==========================================================================================

_PATHS: Final[dict[str, str]] = {
    "company": "/companies/",
    "agency": "/agencies/",
    "need": "/needs/",
    "country": "/countries/",
}
_VIZ: Final[dict[str, str]] = {
    "company": "/viz/company/",
    "agency": "/viz/agency/",
    "country": "/viz/country/",
}


@dataclass(frozen=True)
class Links:
    """URLs of the hub's pages; a day the person chose is carried to the next page."""

    day: Day

    def _suffix(self) -> str:
        return "?" + urlencode({"as_of": self.day.iso}) if self.day.chosen else ""

    def page(self, kind: str, node_id: str) -> str:
        return _PATHS[kind] + quote(str(node_id), safe="") + self._suffix()

    def viz(self, kind: str, node_id: str | None = None) -> str:
        if node_id is None:
            return "/viz/duplication"
        return (
            _VIZ[kind]
            + quote(str(node_id), safe="")
            + (self._suffix() if kind == "company" else "")
        )

    def home(self) -> str:
        return "/" + self._suffix()

    def search(self, q: str) -> str:
        params = {"q": q, **({"as_of": self.day.iso} if self.day.chosen else {})}
        return "/search?" + urlencode(params)


def _country(code: str | None) -> str:
    return country_name(code) if code else ""


templates.env.filters["country"] = _country
templates.env.filters["kind_label"] = lambda kind: KIND_LABELS.get(kind, kind)
templates.env.filters["reason_label"] = lambda code: REASON_LABELS.get(code, code)
templates.env.filters["money"] = lambda v: f"US${v:,.0f}" if isinstance(v, int | float) else ""


def _render(
    request: Request,
    name: str,
    day: Day | None,
    context: dict[str, Any],
    status_code: int = 200,
) -> HTMLResponse:
    shown_day = day or Day(dt.date.today(), chosen=False)
    return templates.TemplateResponse(
        request,
        name,
        {
            "day": shown_day,
            "links": Links(shown_day),
            "q": context.pop("q", ""),
            **context,
        },
        status_code=status_code,
    )


def _error(request: Request, error: PageError, day: Day | None = None) -> HTMLResponse:
    return _render(
        request,
        "error.html",
        day,
        {"title": error.title, "message": error.message, "status": error.status},
        status_code=error.status,
    )


def _newest_first(items: Iterable[Props], *keys: str) -> list[Props]:
    def when(item: Props) -> str:
        return next((str(item[k]) for k in keys if item.get(k)), "")

    return sorted(items, key=lambda item: (when(item), item["id"]), reverse=True)


def _closing_first(needs: Iterable[Props]) -> list[Props]:
    """Open needs, the nearest deadline first (no deadline last)."""
    return sorted(needs, key=lambda n: (not n.get("deadline"), n.get("deadline") or "", n["id"]))


def _names(store: Store, label: str, ids: Iterable[str]) -> dict[str, str]:
    """Display names of many nodes in one read."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    nodes = store.get_nodes(label, wanted)
    return {i: str(p.get("name") or p.get("title") or i) for i, p in nodes.items()}


def _company_names(
    store: Store, partnerships: Iterable[Props], approaches: Iterable[Props]
) -> dict[str, str]:
    """Display names of the companies in the partnerships and of those approached."""
    company_ids = [c for p in partnerships for c in p.get("companies") or []]
    company_ids += [a["company"] for a in approaches if a.get("company")]
    return _names(store, model.COMPANY, company_ids)


# ==========================================================================================
# The hub's overview: counts by agency, region and theme
# ==========================================================================================


def region_of(code: str, network_regions: Mapping[str, str]) -> str:
    """A country's region: the one the data gives its local network, else the Global
    Compact's regions of :mod:`ingest.reference_data`, else "Other".

    >>> region_of("KE", {}), region_of("DK", {"DK": "Nordic"}), region_of("AQ", {})
    ('Africa', 'Nordic', 'Other')
    """
    return network_regions.get(code) or COUNTRY_REGION.get(code) or OTHER_REGION


def _recent(day: str | None, since: str, until: str) -> bool:
    return bool(day) and since < str(day)[:10] <= until


def build_overview(
    agencies: Iterable[Props],
    partnerships: Iterable[Props],
    approaches: Iterable[Props],
    needs: Iterable[Props],
    networks: Iterable[Props],
    as_of: dt.date,
) -> dict[str, Any]:
    """Counts by agency, region and theme "now": active partnerships, approaches in the
    year up to ``as_of``, needs open on ``as_of``, and who takes part (pure)."""
    since, until = _window(as_of)
    networks = list(networks)
    network_regions: dict[str, str] = {}
    networks_by_region: Counter[str] = Counter()
    formal_by_region: Counter[str] = Counter()
    for network in networks:
        code = network.get("country")
        if code and network.get("region"):
            network_regions.setdefault(code, network["region"])
    for network in networks:
        region = region_of(network.get("country") or "", network_regions)
        networks_by_region[region] += 1
        formal_by_region[region] += network.get("status") == "formal"

    def zero() -> dict[str, Any]:
        return {"partnerships": 0, "approaches": 0, "needs": 0, "who": set(), "where": set()}

    by_agency: dict[str, dict[str, Any]] = defaultdict(zero)
    by_region: dict[str, dict[str, Any]] = defaultdict(zero)
    by_theme: dict[str, dict[str, Any]] = defaultdict(zero)

    def count(
        kind: str, agencies_of: Iterable[str], countries: Iterable[str], themes: Iterable[str]
    ) -> None:
        agency_ids = sorted(set(agencies_of))
        regions = {region_of(c, network_regions) for c in countries}
        for agency in agency_ids:
            by_agency[agency][kind] += 1
        for region in regions:
            by_region[region][kind] += 1
            by_region[region]["where"].update(
                c for c in countries if region_of(c, network_regions) == region
            )
        for theme in set(themes):
            by_theme[theme][kind] += 1
            by_theme[theme]["who"].update(agency_ids)

    for p in partnerships:
        if p.get("status") == "active":
            count(
                "partnerships",
                p.get("agencies") or [],
                p.get("countries") or [],
                p.get("themes") or [],
            )
            for agency in p.get("agencies") or []:
                by_agency[agency]["who"].update(p.get("companies") or [])
    for a in approaches:
        if _recent(a.get("date"), since, until):
            agency_ids = [a["agency"]] if a.get("agency") else []
            count("approaches", agency_ids, a.get("countries") or [], a.get("themes") or [])
            for agency in agency_ids:
                if a.get("company"):
                    by_agency[agency]["who"].add(a["company"])
    for n in needs:
        if is_open(n, as_of):
            agency_ids = [n["agency"]] if n.get("agency") else []
            count("needs", agency_ids, n.get("countries") or [], n.get("themes") or [])

    agency_rows = [
        {
            "id": a["id"],
            "name": a.get("name") or a["id"],
            "partnerships": by_agency[a["id"]]["partnerships"],
            "approaches": by_agency[a["id"]]["approaches"],
            "needs": by_agency[a["id"]]["needs"],
            "companies": len(by_agency[a["id"]]["who"]),
        }
        for a in agencies
    ]
    agency_rows.sort(key=lambda r: (-r["partnerships"], -r["approaches"], r["id"]))
    region_names = [*REGIONS, *sorted((set(by_region) | set(networks_by_region)) - set(REGIONS))]
    region_rows = [
        {
            "region": region,
            "countries": len(by_region[region]["where"]) if region in by_region else 0,
            "partnerships": by_region[region]["partnerships"] if region in by_region else 0,
            "approaches": by_region[region]["approaches"] if region in by_region else 0,
            "needs": by_region[region]["needs"] if region in by_region else 0,
            "networks": networks_by_region[region],
            "formal_networks": formal_by_region[region],
        }
        for region in region_names
    ]
    theme_rows = [
        {
            "theme": theme,
            "partnerships": row["partnerships"],
            "approaches": row["approaches"],
            "needs": row["needs"],
            "agencies": len(row["who"]),
        }
        for theme, row in by_theme.items()
    ]
    theme_rows.sort(key=lambda r: (-r["partnerships"], -r["approaches"], r["theme"]))
    return {
        "since": since,
        "until": until,
        "by_agency": agency_rows,
        "by_region": region_rows,
        "by_theme": theme_rows,
    }


def overview(store: Store, as_of: dt.date) -> dict[str, Any]:
    """:func:`build_overview` over the store's records (five reads)."""
    return build_overview(
        store.iter_nodes(model.AGENCY),
        store.iter_nodes(model.PARTNERSHIP),
        store.iter_nodes(model.APPROACH),
        store.iter_nodes(model.NEED),
        store.iter_nodes(model.LOCAL_NETWORK),
        as_of,
    )


def _hub_facts(store: Store, as_of: dt.date) -> dict[str, Any]:
    since, until = _window(as_of)
    alerts = find_duplication(store, since=since, until=until, limit=TOP)
    gaps = find_gaps(store, as_of=as_of, limit=TOP)
    return {
        "alerts": alerts["items"],
        "alerts_total": alerts["total"],
        "gaps": gaps["items"],
        "gaps_total": gaps["total"],
        "gap_counts": gaps["counts"],
        "overview": overview(store, as_of),
        "counts": store.counts(),
    }


# ==========================================================================================
# The pages
# ==========================================================================================


def warm_up(store: Store) -> None:
    """Compute what the first visitor would otherwise wait for: the default day, the hub's
    facts and the search index (seconds at 100,000 companies). Run by ``partnergraph serve``
    in a background thread at start; a failure (the store down) is logged, and the pages
    compute it on demand later."""
    try:
        version = data_version(store)
        day = default_as_of(store, version)
        cached(store, version, ("hub", day), lambda: _hub_facts(store, day))
        search_index(store)
    except Exception:
        logger.warning("warming up the hub failed; pages will compute on demand", exc_info=True)


@router.get("/", response_class=HTMLResponse)
def hub(request: Request, store: StoreDep, as_of: str | None = None) -> HTMLResponse:
    """The hub: search, duplication alerts, coordination gaps, counts."""
    version = data_version(store)
    try:
        day = _day(store, version, as_of)
    except PageError as error:
        return _error(request, error)
    facts = cached(store, version, ("hub", day.value), lambda: _hub_facts(store, day.value))
    agency_names = {row["id"]: row["name"] for row in facts["overview"]["by_agency"]}
    return _render(
        request,
        "hub.html",
        day,
        {"title": "Partner hub", "agency_names": agency_names, **facts},
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, store: StoreDep, q: str = "", as_of: str | None = None
) -> HTMLResponse:
    """Companies (fuzzy), agencies and open needs matching ``q``."""
    version = data_version(store)
    try:
        day = _day(store, version, as_of)
    except PageError as error:
        return _error(request, error)
    text = q.strip()[:200]
    results = search(store, text, limit=20, as_of=day.value) if text else None
    title = f"Search: {text}" if text else "Search"
    return _render(request, "search.html", day, {"title": title, "q": text, "results": results})


@router.get("/companies/{company_id}", response_class=HTMLResponse)
def company_page(
    request: Request, store: StoreDep, company_id: str, as_of: str | None = None
) -> HTMLResponse:
    """Who engages the company, its screening, best needs, commitments, networks."""
    try:
        day = _day(store, data_version(store), as_of)
        record = _found(
            "company", company_id, lambda: company_record(store, company_id, as_of=day.value)
        )
    except PageError as error:
        return _error(request, error)
    cid = record["id"]
    matches = match_company(store, cid, as_of=day.value, limit=MATCHES)
    initiatives = _names(
        store, model.INITIATIVE, (c.get("initiative") for c in record["commitments"])
    )
    hq_networks: list[Props] = []
    if not record["networks"] and record.get("country"):
        hq_networks = store.find_nodes(
            model.LOCAL_NETWORK, equals={"country": record["country"]}, limit=5
        ).items
    engagement_counts = Counter(
        e["kind"] for agency in record["agencies"] for e in agency["engagements"]
    )
    return _render(
        request,
        "company.html",
        day,
        {
            "title": record.get("name") or cid,
            "c": record,
            "matches": matches,
            "initiative_names": initiatives,
            "hq_networks": hq_networks,
            "engagement_counts": engagement_counts,
        },
    )


@router.get("/agencies/{agency_id}", response_class=HTMLResponse)
def agency_page(
    request: Request, store: StoreDep, agency_id: str, as_of: str | None = None
) -> HTMLResponse:
    """An agency's partnerships, approaches, needs and overlaps with other agencies."""
    try:
        day = _day(store, data_version(store), as_of)
        agency = _found("agency", agency_id, lambda: get_one(store, model.AGENCY, agency_id))
    except PageError as error:
        return _error(request, error)
    aid = agency["id"]
    partnerships = store.find_nodes(model.PARTNERSHIP, contains={"agencies": aid}, limit=LIST_CAP)
    approaches = store.find_nodes(model.APPROACH, equals={"agency": aid}, limit=LIST_CAP)
    needs = store.find_nodes(model.NEED, equals={"agency": aid}, limit=LIST_CAP)
    since, until = _window(day.value)
    overlaps = find_duplication(store, agency=aid, since=since, until=until, limit=50)
    others: Counter[str] = Counter(
        other for item in overlaps["items"] for other in item["agencies"] if other != aid
    )
    shown_partnerships = _newest_first(partnerships.items, "start", "end")[:SHOWN]
    shown_approaches = _newest_first(approaches.items, "date")[:SHOWN]
    agency_names = _names(
        store,
        model.AGENCY,
        [*others, *(a for p in shown_partnerships for a in p.get("agencies") or [])],
    )
    open_needs = _closing_first(n for n in needs.items if is_open(n, day.value))
    other_needs = _newest_first((n for n in needs.items if not is_open(n, day.value)), "deadline")
    return _render(
        request,
        "agency.html",
        day,
        {
            "title": agency.get("name") or aid,
            "a": agency,
            "partnerships": shown_partnerships,
            "partnerships_total": partnerships.total,
            "active_total": sum(p.get("status") == "active" for p in partnerships.items),
            "approaches": shown_approaches,
            "approaches_total": approaches.total,
            "open_needs": open_needs[:SHOWN],
            "open_total": len(open_needs),
            "other_needs": other_needs[:SHOWN],
            "other_total": len(other_needs),
            "overlaps": overlaps["items"],
            "overlaps_total": overlaps["total"],
            "overlap_agencies": others.most_common(),
            "since": since,
            "company_names": _company_names(store, shown_partnerships, shown_approaches),
            "agency_names": agency_names,
            "cap": LIST_CAP,
            "shown": SHOWN,
        },
    )


@router.get("/needs/{need_id}", response_class=HTMLResponse)
def need_page(
    request: Request, store: StoreDep, need_id: str, as_of: str | None = None
) -> HTMLResponse:
    """A need and the companies that fit it best, each with its explanation."""
    try:
        day = _day(store, data_version(store), as_of)
        need = _found("need", need_id, lambda: get_one(store, model.NEED, need_id))
    except PageError as error:
        return _error(request, error)
    matches = match_need(store, need["id"], as_of=day.value, limit=MATCHES)
    agency = store.get_node(model.AGENCY, need.get("agency") or "") if need.get("agency") else None
    return _render(
        request,
        "need.html",
        day,
        {
            "title": need.get("title") or need["id"],
            "n": need,
            "open": is_open(need, day.value),
            "agency": agency,
            "matches": matches["items"],
        },
    )


@router.get("/countries/{iso2}", response_class=HTMLResponse)
def country_page(
    request: Request, store: StoreDep, iso2: str, as_of: str | None = None
) -> HTMLResponse:
    """Agencies present, partnerships, companies, the local network and gaps in a country."""
    code = iso2.strip().upper()
    try:
        day = _day(store, data_version(store), as_of)
        country = _found("country", iso2, lambda: get_one(store, model.COUNTRY, code))
    except PageError as error:
        return _error(request, error)
    present = store.related(model.COUNTRY, code, "PRESENT_IN", "in", model.AGENCY)
    partnerships = store.find_nodes(model.PARTNERSHIP, contains={"countries": code}, limit=LIST_CAP)
    approaches = store.find_nodes(model.APPROACH, contains={"countries": code}, limit=LIST_CAP)
    needs = store.find_nodes(model.NEED, contains={"countries": code}, limit=LIST_CAP)
    headquartered = store.find_nodes(model.COMPANY, equals={"country": code}, limit=SHOWN)
    operating = store.find_nodes(model.COMPANY, contains={"countries": code}, limit=1)
    networks = store.find_nodes(model.LOCAL_NETWORK, equals={"country": code}, limit=10)
    gaps = find_gaps(store, country=code, as_of=day.value, limit=50)
    open_needs = _closing_first(n for n in needs.items if is_open(n, day.value))
    since, until = _window(day.value)
    shown_partnerships = _newest_first(partnerships.items, "start", "end")[:SHOWN]
    shown_approaches = [
        a for a in _newest_first(approaches.items, "date") if _recent(a.get("date"), since, until)
    ][:SHOWN]
    return _render(
        request,
        "country.html",
        day,
        {
            "title": country.get("name") or code,
            "country": country,
            "code": code,
            "present": [r.node for r in present],
            "partnerships": shown_partnerships,
            "partnerships_total": partnerships.total,
            "active_total": sum(p.get("status") == "active" for p in partnerships.items),
            "approaches": shown_approaches,
            "open_needs": open_needs[:SHOWN],
            "open_total": len(open_needs),
            "headquartered": headquartered.items,
            "headquartered_total": headquartered.total,
            "operating_total": operating.total,
            "networks": networks.items,
            "gaps": gaps["items"],
            "gaps_total": gaps["total"],
            "since": since,
            "company_names": _company_names(store, shown_partnerships, shown_approaches),
            "cap": LIST_CAP,
        },
    )
