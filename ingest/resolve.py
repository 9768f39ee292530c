"""Company resolution at ingest: one graph node per real company.

A :class:`CompanyResolver` holds an index of the companies already known (the graph's
companies, then every company resolved so far) and answers, for each incoming
:class:`CompanyRecord`, "which known company is this?" with a :class:`Match`, or None for
a new company, plus :class:`ReviewCandidate` pairs that look alike but are not certain
enough to merge. The rules, thresholds and measurements are in ``docs/resolution.md``.

Typical use by an importer::

    resolver = CompanyResolver()
    for node in graph_companies:                  # existing companies first
        resolver.add(node.id, node.record)
    for record in rows:
        match, reviews = resolver.resolve(record)
        canonical = match.company_id if match else record.id
        resolver.add(canonical, record)           # resolve() never indexes by itself
        ...                                       # reviews -> POSSIBLY_SAME_AS edges

>>> r = CompanyResolver()
>>> r.add("KO", CompanyRecord("KO", "The Coca-Cola Company", country="US"))
>>> match, reviews = r.resolve(CompanyRecord("row-7", "COCA-COLA CO", country="US"))
>>> (match.company_id, match.method, reviews)
('KO', 'name', [])
>>> r.resolve(CompanyRecord("row-8", "Acme Motors"))
(None, [])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar, Final

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ingest.countries import to_iso2
from ingest.normalize import (
    GENERIC_TOKENS,
    LEGAL_FORM_TOKENS,
    WEAK_TOKENS,
    core_name,
    is_acronym,
    name_numbers,
    normalize_gc_id,
    normalize_lei,
    normalize_name,
    website_domain,
)

__all__ = ["CompanyRecord", "CompanyResolver", "Match", "ReviewCandidate"]


@dataclass(frozen=True)
class CompanyRecord:
    """What a row (or an existing graph node) says about a company.

    >>> CompanyRecord("gc-1", "Nestlé S.A.", country="CH").name
    'Nestlé S.A.'
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO2 HQ country
    lei: str | None = None
    gc_id: str | None = None
    website: str | None = None
    joined: str | None = None  # Global Compact join date, YYYY-MM-DD (``gc_joined``)


@dataclass(frozen=True)
class Match:
    """The known company a record resolves to, and why."""

    company_id: str  # the canonical company it resolves to
    method: str  # "id" | "lei" | "gc_id" | "domain" | "name" | "fuzzy" | "corroborated-name"
    score: float  # 1.0 for exact and corroborated methods, the fuzzy score/100 otherwise
    detail: str  # one human line: why


@dataclass(frozen=True)
class ReviewCandidate:
    """A pair that may be the same company: for a human, never merged automatically."""

    company_id: str  # the record's company (after resolution / creation)
    other_id: str  # the existing company it may be the same as
    score: float
    reason: str  # human line


# Words ignored when checking that two names have the same distinctive tokens.
_STOP_WORDS: Final = frozenset(
    "and of the de del della des du la le les el los las y et und for da do dos das "
    "der die van von".split()
)


_Reviews = list[tuple[str, float, str]]  # (other company id, score, reason)


@dataclass
class _Profile:
    """Everything indexed about one canonical company (mutable, internal)."""

    label: str  # first name seen, for human-readable details
    names: set[str] = field(default_factory=set)  # normalised names and aliases
    countries: set[str] = field(default_factory=set)
    leis: set[str] = field(default_factory=set)
    gc_ids: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Query:
    """A record's comparable values (normalised once per resolve)."""

    names: tuple[str, ...]
    country: str | None
    lei: str | None
    gc_id: str | None
    domain: str | None
    joined: str | None = None


_DATE_RE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _norm_joined(joined: str | None) -> str | None:
    """A join date as ``YYYY-MM-DD`` (a timestamp loses its time); anything else is unknown.

    >>> _norm_joined(" 2002-06-24 "), _norm_joined("2002-06-24T00:00:00"), _norm_joined("")
    ('2002-06-24', '2002-06-24', None)
    """
    value = str(joined or "").strip()[:10]
    return value if _DATE_RE.fullmatch(value) else None


def _norm_country(country: str | None) -> str | None:
    """ISO2 codes compare upper-case; blanks are unknown."""
    value = (country or "").strip().upper()
    return value or None


def _compact(normalized: str) -> str:
    """A name without spaces and "and": "coca cola" ~ "cocacola", "at and t" ~ "att".

    >>> _compact("at and t")
    'att'
    """
    return "".join(t for t in normalized.split() if t != "and")


