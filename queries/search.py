"""Search — "which company, agency or need do you mean?"

A coordinator types a name as they remember it: "Voltanix Pharma", "voltnix", "UNICEF",
"children's fund", "telecommunications". This module finds companies (fuzzy on the name and
every alias, so a misspelt name — a letter dropped, doubled or two letters swapped — still
finds the company; or by any source id merged into it), agencies (by id or name) and the
needs open on a given day (by title).

Companies are compared on the comparison key of :func:`ingest.normalize.normalize_name`, the
one the resolver merges names on, so "The Coca-Cola Company", "COCA-COLA CO" and "coca cola"
are the same text here. Scores are rapidfuzz's ``WRatio`` (0–100): whole-text similarity, or
0.9 × the best partial match when the query is much shorter (one word of a long name). Each
name is also compared by its leading words ("voltnix" against "voltanix", not only against
"voltanix pharma"). Below :data:`MIN_SCORE` a hit is dropped, so nonsense finds nothing
rather than the least bad company.

Blocking keeps a search fast at 100,000 companies: only companies having a word like one of
the query's words are scored (:class:`Words`): a word a slip away, one that starts with the
query word, or one that begins it (so "voltanixpharma", typed without its space, still finds
"Voltanix Pharma"). The price: a company is found only when a word of the query is close to
a word of its name and shares its first or second letter. Needs are found the same way, on
the words of their titles.

Only the store contract is used (``iter_nodes``), so the same code serves Neo4j. The prepared
index is kept per store and rebuilt only when the data changes: :func:`data_version` reads
the ``IngestRun`` nodes, which every ingest writes (one small query).
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from graph import model
from graph.store import Props, Store
from ingest.normalize import normalize_name

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MIN_SCORE",
    "SearchIndex",
    "build_index",
    "data_version",
    "is_open",
    "search",
    "search_index",
]

DEFAULT_LIMIT: Final = 10
MAX_LIMIT: Final = 100

MIN_SCORE: Final = 75.0
"""The lowest score kept. Two swapped letters in a four-letter name score 75; random text
against real names stays below 50."""

MIN_FUZZY_LENGTH: Final = 3
"""Shorter queries (and query words) match only the start of a name or a word: two letters
are somewhere in every name."""

MAX_QUERY_WORDS: Final = 4
"""Words of a query used to find candidates (every word still counts in the score)."""
MAX_SIMILAR_WORDS: Final = 50
"""Name words taken per query word: the most alike, and as many that start with it."""
MIN_PREFIX_WORD: Final = 4
"""A name word this long that begins a query word makes its companies candidates."""
MAX_CANDIDATES: Final = 20_000
"""Companies scored for one query, at most (a word such as "group" is in thousands of
names)."""

DataVersion = tuple[tuple[str, str], ...]


def data_version(store: Store) -> DataVersion:
    """What changes whenever the data does: every ingest run's id and finish time.

    Every load (``ingest``, ``import``, ``POST /api/ingest``, the demo) ends by writing its
    ``IngestRun`` node, and clearing the store removes them; so caches keyed on this see
    every change made through the product, for one query of a handful of nodes.
    """
    runs = store.iter_nodes(model.INGEST_RUN)
    return tuple(sorted((run["id"], str(run.get("finished_at", ""))) for run in runs))


def is_open(need: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether a need is still open on ``as_of``: status ``open`` and its deadline, if any,
    not before that day (the rule of matchmaking's open needs).

    >>> is_open({"status": "open", "deadline": "2013-08-06"}, dt.date(2013, 6, 28))
    True
    >>> is_open({"status": "open", "deadline": "2013-05-11"}, dt.date(2013, 6, 28))
    False
    """
    if (need.get("status") or "open") != "open":
        return False
    deadline = need.get("deadline")
    return not deadline or str(deadline) >= as_of.isoformat()


# ==========================================================================================
# The index
# ==========================================================================================


