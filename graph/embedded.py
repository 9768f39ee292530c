"""The embedded store: a networkx graph in memory, persisted as one JSON file.

Writes made inside :meth:`EmbeddedStore.transaction` are saved together when it ends, by
writing a temporary file, fsyncing it and renaming it over the old one, so a crash at any
moment leaves either the old store or the new one on disk, never half of each. A transaction
that raises is rolled back by reloading the last saved state.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx
import orjson

from graph.model import LABELS, check_label, check_rel_type
from graph.store import (
    NodeRow,
    Page,
    Props,
    Related,
    RelRow,
    StoreUnavailable,
    build_export,
    matches_query,
)

STORE_FILE = "graph.json"
FORMAT_VERSION = 1
# From this many nodes on, the loaded graph is moved out of the garbage collector's sight
# (see ``_settle_heap``).
FREEZE_MIN_NODES = 20_000
GC_FIRST_THRESHOLD = 50_000

NodeKey = tuple[str, str]


def _append_source(props: Props, source: str) -> None:
    props.setdefault("source", source)
    sources = props.setdefault("sources", [])
    if source not in sources:
        sources.append(source)


class EmbeddedStore:
    """A store needing no server: networkx in memory, one JSON file on disk."""

    backend = "embedded"

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / STORE_FILE
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._by_label: dict[str, dict[str, Props]] = {label: {} for label in LABELS}
        self._depth = 0
        self._dirty = False
        self._loaded_mtime: int | None = None
        self._lock = threading.RLock()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._load()

    # -- persistence -------------------------------------------------------------------------

    def _load(self) -> None:
        self.graph = nx.MultiDiGraph()
        self._by_label = {label: {} for label in LABELS}
        self._dirty = False
        if not self.path.exists():
            self._loaded_mtime = None
            return
        try:
            data = orjson.loads(self.path.read_bytes())
        except (OSError, orjson.JSONDecodeError) as exc:
            raise StoreUnavailable(f"cannot read the embedded store at {self.path}") from exc
        if data.get("version") != FORMAT_VERSION:
            raise StoreUnavailable(f"{self.path} has an unknown format version")
        for label, nodes in data["nodes"].items():
            for node_id, props in nodes.items():
                self._by_label[label][node_id] = props
                self.graph.add_node((label, node_id))
        for rel_type, sl, sid, el, eid, props in data["relationships"]:
            self.graph.add_edge((sl, sid), (el, eid), key=rel_type, props=props)
        self._loaded_mtime = self.path.stat().st_mtime_ns
        self._settle_heap()

    def _settle_heap(self) -> None:
        """Freeze a large graph's objects into the collector's permanent generation.

        A graph of 100,000 companies is millions of long-lived dicts, lists and tuples, and
        CPython's cyclic collector walks all of them on every full collection, which the
        temporary objects of each query keep triggering. Measured on 30,000 companies (six
        rounds of duplication + gaps, CPU time): collection took 6.1 s of the questions'
        16 s, p50 2.68 s; frozen 3.4 s, p50 2.4 s; frozen and with a first-generation
        threshold of 50,000 objects instead of 700 (fewer, cheaper collections for
        query-sized bursts of allocation) 1.1-1.5 s, p50 1.5-1.9 s. The graph only changes in
        a transaction, after which this runs again (``gc.unfreeze`` first, so replaced
        objects are collected, not kept). Small graphs are left alone: the collect costs more
        than it saves there.
        """
        if self.graph.number_of_nodes() < FREEZE_MIN_NODES:
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        if gc.get_threshold()[0] < GC_FIRST_THRESHOLD:
            gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])

    def _save(self) -> None:
        data = {
            "version": FORMAT_VERSION,
            "nodes": {label: nodes for label, nodes in self._by_label.items() if nodes},
            "relationships": [
                [key, u[0], u[1], v[0], v[1], attrs["props"]]
                for u, v, key, attrs in self.graph.edges(keys=True, data=True)
            ],
        }
        payload = orjson.dumps(data)
        with open(self.data_dir / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".tmp", dir=self.data_dir)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(payload)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
            dir_fd = os.open(self.data_dir, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        self._loaded_mtime = self.path.stat().st_mtime_ns
        self._dirty = False
        self._settle_heap()

    def _refresh(self) -> None:
        """Pick up a store saved by another process (e.g. ``ingest`` while ``serve`` runs)."""
        with self._lock:
            if self._depth or self._dirty:
                return
            try:
                mtime = self.path.stat().st_mtime_ns
            except FileNotFoundError:
                mtime = None
            if mtime != self._loaded_mtime:
                self._load()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock, self._transaction():
            yield

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._depth == 0:
            self._refresh()
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._load()
            raise
        self._depth -= 1
        if self._depth == 0 and self._dirty:
            self._save()

    def _written(self) -> None:
        self._dirty = True
        if self._depth == 0:
            self._save()

    # -- writes ------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Nothing to create: ids are unique by construction (a dict per label)."""

    def upsert_nodes(self, label: str, rows: Sequence[NodeRow]) -> None:
        nodes = self._by_label[check_label(label)]
        for row in rows:
            props = nodes.get(row.id)
            if props is None:
                props = nodes[row.id] = {"id": row.id}
                self.graph.add_node((label, row.id))
            props.update(row.props)
            _append_source(props, row.source)
        self._written()

    def replace_nodes(self, label: str, rows: Sequence[NodeRow]) -> None:
        nodes = self._by_label[check_label(label)]
        for row in rows:
            if row.id not in nodes:
                self.graph.add_node((label, row.id))
            nodes[row.id] = dict(row.props)
        self._written()

    def upsert_relationships(
        self, rel_type: str, start_label: str, end_label: str, rows: Sequence[RelRow]
    ) -> None:
        check_rel_type(rel_type)
        starts = self._by_label[check_label(start_label)]
        ends = self._by_label[check_label(end_label)]
        for row in rows:
            if row.start not in starts or row.end not in ends:
                continue
            u, v = (start_label, row.start), (end_label, row.end)
            data = self.graph.get_edge_data(u, v, key=rel_type)
            if data is None:
                props: Props = {}
                self.graph.add_edge(u, v, key=rel_type, props=props)
            else:
                props = data["props"]
            props.update(row.props)
            _append_source(props, row.source)
        self._written()

    def clear(self) -> None:
        self.graph = nx.MultiDiGraph()
        self._by_label = {label: {} for label in LABELS}
        self._written()

    # -- reads -------------------------------------------------------------------------------

    def nodes(self, label: str) -> Mapping[str, Props]:
        """A read-only view of every node of a label by id (for the embedded query code).

        The dicts are the store's own: callers must not change them.
        """
        self._refresh()
        return MappingProxyType(self._by_label[check_label(label)])

    def get_node(self, label: str, node_id: str) -> Props | None:
        self._refresh()
        props = self._by_label[check_label(label)].get(node_id)
        return dict(props) if props is not None else None

    def get_nodes(self, label: str, ids: Iterable[str]) -> dict[str, Props]:
        self._refresh()
        nodes = self._by_label[check_label(label)]
        return {i: dict(nodes[i]) for i in ids if i in nodes}

    def iter_nodes(self, label: str) -> Iterator[Props]:
        self._refresh()
        nodes = self._by_label[check_label(label)]
        for node_id in sorted(nodes):
            yield dict(nodes[node_id])

    def existing_ids(self, label: str, ids: Iterable[str]) -> set[str]:
        self._refresh()
        nodes = self._by_label[check_label(label)]
        return {i for i in ids if i in nodes}

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
        self._refresh()
        nodes = self._by_label[check_label(label)]
        hits = []
        for node_id in sorted(nodes):
            props = nodes[node_id]
            if equals and any(props.get(k) != v for k, v in equals.items()):
                continue
            if contains and any(v not in (props.get(k) or []) for k, v in contains.items()):
                continue
            if q and not matches_query(props, q):
                continue
            hits.append(props)
        return Page(items=[dict(p) for p in hits[offset : offset + limit]], total=len(hits))

    def related(
        self, label: str, node_id: str, rel_type: str, direction: str, other_label: str
    ) -> list[Related]:
        self._refresh()
        check_rel_type(rel_type)
        key: NodeKey = (check_label(label), node_id)
        check_label(other_label)
        if key not in self.graph:
            return []
        if direction == "out":
            edges = self.graph.out_edges(key, keys=True, data=True)
            pairs = [(v, k, d) for _, v, k, d in edges]
        elif direction == "in":
            edges = self.graph.in_edges(key, keys=True, data=True)
            pairs = [(u, k, d) for u, _, k, d in edges]
        else:
            raise ValueError(f"direction must be 'in' or 'out', not {direction!r}")
        found = [
            Related(rel_type, dict(d["props"]), other_label, dict(self._by_label[o[0]][o[1]]))
            for o, k, d in pairs
            if k == rel_type and o[0] == other_label
        ]
        found.sort(key=lambda r: r.node["id"])
        return found

    def counts(self) -> dict[str, int]:
        self._refresh()
        return {label: len(self._by_label[label]) for label in LABELS}

    def export(self) -> dict[str, Any]:
        self._refresh()
        nodes = ((label, props) for label, ids in self._by_label.items() for props in ids.values())
        rels = (
            (key, u[0], u[1], v[0], v[1], attrs["props"])
            for u, v, key, attrs in self.graph.edges(keys=True, data=True)
        )
        return build_export(nodes, rels)

    def ping(self) -> None:
        if not self.data_dir.is_dir():
            raise StoreUnavailable(f"data folder {self.data_dir} is missing")

    def close(self) -> None:
        if self._dirty:
            self._save()
