"""The graph model, written down once.

Every node has a unique ``id`` within its label, a ``source`` (the first record it came from)
and ``sources`` (every record that asserted it, in the order they were loaded). Every
relationship has the same two properties. A record reference reads
``<package>/<file>#<row>``, for example ``demo-2013/partnerships.csv#12``.

Labels and relationship types used in Cypher come only from the whitelists below; the
stores refuse anything else, so no user input ever becomes part of a query's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

AGENCY: Final = "Agency"
COMPANY: Final = "Company"
INITIATIVE: Final = "Initiative"
LOCAL_NETWORK: Final = "LocalNetwork"
COUNTRY: Final = "Country"
THEME: Final = "Theme"
PARTNERSHIP: Final = "Partnership"
APPROACH: Final = "Approach"
COMMITMENT: Final = "Commitment"
SCREENING: Final = "Screening"
NEED: Final = "Need"
EXCLUSION: Final = "Exclusion"
INGEST_RUN: Final = "IngestRun"

LABELS: Final[tuple[str, ...]] = (
    AGENCY,
    COMPANY,
    INITIATIVE,
    LOCAL_NETWORK,
    COUNTRY,
    THEME,
    PARTNERSHIP,
    APPROACH,
    COMMITMENT,
    SCREENING,
    NEED,
    EXCLUSION,
    INGEST_RUN,
)


@dataclass(frozen=True)
class RelType:
    """A relationship type with the labels it may connect."""

    name: str
    start: str
    end: str
    meaning: str


RELATIONSHIPS: Final[tuple[RelType, ...]] = (
    RelType("LEADS", AGENCY, PARTNERSHIP, "the agency is a party to the partnership"),
    RelType("PARTNERS_IN", COMPANY, PARTNERSHIP, "the company is a party to the partnership"),
    RelType("PART_OF", PARTNERSHIP, INITIATIVE, "the partnership belongs to the initiative"),
    RelType("APPROACHED", AGENCY, APPROACH, "the agency made the approach"),
    RelType("TARGETS", APPROACH, COMPANY, "the approach was made to the company"),
    RelType("MADE", COMPANY, COMMITMENT, "the company made the commitment"),
    RelType("TO", COMMITMENT, INITIATIVE, "the commitment was made to the initiative"),
    RelType("CONVENES", AGENCY, INITIATIVE, "the agency convenes the initiative"),
    RelType("MEMBER_OF", COMPANY, LOCAL_NETWORK, "the company takes part in the local network"),
    RelType("SCREENS", SCREENING, COMPANY, "the due-diligence result is about the company"),
    RelType("CONDUCTED", AGENCY, SCREENING, "the agency commissioned the due diligence"),
    RelType("SEEKS", AGENCY, NEED, "the agency published the need on the hub"),
    RelType("HEADQUARTERED_IN", COMPANY, COUNTRY, "the company's headquarters"),
    RelType("OPERATES_IN", COMPANY, COUNTRY, "a country the company operates in"),
    RelType("PRESENT_IN", AGENCY, COUNTRY, "a country where the agency is present"),
    RelType("NETWORK_IN", LOCAL_NETWORK, COUNTRY, "the local network's country"),
    RelType("POSSIBLY_SAME_AS", COMPANY, COMPANY, "an uncertain name match kept for review"),
    # The same two relationships attach themes and countries to several kinds of node.
    RelType("ON_THEME", "*", THEME, "the node is about the theme"),
    RelType("IN_COUNTRY", "*", COUNTRY, "the node takes place in / concerns the country"),
)

REL_TYPES: Final[dict[str, RelType]] = {r.name: r for r in RELATIONSHIPS}

# Properties that change from run to run and are left out of the canonical export.
VOLATILE_PROPERTIES: Final[dict[str, frozenset[str]]] = {
    INGEST_RUN: frozenset({"started_at", "finished_at", "duration_s"}),
}


def check_label(label: str) -> str:
    """Return ``label`` if it is part of the model, else raise ``ValueError``.

    >>> check_label("Company")
    'Company'
    """
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return label


def check_rel_type(rel_type: str) -> str:
    """Return ``rel_type`` if it is part of the model, else raise ``ValueError``.

    >>> check_rel_type("LEADS")
    'LEADS'
    """
    if rel_type not in REL_TYPES:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    return rel_type


BUSINESS_ORG_TYPES: Final = frozenset({"", "company", "sme", "business"})
"""``org_type`` values of a company node that count as a business when it has no
``org_category`` (blank: a company from a package that does not say)."""


def is_business(company: Mapping[str, Any]) -> bool:
    """Whether a company node is a business: its ``org_category`` (set by the Global Compact
    importers, which keep NGOs, cities and universities as company nodes with their type)
    when present, else its ``org_type``.

    >>> is_business({"org_category": "non-business", "org_type": "NGO Local"})
    False
    >>> is_business({"org_type": "SME"}), is_business({})
    (True, True)
    """
    category = str(company.get("org_category") or "").strip().lower()
    if category:
        return category == "business"
    return str(company.get("org_type") or "").strip().lower() in BUSINESS_ORG_TYPES