def _edit_budget(a: str, b: str) -> int:
    """Edits tolerated between two tokens that should be "the same word".

    None under 5 characters ("bank"/"bahn"), 1 up to 9, 2 from 10.
    """
    n = max(len(a), len(b))
    if n < 5:
        return 0
    return 1 if n < 10 else 2


def _stem(token: str) -> str:
    """A crude plural fold for comparing tokens: "industries" ~ "industry", "risks" ~ "risk".

    >>> _stem("industries"), _stem("risks"), _stem("glass"), _stem("bus")
    ('industry', 'risk', 'glass', 'bus')
    """
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


_UMLAUT_RE: Final = re.compile(r"(?<=[aou])e")


def _umlaut_key(token: str) -> str:
    """A token with German umlauts written as "ae", "oe", "ue" folded like "ä", "ö", "ü"
    (which normalisation turns into a, o, u): "Daetwyler" is "Dätwyler", "Boerse" is "Börse".
    Only for words of 5 letters or more, so that short words still have to agree exactly.

    >>> _umlaut_key("daetwyler"), _umlaut_key("boerse"), _umlaut_key("blue")
    ('datwyler', 'borse', 'blue')
    """
    return _UMLAUT_RE.sub("", token) if len(token) >= 5 else token


_LONG_LEGAL_TOKENS: Final = tuple(sorted(t for t in LEGAL_FORM_TOKENS if len(t) >= 6))


@lru_cache(maxsize=65536)
def _misspelt_legal(token: str) -> bool:
    """Whether a token is a misspelt long legal form ("corporaition", "limtied").

    >>> _misspelt_legal("corporaition"), _misspelt_legal("limtied"), _misspelt_legal("lilly")
    (True, True, False)
    """
    if len(token) < 6:
        return False
    return any(
        OSA.distance(token, form, score_cutoff=_edit_budget(token, form))
        <= _edit_budget(token, form)
        for form in _LONG_LEGAL_TOKENS
    )