@dataclass(frozen=True)
class Words:
    """The distinct words of many texts and which texts hold each: the blocking structure.

    A word is filed under its first and its second letter, and a query word is compared
    only with the words filed under *its* first or second letter: that still finds a word
    with its first letter dropped, doubled, swapped with the second or mistyped, and reads
    a small part of the vocabulary.
    """

    vocabulary: list[str]
    """Every word, sorted."""
    holders: dict[str, list[int]]
    """Word → the texts (by position) that hold it."""
    by_letter: dict[str, list[str]]

    @classmethod
    def of(cls, texts: Iterable[Iterable[str]]) -> Words:
        holders: dict[str, list[int]] = defaultdict(list)
        for position, words in enumerate(texts):
            for word in dict.fromkeys(words):
                holders[word].append(position)
        by_letter: dict[str, list[str]] = defaultdict(list)
        vocabulary = sorted(holders)
        for word in vocabulary:
            for letter in dict.fromkeys(word[:2]):
                by_letter[letter].append(word)
        return cls(vocabulary, dict(holders), dict(by_letter))

    def like(self, word: str) -> dict[str, float]:
        """Words a slip away from ``word`` (score ≥ :data:`MIN_SCORE`), words that start
        with it and words that begin it (score 100 for these two), the best
        :data:`MAX_SIMILAR_WORDS` of each.

        >>> Words.of([["voltanix", "pharma"], ["volta"]]).like("voltnix")
        {'voltanix': 93.33333333333333}
        >>> sorted(Words.of([["voltanix"], ["volta"]]).like("volt"))
        ['volta', 'voltanix']
        """
        if len(word) < MIN_FUZZY_LENGTH:
            return {}
        pool = [w for letter in dict.fromkeys(word[:2]) for w in self.by_letter.get(letter, [])]
        found = {
            w: float(score)
            for w, score, _ in process.extract(
                word, pool, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=MAX_SIMILAR_WORDS
            )
        }
        for i in _starting_with(self.vocabulary, word, MAX_SIMILAR_WORDS):
            found[self.vocabulary[i]] = 100.0
        for n in range(MIN_PREFIX_WORD, len(word)):
            if word[:n] in self.holders:
                found[word[:n]] = 100.0
        return found


@dataclass(frozen=True)
class SearchIndex:
    """Everything a search compares against, prepared once per version of the data."""

    version: DataVersion
    keys: list[str]
    """Normalised names and aliases, and their leading words (:func:`_keys`)."""
    key_company: list[int]
    """The company (index in ``companies``) of each key."""
    key_written: list[str]
    """The name or alias as written, for each key (shown when an alias matched)."""
    company_keys: list[list[int]]
    """Per company, the positions of its keys."""
    sorted_keys: list[str]
    """``keys`` sorted, for prefix look-ups; ``sorted_positions`` are their positions."""
    sorted_positions: list[int]
    name_words: Words
    """The words of the normalised names and aliases, by company."""
    companies: list[dict[str, Any]]
    company_by_id: dict[str, int]
    """Every id merged into a company (upper case) → its index in ``companies``."""
    agencies: list[dict[str, Any]]
    agency_keys: list[str]
    needs: list[dict[str, Any]]
    need_words: Words
    """The words of the needs' titles, by need."""
    open_needs: dict[dt.date, set[int]] = field(default_factory=dict, compare=False)
    """Positions of the needs open on a day, as days are asked for."""


def _company_brief(props: Props) -> dict[str, Any]:
    return {
        "id": props["id"],
        "name": props.get("name") or props["id"],
        "country": props.get("country"),
        "sector": props.get("sector"),
        "gc_status": props.get("gc_status"),
    }


def _keys(normalized: str) -> list[str]:
    """The whole normalised name and its leading words, so that the first word or two typed
    with a slip ("voltnix") are compared with as many words of the name ("voltanix").

    >>> _keys("voltanix pharma"), _keys("acme")
    (['voltanix pharma', 'voltanix'], ['acme'])
    """
    tokens = normalized.split()
    prefixes = [" ".join(tokens[:n]) for n in range(len(tokens) - 1, 0, -1)]
    return [normalized, *(p for p in prefixes if len(p) >= MIN_FUZZY_LENGTH)] if tokens else []


