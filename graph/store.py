"""The one storage contract that both stores implement.

The ingest pipeline computes *what* to write (with company names already resolved) and hands
the store plain rows; a store only knows how to MERGE them. Because both stores apply the same
rows with the same rules, the same ingest gives the same graph, which the canonical export
(:func:`canonical_json`) lets tests compare byte for byte.

Write rules, identical in both stores:

* ``upsert_nodes``: merge on ``id``; ``SET n += props``; on creation ``source`` is the row's
  source; the row's source is appended to ``sources`` unless already there.
* ``replace_nodes``: merge on ``id`` and replace every property with ``props`` (which must hold
  ``id``, ``source`` and ``sources``): used for companies, whose merged record the resolver builds.
* ``upsert_relationships``: match both ends by id (a missing end skips the row), merge one
  relationship of that type between them, then the same rules as ``upsert_nodes``.

Property values are strings, numbers, booleans or lists of one of those; ``None`` values are
dropped by the caller (Neo4j cannot store them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import orjson

Props = dict[str, Any]


@dataclass(frozen=True)
class NodeRow:
    id: str
    props: Props
    source: str


@dataclass(frozen=True)
class RelRow:
    start: str
    end: str
    props: Props
    source: str


@dataclass(frozen=True)
class Related:
    """A neighbour reached over one relationship."""

    rel_type: str
    rel_props: Props
    label: str
    node: Props


@dataclass
class Page:
    items: list[Props] = field(default_factory=list)
    total: int = 0


class StoreError(Exception):
    """Base class of store failures."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (server down, wrong credentials, unreadable file)."""


@runtime_checkable
class Store(Protocol):
    """What every store offers. Labels and types must come from :mod:`graph.model`."""

    backend: str

    def ensure_schema(self) -> None:
        """Create constraints and indexes (idempotent)."""

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes; the embedded store persists them atomically at the end."""

    def upsert_nodes(self, label: str, rows: Sequence[NodeRow]) -> None: ...

    def replace_nodes(self, label: str, rows: Sequence[NodeRow]) -> None: ...

    def upsert_relationships(
        self, rel_type: str, start_label: str, end_label: str, rows: Sequence[RelRow]
    ) -> None: ...

    def get_node(self, label: str, node_id: str) -> Props | None: ...

    def get_nodes(self, label: str, ids: Iterable[str]) -> dict[str, Props]: ...

    def iter_nodes(self, label: str) -> Iterator[Props]:
        """Every node of a label, sorted by id."""

    def existing_ids(self, label: str, ids: Iterable[str]) -> set[str]: ...

    def find_nodes(
        self,
        label: str,
        *,
        equals: dict[str, Any] | None = None,
        contains: dict[str, Any] | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Nodes of a label, sorted by id: ``equals`` compares a property, ``contains`` tests
        membership in a list property, ``q`` is a case-insensitive substring of the id, name,
        title or any alias."""

    def related(
        self, label: str, node_id: str, rel_type: str, direction: str, other_label: str
    ) -> list[Related]:
        """Neighbours over ``rel_type`` (``direction`` is ``"out"`` or ``"in"``), sorted by id."""

    def counts(self) -> dict[str, int]:
        """Node count per label of the model (zero included)."""

    def export(self) -> dict[str, Any]:
        """Every node and relationship with its properties, sorted (see :func:`canonical_json`)."""

    def clear(self) -> None: ...

    def ping(self) -> None:
        """Raise :class:`StoreUnavailable` when the store cannot answer."""

    def close(self) -> None: ...


def node_sort_key(item: dict[str, Any]) -> tuple[str, str]:
    return (item["label"], item["id"])


def rel_sort_key(item: dict[str, Any]) -> tuple[str, str, str, str, str]:
    return (item["type"], item["start"][0], item["start"][1], item["end"][0], item["end"][1])


def canonical_json(export: dict[str, Any]) -> bytes:
    """The canonical export as bytes: keys sorted, items sorted, no whitespace variations."""
    return orjson.dumps(export, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


def build_export(
    nodes: Iterable[tuple[str, Props]],
    relationships: Iterable[tuple[str, str, str, str, str, Props]],
) -> dict[str, Any]:
    """Assemble the canonical export from ``(label, props)`` nodes and
    ``(type, start_label, start_id, end_label, end_id, props)`` relationships."""
    from graph.model import VOLATILE_PROPERTIES

    node_items = []
    for label, props in nodes:
        volatile = VOLATILE_PROPERTIES.get(label, frozenset())
        clean = {k: v for k, v in props.items() if k not in volatile}
        node_items.append({"label": label, "id": props["id"], "properties": clean})
    rel_items = [
        {"type": t, "start": [sl, sid], "end": [el, eid], "properties": dict(p)}
        for t, sl, sid, el, eid, p in relationships
    ]
    node_items.sort(key=node_sort_key)
    rel_items.sort(key=rel_sort_key)
    return {"nodes": node_items, "relationships": rel_items}


def matches_query(props: Props, q: str) -> bool:
    """The embedded twin of the Cypher text filter used by ``find_nodes``."""
    needle = q.lower()
    fields = [props.get("id"), props.get("name"), props.get("title")]
    fields.extend(props.get("aliases") or [])
    return any(isinstance(f, str) and needle in f.lower() for f in fields)