def _compare(a: str, b: str) -> tuple[str, float]:
    """How two normalised names relate, token by token, and a similarity score (0-100).

    Tokens are compared without stop words ("de", "of" ...) and plural-folded; a token
    matches one on the other side exactly, or else within :func:`_edit_budget`.
    Unmatched legal-form tokens ("sa" left inside a name) and acronyms of the other
    side's words ("(GAU)") are ignored. The kind is:

    - "same": everything matched and at least one distinctive (non-weak) token is
      identical on both sides;
    - "reordered": as "same", but respelled words AND a different word order ("Indian
      Oil" / "Oil India"): either may differ, not both;
    - "typo": everything matched, only through spelling differences ("Seeberger" /
      "Seeburger": a one-word name with one letter changed is another company as often
      as it is a typo);
    - "weak": the only unmatched tokens are weak ("group", "holdings" ...);
    - "subset": unmatched distinctive tokens on one side only ("Credit Mutuel" /
      "Credit Mutuel Arkea");
    - "different": unmatched distinctive tokens on both sides ("Acme Foods" / "Acme
      Motors", "Deutsche Bank" / "Deutsche Bahn").

    The score is ``fuzz.ratio`` of the two names, plural-folded, ignored tokens left out
    and the second name's words put in the order of their partners in the first: unlike
    ``token_sort_ratio`` it is not thrown off by a typo in a word's first letter.

    >>> _compare("koncar electrical industries", "koncar electrical industry")
    ('same', 100.0)
    >>> _compare("media rgoup", "media group")[0]
    'same'
    >>> _compare("seeberger", "seeburger")[0], _compare("indian oil", "oil india")[0]
    ('typo', 'reordered')
    >>> _compare("acme group", "acme")[0], _compare("credit mutuel", "credit mutuel arkea")[0]
    ('weak', 'subset')
    >>> _compare("deutsche bank", "deutsche bahn")[0], _compare("acme foods", "acme motors")[0]
    ('different', 'different')
    >>> _compare("georgian american university gau", "georgian american university")
    ('same', 100.0)
    """
    words_a = [t for t in a.split() if t not in _STOP_WORDS] or a.split()
    words_b = [t for t in b.split() if t not in _STOP_WORDS] or b.split()
    stems_a = [_stem(t) for t in words_a]
    stems_b = [_stem(t) for t in words_b]
    keys_b = [_umlaut_key(t) for t in stems_b]
    partner: list[int | None] = [None] * len(words_a)  # index in words_b
    used = [False] * len(words_b)
    for i, stem in enumerate(stems_a):
        key = _umlaut_key(stem)
        for j, other in enumerate(keys_b):
            if not used[j] and other == key:
                partner[i], used[j] = j, True
                break
    anchored = any(
        partner[i] is not None and t not in WEAK_TOKENS and t not in LEGAL_FORM_TOKENS
        for i, t in enumerate(words_a)
    )
    edited = False
    for i, tok in enumerate(words_a):
        if partner[i] is not None:
            continue
        best: tuple[int, int] | None = None
        for j, other in enumerate(words_b):
            budget = _edit_budget(tok, other)
            if used[j] or budget == 0:
                continue
            dist = min(
                OSA.distance(stems_a[i], stems_b[j], score_cutoff=budget + 1),
                OSA.distance(tok, other, score_cutoff=budget + 1),
            )
            if dist <= budget and (best is None or (dist, j) < best):
                best = (dist, j)
        if best is not None:
            partner[i], used[best[1]], edited = best[1], True, True

    def ignorable(tok: str, other_words: list[str]) -> bool:
        return tok in LEGAL_FORM_TOKENS or is_acronym(tok, other_words) or _misspelt_legal(tok)

    keep_a = [partner[i] is not None or not ignorable(t, words_b) for i, t in enumerate(words_a)]
    keep_b = [used[j] or not ignorable(t, words_a) for j, t in enumerate(words_b)]
    only_a = [t for i, t in enumerate(words_a) if keep_a[i] and partner[i] is None]
    only_b = [t for j, t in enumerate(words_b) if keep_b[j] and not used[j]]
    # score on plural-folded words, the second name in its partners' order
    left = [stems_a[i] for i in range(len(words_a)) if keep_a[i]]
    right = [stems_b[j] for j in partner if j is not None]
    right += [stems_b[j] for j in range(len(words_b)) if keep_b[j] and not used[j]]
    score = float(fuzz.ratio(" ".join(left), " ".join(right)))
    if not only_a and not only_b:
        if not anchored:
            return "typo", score
        order = [j for j in partner if j is not None]
        if edited and order != sorted(order):
            return "reordered", score
        return "same", score
    if all(t in WEAK_TOKENS for t in only_a + only_b):
        return "weak", score
    strong_a = [t for t in only_a if t not in WEAK_TOKENS]
    strong_b = [t for t in only_b if t not in WEAK_TOKENS]
    if anchored and (not strong_a or not strong_b):
        return "subset", score
    return "different", score


def _content_words(normalized: str) -> dict[str, str]:
    """The words of a name that can tell organisations apart, by comparison key (plural
    folded, umlauts written out folded): no stop words, legal forms, weak words or letters.

    >>> _content_words("the industrialization fund for developing countries ifu")
    {'industrialization': 'industrialization', 'fund': 'fund', 'developing': 'developing', \
'country': 'countries', 'ifu': 'ifu'}
    >>> _content_words("ubs group")
    {'ubs': 'ubs'}
    """
    return {
        _umlaut_key(_stem(t)): t
        for t in normalized.split()
        if len(t) > 1
        and t not in _STOP_WORDS
        and t not in WEAK_TOKENS
        and t not in LEGAL_FORM_TOKENS
    }


@lru_cache(maxsize=65536)
def _identifying(token: str) -> bool:
    """Whether a word can identify an organisation: 3 letters or more, not a generic word
    ("bank", "energy", "foundation", "danish" ...) and not a country name.

    >>> _identifying("sanofi"), _identifying("bank"), _identifying("mexico"), _identifying("de")
    (True, False, False, False)
    """
    if len(token) < 3 or token.isdigit():
        return False
    if token in GENERIC_TOKENS or _stem(token) in GENERIC_TOKENS:
        return False
    return len(token) < 4 or to_iso2(token) is None