def build_index(
    version: DataVersion,
    companies: Iterable[Props],
    agencies: Iterable[Props],
    needs: Iterable[Props],
) -> SearchIndex:
    """Prepare the comparison keys (pure: the caller reads the nodes)."""
    keys: list[str] = []
    key_company: list[int] = []
    key_written: list[str] = []
    company_keys: list[list[int]] = []
    company_words: list[set[str]] = []
    briefs: list[dict[str, Any]] = []
    by_id: dict[str, int] = {}
    for props in companies:
        index = len(briefs)
        briefs.append(_company_brief(props))
        own: list[int] = []
        words: set[str] = set()
        for text in [props.get("name"), *(props.get("aliases") or [])]:
            if not isinstance(text, str) or not text.strip():
                continue
            normalized = normalize_name(text)
            words.update(normalized.split())
            for key in _keys(normalized):
                if any(keys[p] == key for p in own):
                    continue
                own.append(len(keys))
                keys.append(key)
                key_company.append(index)
                key_written.append(text)
        company_keys.append(own)
        company_words.append(words)
        for source_id in [props["id"], *(props.get("ids") or [])]:
            by_id.setdefault(str(source_id).upper(), index)
    agency_list = [
        {"id": a["id"], "name": a.get("name") or a["id"], "type": a.get("type")} for a in agencies
    ]
    need_list = [
        {
            "id": n["id"],
            "agency": n.get("agency"),
            "title": n.get("title") or n["id"],
            "themes": list(n.get("themes") or []),
            "countries": list(n.get("countries") or []),
            "deadline": n.get("deadline"),
            "status": n.get("status") or "open",
        }
        for n in needs
    ]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return SearchIndex(
        version=version,
        keys=keys,
        key_company=key_company,
        key_written=key_written,
        company_keys=company_keys,
        sorted_keys=[keys[i] for i in order],
        sorted_positions=order,
        name_words=Words.of(company_words),
        companies=briefs,
        company_by_id=by_id,
        agencies=agency_list,
        agency_keys=[default_process(f"{a['id']} {a['name']}") for a in agency_list],
        needs=need_list,
        need_words=Words.of(default_process(n["title"]).split() for n in need_list),
    )