def _contained(a: str, b: str) -> bool:
    """Whether the content words of one normalised name are all among the other's, and
    identify it (one identifying word, or three words or more), with the same numbers: the
    name overlap a corroborated merge needs (it needs the join date too: "acme group" is
    contained in "acme motors").

    >>> _contained("sanofi aventis", "sanofi"), _contained("ubs", "ubs group")
    (True, True)
    >>> _contained("repsol ypf", "repsol"), _contained("air france", "air france klm")
    (True, True)
    >>> _contained("banco de mexico", "cemex mexico"), _contained("acme group", "acme motors")
    (False, True)
    >>> _contained("acme foods", "acme motors"), _contained("national bank", "national bank of x")
    (False, False)
    """
    if name_numbers(a) != name_numbers(b):
        return False  # "unit 1" / "unit 2": the numbers veto holds here too
    words_a, words_b = _content_words(a), _content_words(b)
    small, big = (words_a, words_b) if len(words_a) <= len(words_b) else (words_b, words_a)
    if not small or not small.keys() <= big.keys():
        return False
    return len(small) >= 3 or any(_identifying(t) for t in small.values())


def _prefilter_form(normalized: str) -> str:
    """What the rapidfuzz prefilter compares: no stop words, no legal-form tokens left
    inside the name, misspelt ones included (if any word remains).

    >>> _prefilter_form("gensa sa esp gestion energetica de colombia")
    'gensa gestion energetica colombia'
    >>> _prefilter_form("inpex corporaition")
    'inpex'
    """
    kept = [
        t
        for t in normalized.split()
        if t not in _STOP_WORDS and t not in LEGAL_FORM_TOKENS and not _misspelt_legal(t)
    ]
    return " ".join(kept) if kept else normalized


def _sorted_words(text: str) -> str:
    """The words of `text` in alphabetical order.

    >>> _sorted_words("rai amsterdam")
    'amsterdam rai'
    """
    return " ".join(sorted(text.split()))


def _block_keys(normalized: str) -> list[str]:
    """Blocking keys of a name: each distinctive token, its first 4 and its last 4 letters.

    >>> _block_keys("coca cola")
    ['p:coca', 'p:cola', 't:coca', 't:cola']
    >>> _block_keys("coloplast")
    ['p:colo', 's:last', 't:coloplast']
    """
    keys: set[str] = set()
    for tok in normalized.split():
        if tok in _STOP_WORDS or len(tok) < 2:
            continue
        keys.add("t:" + tok)
        if len(tok) >= 4:
            keys.add("p:" + tok[:4])
        if len(tok) >= 6:
            keys.add("s:" + tok[-4:])
    return sorted(keys)