_INDEXES: weakref.WeakKeyDictionary[Any, SearchIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def search_index(store: Store) -> SearchIndex:
    """The store's index, rebuilt when :func:`data_version` has changed since it was built."""
    version = data_version(store)
    cached = _INDEXES.get(store)
    if cached is not None and cached.version == version:
        return cached
    with _LOCK:  # one rebuild at a time; a second caller waiting gets the fresh index
        cached = _INDEXES.get(store)
        if cached is not None and cached.version == version:
            return cached
        index = build_index(
            version,
            store.iter_nodes(model.COMPANY),
            store.iter_nodes(model.AGENCY),
            store.iter_nodes(model.NEED),
        )
        _INDEXES[store] = index
        return index


# ==========================================================================================
# Searching
# ==========================================================================================


def _round(score: float) -> float:
    return round(float(score), 1)


def _starting_with(ordered: list[str], prefix: str, most: int) -> range:
    """Where, in a sorted list, the (first ``most``) strings that start with ``prefix`` are.

    >>> list(_starting_with(["ab", "acme", "acmes", "b"], "acm", 5))
    [1, 2]
    """
    first = end = bisect_left(ordered, prefix)
    while end < len(ordered) and end - first < most and ordered[end].startswith(prefix):
        end += 1
    return range(first, end)


def _company_candidates(index: SearchIndex, key: str) -> set[int]:
    """Companies with a word like one of the query's words (see the module docstring)."""
    found: set[int] = set()
    for word in key.split()[:MAX_QUERY_WORDS]:
        for similar in sorted(index.name_words.like(word)):
            found.update(index.name_words.holders[similar])
            if len(found) >= MAX_CANDIDATES:
                return found
    return found


def _find_companies(index: SearchIndex, q: str, limit: int) -> list[dict[str, Any]]:
    best: dict[int, tuple[float, int | None]] = {}  # company → (score, key position)

    def keep(company: int, score: float, position: int | None) -> None:
        if score > best.get(company, (-1.0, None))[0]:
            best[company] = (float(score), position)

    exact = index.company_by_id.get(q.strip().upper())
    if exact is not None:
        keep(exact, 100.0, None)
    key = normalize_name(q)
    if len(key) < MIN_FUZZY_LENGTH:
        for i in _starting_with(index.sorted_keys, key, limit * 4) if key else ():
            position = index.sorted_positions[i]
            keep(index.key_company[position], 100.0, position)
    else:
        positions = [
            p for c in sorted(_company_candidates(index, key)) for p in index.company_keys[c]
        ]
        subset = [index.keys[p] for p in positions]
        for _, score, n in process.extract(
            key, subset, scorer=fuzz.WRatio, processor=None, score_cutoff=MIN_SCORE, limit=None
        ):
            keep(index.key_company[positions[n]], score, positions[n])

    def order(item: tuple[int, tuple[float, int | None]]) -> tuple[float, str, str]:
        brief = index.companies[item[0]]
        return (-item[1][0], brief["name"], brief["id"])

    out = []
    for company, (score, matched_key) in sorted(best.items(), key=order)[:limit]:
        brief = index.companies[company]
        item = {**brief, "score": _round(score)}
        written = index.key_written[matched_key] if matched_key is not None else None
        if written is not None and written != brief["name"]:
            item["matched"] = written
        out.append(item)
    return out


def _find_agencies(index: SearchIndex, q: str, limit: int) -> list[dict[str, Any]]:
    """Agencies by id, or whose id and name start with a short query, contain it or are
    like it (a handful of agencies: each is scored)."""
    text = default_process(q)
    wanted = q.strip().upper()
    found = {a["id"]: {**a, "score": 100.0} for a in index.agencies if a["id"].upper() == wanted}
    if len(text) < MIN_FUZZY_LENGTH:
        hits = [
            (k, 100.0, n) for n, k in enumerate(index.agency_keys) if text and k.startswith(text)
        ]
    else:
        hits = process.extract(
            text,
            index.agency_keys,
            scorer=fuzz.WRatio,
            processor=None,
            score_cutoff=MIN_SCORE,
            limit=None,
        )
    for key, score, n in hits:
        agency = index.agencies[n]
        found.setdefault(agency["id"], {**agency, "score": 100.0 if text in key else _round(score)})
    return sorted(found.values(), key=lambda a: (-a["score"], a["id"]))[:limit]


def _find_needs(index: SearchIndex, q: str, limit: int, as_of: dt.date) -> list[dict[str, Any]]:
    """Open needs whose title has a word like every word of the query (of three letters or
    more); the score is the mean likeness of those words."""
    open_now = index.open_needs.get(as_of)
    if open_now is None:
        open_now = {i for i, need in enumerate(index.needs) if is_open(need, as_of)}
        if len(index.open_needs) > 16:  # a handful of days is all pages ask for
            index.open_needs.clear()
        index.open_needs[as_of] = open_now
    wanted = q.strip().upper()
    found = {
        index.needs[i]["id"]: {**index.needs[i], "score": 100.0}
        for i in open_now
        if index.needs[i]["id"].upper() == wanted
    }
    words = [w for w in default_process(q).split() if len(w) >= MIN_FUZZY_LENGTH]
    scores: dict[int, float] | None = None
    for word in words[:MAX_QUERY_WORDS]:
        best: dict[int, float] = {}
        for similar, score in index.need_words.like(word).items():
            for position in index.need_words.holders[similar]:
                if position in open_now and score > best.get(position, 0.0):
                    best[position] = score
        scores = (
            best if scores is None else {p: s + best[p] for p, s in scores.items() if p in best}
        )
    if scores:
        n = len(words[:MAX_QUERY_WORDS])
        for position, total in scores.items():
            need = index.needs[position]
            found.setdefault(need["id"], {**need, "score": _round(total / n)})
    return sorted(found.values(), key=lambda n: (-n["score"], n["id"]))[:limit]


def search(
    store: Store, q: str, limit: int = DEFAULT_LIMIT, *, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Companies, agencies and needs open on ``as_of`` (default today) that match ``q``.

    Returns ``{"query", "as_of", "companies": [{"id", "name", "country", "sector",
    "gc_status", "score", "matched"?}], "agencies": [{"id", "name", "type", "score"}],
    "needs": [{"id", "agency", "title", "themes", "countries", "deadline", "status",
    "score"}]}``, each list best first (score 0–100, then name or id), at most ``limit`` long.
    ``matched`` is the alias that matched when it is not the company's name. A blank query
    finds nothing. Raises ``ValueError`` for a ``limit`` outside 1–:data:`MAX_LIMIT`.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    day = as_of or dt.date.today()
    query = " ".join(q.split())
    answer: dict[str, Any] = {
        "query": query,
        "as_of": day.isoformat(),
        "companies": [],
        "agencies": [],
        "needs": [],
    }
    if not query:
        return answer
    index = search_index(store)
    answer["companies"] = _find_companies(index, query, limit)
    answer["agencies"] = _find_agencies(index, query, limit)
    answer["needs"] = _find_needs(index, query, limit, day)
    return answer