class CompanyResolver:
    """Index of known companies; resolves records to them (see ``docs/resolution.md``).

    Resolution order: exact id -> LEI -> gc_id -> website domain -> normalised name (also
    aliases, then the same name ignoring spaces) -> fuzzy name within a candidate block ->
    corroborated name (the same join date and country, one name's words in the other's).

    Vetoes, applied at every step after the id: a different LEI (both known) or a different
    gc_id (both known) means a different company, whatever the names say. For name and
    fuzzy steps, different known countries mean "review, do not merge"; for the fuzzy
    step, different numbers in the names ("Unit 1"/"Unit 2") mean "not the same", and a
    merge needs every distinctive word to agree (see :func:`_compare`). Several equally
    good candidates are never guessed between: they become review candidates.

    >>> r = CompanyResolver()
    >>> r.add("N1", CompanyRecord("N1", "Nestlé S.A.", country="CH", lei="549300"))
    >>> r.resolve(CompanyRecord("x", "Nestle", country="CH", lei="999999"))
    (None, [])
    >>> r.resolve(CompanyRecord("y", "Totally Different", lei="549300"))[0].method
    'lei'
    """

    FUZZY_THRESHOLD: ClassVar[float] = 0.88
    """Fuzzy merge at or above this similarity (aligned ``fuzz.ratio`` / 100, see
    :func:`_compare`), and only when every distinctive word agrees ("same"). The knee of
    the measured curve: single-typo recall on real names 0.77 at 0.88, 0.73 at 0.92, 0.61
    at 0.95, with no false merge anywhere from 0.70 up (docs/resolution.md)."""

    REVIEW_THRESHOLD: ClassVar[float] = 0.80
    """Fuzzy pairs from here up that are not merged become review candidates (and this is
    the prefilter cut-off). At 0.80 leave-one-out on real names gives ~1.5 reviews per 100
    names; 0.75 gives ~1.8, 0.70 ~2.2."""

    BLOCK_CAP: ClassVar[int] = 128
    """At most this many indexed names are fuzzily compared per query name."""

    def __init__(
        self, fuzzy_threshold: float | None = None, review_threshold: float | None = None
    ) -> None:
        self.fuzzy_threshold = (
            self.FUZZY_THRESHOLD if fuzzy_threshold is None else float(fuzzy_threshold)
        )
        self.review_threshold = (
            self.REVIEW_THRESHOLD if review_threshold is None else float(review_threshold)
        )
        if not 0.0 <= self.review_threshold <= self.fuzzy_threshold <= 1.0:
            raise ValueError("need 0 <= review_threshold <= fuzzy_threshold <= 1")
        self._last: tuple[CompanyRecord, _Query] | None = None  # last record normalised
        self._canon: dict[str, str] = {}  # any known id -> canonical id
        self._profiles: dict[str, _Profile] = {}
        self._by_lei: dict[str, set[str]] = {}
        self._by_gc: dict[str, set[str]] = {}
        self._by_domain: dict[str, set[str]] = {}
        self._by_name: dict[str, set[str]] = {}
        self._by_compact: dict[str, set[str]] = {}
        self._by_core: dict[str, set[str]] = {}
        self._by_joined: dict[tuple[str, str], set[str]] = {}  # (join date, country)
        self._block: dict[str, list[str]] = {}  # blocking key -> prefilter forms
        self._form_names: dict[str, list[str]] = {}  # prefilter form -> normalised names
        self._block_sorted: dict[str, list[str]] = {}  # the same, each with words sorted

    # ------------------------------------------------------------------ indexing

    def __len__(self) -> int:
        """Number of canonical companies indexed."""
        return len(self._profiles)

    def canonical_id(self, some_id: str) -> str | None:
        """The canonical company an id (canonical or source id) stands for, if known."""
        return self._canon.get(some_id.strip())

    def add_id(self, canonical_id: str, other_id: str) -> None:
        """Record that `other_id` (e.g. another source's id) means company `canonical_id`.

        The first mapping of an id wins; later conflicting calls are ignored.
        """
        self._canon.setdefault(canonical_id, canonical_id)
        self._canon.setdefault(other_id.strip(), canonical_id)
        self._profiles.setdefault(canonical_id, _Profile(label=canonical_id))

    def add(self, canonical_id: str, record: CompanyRecord) -> None:
        """Index `record` (id, names, aliases, identifiers) as company `canonical_id`."""
        self.add_id(canonical_id, record.id)
        prof = self._profiles[canonical_id]
        if prof.label == canonical_id and record.name.strip():
            prof.label = record.name.strip()
        q = self._query(record)
        if q.country:
            prof.countries.add(q.country)
            if q.joined:
                self._by_joined.setdefault((q.joined, q.country), set()).add(canonical_id)
        for value, prof_set, index in (
            (q.lei, prof.leis, self._by_lei),
            (q.gc_id, prof.gc_ids, self._by_gc),
            (q.domain, prof.domains, self._by_domain),
        ):
            if value:
                prof_set.add(value)
                index.setdefault(value, set()).add(canonical_id)
        for name in q.names:
            prof.names.add(name)
            if name not in self._by_name:
                form = _prefilter_form(name)
                if form not in self._form_names:
                    self._form_names[form] = []
                    sorted_form = _sorted_words(form)
                    for key in _block_keys(form):
                        self._block.setdefault(key, []).append(form)
                        self._block_sorted.setdefault(key, []).append(sorted_form)
                self._form_names[form].append(name)
            self._by_name.setdefault(name, set()).add(canonical_id)
            self._by_compact.setdefault(_compact(name), set()).add(canonical_id)
            self._by_core.setdefault(core_name(name), set()).add(canonical_id)

    # ------------------------------------------------------------------ resolving

    def resolve(self, record: CompanyRecord) -> tuple[Match | None, list[ReviewCandidate]]:
        """Which known company is `record`? (None = a new company) and pairs to review.

        Does not index the record: call :meth:`add` with the outcome. Review candidates
        carry ``company_id = match.company_id``, or ``record.id`` when there is no match.
        """
        rid = record.id.strip()
        if rid in self._canon:
            canon = self._canon[rid]
            return Match(canon, "id", 1.0, f"id {rid!r} is known as {canon}"), []
        q = self._query(record)
        self._last = (record, q)  # add() of the same record reuses it
        match, reviews = self._resolve_query(q)
        own = match.company_id if match else rid
        out: dict[str, ReviewCandidate] = {}
        for other, score, reason in reviews:
            if other == own:
                continue
            prev = out.get(other)
            if prev is None or score > prev.score:
                out[other] = ReviewCandidate(own, other, round(score, 4), reason)
        return match, sorted(out.values(), key=lambda c: (-c.score, c.other_id))

    def resolve_reference(self, text: str) -> Match | None:
        """A `company` cell (partnerships, approaches ...): an id, or a name as written.

        Id first, then the name steps (exact, compact, fuzzy) without country or
        identifiers. An ambiguous name (several companies) gives None.

        >>> r = CompanyResolver()
        >>> r.add("KO", CompanyRecord("KO", "The Coca-Cola Company"))
        >>> r.resolve_reference("KO").method, r.resolve_reference("coca cola co").method
        ('id', 'name')
        """
        key = (text or "").strip()
        if not key:
            return None
        if key in self._canon:
            canon = self._canon[key]
            return Match(canon, "id", 1.0, f"id {key!r} is known as {canon}")
        q = _Query(names=self._names([key]), country=None, lei=None, gc_id=None, domain=None)
        match, _ = self._resolve_names(q)
        return match

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _names(raw: Iterable[str]) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for name in raw:
            norm = normalize_name(name or "")
            if norm:
                out.setdefault(norm, None)
        return tuple(out)

    def _query(self, record: CompanyRecord) -> _Query:
        if self._last is not None and self._last[0] is record:
            return self._last[1]
        return _Query(
            names=self._names((record.name, *record.aliases)),
            country=_norm_country(record.country),
            lei=normalize_lei(record.lei),
            gc_id=normalize_gc_id(record.gc_id),
            domain=website_domain(record.website),
            joined=_norm_joined(record.joined),
        )

    def _id_conflict(self, q: _Query, cid: str) -> str | None:
        """Why identifiers prove `q` is not company `cid` (None if they do not)."""
        prof = self._profiles[cid]
        if q.lei and prof.leis and q.lei not in prof.leis:
            return f"LEI {q.lei} differs from {', '.join(sorted(prof.leis))}"
        if q.gc_id and prof.gc_ids and q.gc_id not in prof.gc_ids:
            return f"gc_id {q.gc_id} differs from {', '.join(sorted(prof.gc_ids))}"
        return None

    def _country_state(self, q: _Query, cid: str) -> str:
        """'same', 'unknown' (missing on a side) or 'different' (both known, none shared)."""
        countries = self._profiles[cid].countries
        if not q.country or not countries:
            return "unknown"
        return "same" if q.country in countries else "different"

    def _label(self, cid: str) -> str:
        label = self._profiles[cid].label
        return cid if label == cid else f"{cid} ({label})"

    def _resolve_query(self, q: _Query) -> tuple[Match | None, _Reviews]:
        reviews: _Reviews = []
        for method, value, index in (
            ("lei", q.lei, self._by_lei),
            ("gc_id", q.gc_id, self._by_gc),
            ("domain", q.domain, self._by_domain),
        ):
            if not value or value not in index:
                continue
            ok: list[str] = []
            for cid in sorted(index[value]):
                why = self._id_conflict(q, cid)
                if why is None:
                    ok.append(cid)
                else:  # same identifier of one kind, a different one of another kind
                    reviews.append((cid, 1.0, f"same {method} {value} but {why}"))
            chosen, ambiguous = self._pick(q, ok, by_country=True)
            if chosen is not None:
                label = "website domain" if method == "domain" else method
                return Match(
                    chosen, method, 1.0, f"{label} {value} equals that of {self._label(chosen)}"
                ), reviews
            reviews.extend(
                (cid, 1.0, f"{method} {value} is shared by several companies") for cid in ambiguous
            )
        match, more = self._resolve_names(q)
        if match is None:
            match, corroborated = self._corroborated(q)
            more += corroborated
        return match, reviews + more

    def _pick(
        self, q: _Query, cids: list[str], *, by_country: bool
    ) -> tuple[str | None, list[str]]:
        """One company from sorted candidates, preferring the same country; else ambiguity.

        With ``by_country`` (identifier steps) a different country does not exclude a
        candidate; otherwise callers have already removed those.
        """
        if len(cids) <= 1:
            return (cids[0] if cids else None), []
        tiers: dict[str, list[str]] = {"same": [], "unknown": [], "different": []}
        for cid in cids:
            tiers[self._country_state(q, cid)].append(cid)
        order = ("same", "unknown", "different") if by_country else ("same", "unknown")
        for tier in order:
            if len(tiers[tier]) == 1:
                return tiers[tier][0], []
            if tiers[tier]:
                return None, tiers[tier]
        return None, []

    def _resolve_names(self, q: _Query) -> tuple[Match | None, _Reviews]:
        reviews: _Reviews = []
        seen: set[str] = set()
        # 1. exact normalised name (or alias), then 2. the same ignoring spaces/"and".
        for tier, index, keyf in (
            ("name", self._by_name, lambda n: n),
            ("compact", self._by_compact, _compact),
        ):
            hits: dict[str, str] = {}  # cid -> the name that matched
            for name in q.names:
                for cid in sorted(index.get(keyf(name), ())):
                    hits.setdefault(cid, name)
            ok: list[str] = []
            for cid in sorted(hits):
                seen.add(cid)
                if self._id_conflict(q, cid) is not None:
                    continue  # proven different: not even a review
                if self._country_state(q, cid) == "different":
                    countries = "/".join(sorted(self._profiles[cid].countries))
                    reviews.append(
                        (
                            cid,
                            1.0,
                            f"same normalised name {hits[cid]!r} but country {q.country} "
                            f"vs {countries}",
                        )
                    )
                else:
                    ok.append(cid)
            chosen, ambiguous = self._pick(q, ok, by_country=False)
            if chosen is not None:
                how = "equals" if tier == "name" else "equals (ignoring spaces)"
                # the same name elsewhere (another country) is not worth a review once
                # the record has found its company
                return Match(
                    chosen,
                    "name",
                    1.0,
                    f"normalised name {hits[chosen]!r} {how} that of {self._label(chosen)}",
                ), []
            reviews.extend(
                (cid, 1.0, f"normalised name {hits[cid]!r} is shared by several companies")
                for cid in ambiguous
            )
            if ambiguous:
                return None, reviews  # do not guess between several same-name companies
        match, more = self._fuzzy(q, seen)
        return match, reviews + more

    def _blocked_hits(self, form: str, cutoff: float) -> list[str]:
        """Indexed prefilter forms similar to `form`, searched within its block only.

        The block is the union of the postings of `form`'s keys, rarest key first, while
        it stays within ``BLOCK_CAP`` names (if even the rarest key is larger, its first
        ``BLOCK_CAP`` entries, in indexing order). Within it, rapidfuzz's ``fuzz.ratio``
        runs in C on the forms as written and with their words sorted (a typo in a first
        letter breaks the one, a reordering the other); either reaching `cutoff` is a hit.
        Hits come back in a deterministic order (key order, then indexing order).
        """
        block, block_sorted = self._block, self._block_sorted
        postings = sorted((len(block[k]), k) for k in _block_keys(form) if k in block)
        if not postings:
            return []
        forms: list[str] = []
        sorted_forms: list[str] = []
        for size, key in postings:
            if forms and len(forms) + size > self.BLOCK_CAP:
                break  # keys are sorted by size: no later one fits either
            forms += block[key][: self.BLOCK_CAP]
            sorted_forms += block_sorted[key][: self.BLOCK_CAP]
        found = process.extract(form, forms, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        found += process.extract(
            _sorted_words(form), sorted_forms, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        # a form under several keys appears more than once: keep its first position
        return list(dict.fromkeys(forms[i] for i in sorted({i for _, _, i in found})))

    def _fuzzy(self, q: _Query, seen: set[str]) -> tuple[Match | None, _Reviews]:
        reviews: _Reviews = []
        cutoff = self.review_threshold * 100
        best: dict[str, tuple[float, str, str, str]] = {}  # cid -> score, kind, names
        for name in q.names:
            numbers = name_numbers(name)
            form = _prefilter_form(name)
            # cheap C++ prefilter over the block: plain ratio in written order or with the
            # words sorted (a typo in a first letter breaks the one, a reordering the other);
            # the verdict comes from _compare
            hit_forms = self._blocked_hits(form, cutoff)
            others = [n for f in hit_forms for n in self._form_names[f]]
            # same core name ("acme group" ~ "acme holdings"): at least a review
            others.extend(o for o in self._core_names(core_name(name)) if o != name)
            for other in dict.fromkeys(others):
                if name_numbers(other) != numbers:
                    continue  # "unit 1" vs "unit 2", "3m" vs "4m": not the same
                kind, score = _compare(name, other)
                if kind == "weak":
                    score = max(score, cutoff)
                if kind == "different" or score < cutoff:
                    continue
                for cid in self._by_name[other]:
                    if cid in seen:
                        continue
                    cur = best.get(cid)
                    cand = (score, kind, name, other)
                    if cur is None or _rank(cand) > _rank(cur):
                        best[cid] = cand
        mergeable: list[tuple[float, str]] = []
        for cid in sorted(best):
            score, kind, name, other = best[cid]
            if self._id_conflict(q, cid) is not None:
                continue
            country = self._country_state(q, cid)
            pair = f"{name!r} ~ {other!r} ({score:.0f})"
            merge_level = score >= self.fuzzy_threshold * 100
            if country == "different":
                if kind not in ("same", "weak"):
                    continue  # a spelling variant in another country: noise, not a lead
                reason = f"similar names {pair} but different countries"
            elif kind == "same" and merge_level:
                mergeable.append((score, cid))
                continue
            elif kind == "same":
                reason = f"similar names {pair}, below the merge threshold"
            elif kind == "weak":
                reason = f"names {pair} differ only by weak words (group, holding ...)"
            elif kind == "reordered":
                reason = f"names {pair} have their words both reordered and respelled"
            elif kind == "typo":
                reason = f"names {pair} differ by a few letters in every distinctive word"
            else:
                reason = f"names {pair}: one has extra words"
            reviews.append((cid, score / 100, reason))
        if not mergeable:
            return None, reviews
        mergeable.sort(key=lambda sc: (-sc[0], self._country_state(q, sc[1]) != "same", sc[1]))
        top_score, top = mergeable[0]
        ties = [cid for score, cid in mergeable if score == top_score]
        same_country_ties = [c for c in ties if self._country_state(q, c) == "same"]
        if len(ties) > 1 and len(same_country_ties) != 1:
            reviews.extend(
                (cid, score / 100, "several companies have equally similar names")
                for score, cid in mergeable
            )
            return None, reviews
        _, _, name, other = best[top]
        detail = (
            f"normalised name {name!r} is close to {other!r} of {self._label(top)} "
            f"(similarity {top_score:.0f})"
        )
        return Match(top, "fuzzy", round(top_score / 100, 4), detail), reviews

    def _corroborated(self, q: _Query) -> tuple[Match | None, _Reviews]:
        """The one company with the record's join date and country whose name contains the
        record's content words, or whose content words the record's name contains ("Sanofi
        Aventis" / "Sanofi", "UBS" / "UBS Group"). The same organisation keeps its Global
        Compact join date; on busy days many joined in one country, so the names must still
        overlap, and several such companies are not guessed between (review candidates).
        One side must be a known participant (a gc_id): two records without one are two
        entries of one list ("BBC" / "BBC Business" joined the 2009 register on one day).
        """
        if not q.joined or not q.country:
            return None, []
        hits: list[tuple[str, str, str]] = []  # (company, record's name, company's name)
        for cid in sorted(self._by_joined.get((q.joined, q.country), ())):
            if self._id_conflict(q, cid) is not None:
                continue
            if not q.gc_id and not self._profiles[cid].gc_ids:
                continue  # two entries of one list without participant ids: two entries
            names = sorted(self._profiles[cid].names)
            pair = next(((n, o) for n in q.names for o in names if _contained(n, o)), None)
            if pair is not None:
                hits.append((cid, *pair))
        evidence = f"the same Global Compact join date {q.joined} and country {q.country}"
        if len(hits) == 1:
            cid, name, other = hits[0]
            detail = (
                f"normalised name {name!r} overlaps {other!r} of {self._label(cid)} "
                f"(one contains the other's words), with {evidence}"
            )
            return Match(cid, "corroborated-name", 1.0, detail), []
        return None, [
            (cid, 1.0, f"names {name!r} ~ {other!r} overlap, with {evidence}, as do others")
            for cid, name, other in hits
        ]

    def _core_names(self, core: str) -> list[str]:
        """Indexed names whose core (weak words removed) equals `core`."""
        out: list[str] = []
        for cid in sorted(self._by_core.get(core, ())):
            out.extend(sorted(n for n in self._profiles[cid].names if core_name(n) == core))
        return out


def _rank(cand: tuple[float, str, str, str]) -> tuple[int, float]:
    """Order fuzzy evidence for one company: agreeing tokens first, then score."""
    score, kind, _, _ = cand
    ranks = {"same": 5, "reordered": 4, "typo": 3, "weak": 2, "subset": 1}
    return (ranks.get(kind, 0), score)
