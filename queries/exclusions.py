"""Fuzzy matching of company names against screening lists (sanctions, debarments).

An exact-name comparison misses a listed entity as soon as someone writes it another way
("AL-HARAMAIN FOUNDATION" / "Al Haramain Foundation Inc", "Amroggang" / "Amroggong"), and a
loose one buries due-diligence staff in false alarms. :class:`ExclusionMatcher` sits in
between: names are normalised with :func:`ingest.normalize.normalize_name`, compared word
by word with a small spelling tolerance, and every pair gets a *level*:

- ``"match"``: a confident match (every distinctive word agrees, at least one of them
  letter for letter, and the aligned similarity reaches :data:`MATCH_THRESHOLD`);
- ``"possible"``: worth a human look (a one-word name respelled, every word respelled,
  words added or missing on one side, only weak words such as "group" differing, a
  very short name, or a confident name match whose countries do not intersect; an
  uncertain name match in another country is not reported at all).

Company names (name and aliases) are compared with entry names (name and aliases). Only
entries sharing a blocking key with a name are compared at all (see :func:`block_keys`),
so screening n companies against m entries costs far less than n x m comparisons.
The rules and the figures measured on real lists are in ``docs/queries/screening.md``.

>>> entry = ExclusionEntry("X1", "Acme Motors Limited", "world-bank", countries=("KE",))
>>> matcher = ExclusionMatcher([entry])
>>> [(h.entry.id, h.level) for h in matcher.match(["ACME MOTORS LTD"], ["KE"])]
[('X1', 'match')]
>>> [(h.entry.id, h.level) for h in matcher.match(["Acme Motors Ltd"], ["TZ"])]
[('X1', 'possible')]
>>> matcher.match(["Acme Foods Ltd"], ["KE"])
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ingest.normalize import (
    LEGAL_FORM_TOKENS,
    WEAK_TOKENS,
    is_acronym,
    name_numbers,
    normalize_name,
)

__all__ = [
    "MATCH_THRESHOLD",
    "POSSIBLE_THRESHOLD",
    "Comparison",
    "ExclusionEntry",
    "ExclusionHit",
    "ExclusionMatcher",
    "block_keys",
    "compare_names",
    "judge",
    "prepare",
]

Level = Literal["match", "possible"]

MATCH_THRESHOLD: Final = 0.88
"""A pair whose distinctive words all agree is a confident match from this aligned
similarity up (``fuzz.ratio`` of the two names with their words aligned, / 100)."""

POSSIBLE_THRESHOLD: Final = 0.80
"""Pairs below the confident rules are possible matches from this similarity up (and
this is the rapidfuzz prefilter's cut-off)."""

MIN_CONFIDENT_LENGTH: Final = 4
"""Names with fewer letters than this (``RGB``, ``MID``, ``ADF``: acronyms, mostly
aliases) only ever give a possible match, and only when equal."""

BLOCK_CAP: Final = 96
"""At most this many entry names are compared (in C) per company name."""

# Words ignored when aligning two names: articles and prepositions in the languages of
# the lists, and the Arabic article/particles that transliterations write or drop at will
# ("Al-Akhtar" / "Akhtar", "Lashkar i Jhangvi" / "Lashkar-e-Jhangvi").
STOP_WORDS: Final = frozenset(
    "and of the de del della des du la le les el los las y et und for da do dos das "
    "der die van von al ul e i a".split()
)

Kind = Literal["exact", "same", "short", "typo", "weak", "subset", "different"]


@dataclass(frozen=True)
class ExclusionEntry:
    """One entry of a screening list, as the screening needs it.

    ``start``/``end`` are ISO dates (``from``/``to`` of ``exclusions.csv``); the entry is
    in force on a day when it has started and not yet ended (the ``end`` day included).

    >>> e = ExclusionEntry("X2", "Vaicourn Ltd", "world-bank", start="2008-05-26", end="2014-05-25")
    >>> e.in_force("2014-05-25"), e.in_force("2014-05-26"), e.in_force("2008-05-25")
    (True, False, False)
    """

    id: str
    name: str
    list: str
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    source: str = ""
    start: str | None = None
    end: str | None = None

    def in_force(self, as_of: str) -> bool:
        return (self.start is None or self.start <= as_of) and (
            self.end is None or self.end >= as_of
        )


@dataclass(frozen=True)
class ExclusionHit:
    """The best evidence that a company is a given entry."""

    entry: ExclusionEntry
    level: Level
    score: float  # aligned similarity of the two names, 0-1, 4 decimals
    name: str  # the company's name (or alias) as written
    entry_name: str  # the entry's name (or alias) as written
    why: str  # why the level: one short human phrase

    def detail(self) -> str:
        """One line for a flag: the entry, its list, the names compared, the score, why.

        >>> e = ExclusionEntry("X1", "Acme Motors Limited", "world-bank")
        >>> print(ExclusionHit(e, "match", 1.0, "Acme Motors Ltd", e.name, "same name").detail())
        world-bank entry X1 'Acme Motors Limited': 'Acme Motors Ltd' ~ 'Acme Motors Limited', score 1.0 (same name)
        """  # noqa: E501
        return (
            f"{self.entry.list} entry {self.entry.id} {self.entry.name!r}: "
            f"{self.name!r} ~ {self.entry_name!r}, score {self.score} ({self.why})"
        )


# --------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    """A name prepared once for comparison."""

    text: str  # as written
    norm: str  # normalize_name
    words: tuple[str, ...]  # without stop words (all words if only stop words)
    compact: str  # every word of the normalised name glued ("alharamain")
    numbers: tuple[str, ...]
    joined: str  # the words but legal forms (what the C prefilter compares)
    sorted_joined: str  # the same in alphabetical order (for reordered names)
    distinctive: str  # the same without weak words such as "group" (if any is left)

    @property
    def letters(self) -> int:
        return len(self.compact)


@lru_cache(maxsize=131072)
def prepare(text: str) -> _Name:
    """Normalise a name once: the comparison key, its words, its prefilter forms.

    >>> n = prepare("AL-HARAMAIN & AL MASJED AL-AQSA CHARITY FOUNDATION")
    >>> n.norm
    'al haramain and al masjed al aqsa charity foundation'
    >>> n.words
    ('haramain', 'masjed', 'aqsa', 'charity', 'foundation')
    >>> n.compact
    'alharamainandalmasjedalaqsacharityfoundation'
    """
    norm = normalize_name(text)
    tokens = norm.split()
    words = tuple(t for t in tokens if t not in STOP_WORDS) or tuple(tokens)
    # the prefilter ignores legal forms, and a misspelt one at the end ("Corporaton"), as
    # compare_names does
    last = len(words) - 1
    plain = [
        t
        for k, t in enumerate(words)
        if t not in LEGAL_FORM_TOKENS
        and t not in _PREFIX_FORMS
        and not (k == last and _misspelt_legal(t))
    ] or list(words)
    distinctive = [t for t in plain if t not in WEAK_TOKENS] or plain
    return _Name(
        text=text,
        norm=norm,
        words=words,
        compact="".join(tokens),
        numbers=name_numbers(norm),
        joined=" ".join(plain),
        sorted_joined=" ".join(sorted(plain)),
        distinctive=" ".join(distinctive),
    )


def _stem(token: str) -> str:
    """A crude plural fold ("industries" ~ "industry", "sentinels" ~ "sentinel")."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def _edit_budget(a: str, b: str) -> int:
    """Spelling edits tolerated between two words that should be "the same word".

    None for one- and two-letter words, 1 up to 8 letters, 2 from 9: a one-letter typo or
    a vowel changed by a transliteration ("Haqqani" / "Haqani", "Qaida" / "Qaeda") keeps
    the same word. Words of 3-4 letters may differ by one edit too ("Cesa" / "Cess"), but
    such a pair is only ever a possible match ("Base" / "Case", "Bank" / "Band").
    """
    n = max(len(a), len(b))
    if n < 3:
        return 0
    return 1 if n <= 8 else 2


SHORT_WORD: Final = 4
"""A respelled word of at most this many letters makes a pair a possible match at most."""

_LONG_LEGAL: Final = tuple(sorted(t for t in LEGAL_FORM_TOKENS if len(t) >= 5))
_SHORT_LEGAL: Final = ("corp", "gmbh", "inc", "llc", "ltd", "ltda", "plc", "pvt")
# legal forms written before the name ("PT Ewaco", "OOO Gazprom"): normalize_name drops
# them from the front only, so "Ewaco PT" keeps one
_PREFIX_FORMS: Final = frozenset("pt uab ooo oao zao pao pjsc ojsc cjsc jsc tov".split())


@lru_cache(maxsize=65536)
def _misspelt_legal(token: str) -> bool:
    """A legal form, or one misspelt: "coproration", "limitad", "lt", "lltd".

    >>> [_misspelt_legal(t) for t in ("coproration", "ilmited", "lt", "lltd", "lilly")]
    [True, True, True, True, False]
    >>> _misspelt_legal("core"), _misspelt_legal("ldt")
    (False, True)
    """
    if token in LEGAL_FORM_TOKENS:
        return True
    if len(token) >= 5:
        # every long form within two edits, found in C; then each one's own budget
        near = process.extract(token, _LONG_LEGAL, scorer=OSA.distance, score_cutoff=2, limit=None)
        return any(dist <= _edit_budget(token, form) for form, dist, _ in near)
    # short forms: a letter dropped, doubled or two swapped, not changed ("core" is
    # a word, not a misspelt "corp")
    return len(token) >= 2 and any(
        OSA.distance(token, form, score_cutoff=1) <= 1
        and (len(token) != len(form) or sorted(token) == sorted(form))
        for form in _SHORT_LEGAL
    )


def _ignorable(token: str, other_words: Sequence[str], last: bool) -> bool:
    """Unmatched words that say nothing about identity: a legal form left inside a name,
    a misspelt one at its end ("Ltd" but also "Limitad"; not "LPC" in "LPC Construction"),
    an acronym of the other side's words."""
    if (
        token in LEGAL_FORM_TOKENS
        or token in _PREFIX_FORMS
        or is_acronym(token, other_words, min_len=2)
    ):
        return True
    return last and _misspelt_legal(token)


@dataclass(frozen=True)
class Comparison:
    kind: Kind
    score: float  # 0-100


def compare_names(a: _Name, b: _Name) -> Comparison:
    """How two prepared names relate, word by word, and their aligned similarity (0-100).

    Words match exactly (plural-folded) or within a spelling budget (see
    :func:`_edit_budget`); unmatched legal forms (even misspelt) and acronyms of the other
    side's words are ignored. The kind is

    - ``exact``: the same normalised name, or the same letters once spaces are ignored;
    - ``same``: every word matched, at least one distinctive word letter for letter, no
      short word (:data:`SHORT_WORD` letters) respelled;
    - ``short``: as ``same`` but a short word respelled ("Base Technology" / "Case
      Technology");
    - ``typo``: every word matched, none of the distinctive ones letter for letter;
    - ``weak``: only weak words ("group", "international" ...) left over;
    - ``subset``: words left over on one side only;
    - ``different``: words left over on both sides ("Acme Foods" / "Acme Motors").

    The score is ``fuzz.ratio`` of the two names (plural-folded, ignored words left out)
    with the second one's words put in the order of their partners in the first.

    >>> compare_names(prepare("Acme Foods"), prepare("Acme Motors")).kind
    'different'
    >>> c = compare_names(prepare("Korea Samjong Shiping"), prepare("KOREA SAMJONG SHIPPING"))
    >>> c.kind, round(c.score)
    ('same', 98)
    >>> compare_names(prepare("Samjong Korea Shipping"), prepare("Korea Samjong Shipping"))
    Comparison(kind='same', score=100.0)
    >>> compare_names(prepare("Tropica"), prepare("TROPIKA")).kind
    'typo'
    >>> compare_names(prepare("Al Haramain"), prepare("ALHARAMAIN")).kind
    'exact'
    >>> compare_names(prepare("Base Technologies"), prepare("CASE TECHNOLOGY")).kind
    'short'
    """
    if a.norm == b.norm or a.compact == b.compact:
        return Comparison("exact", 100.0)
    wa, wb = a.words, b.words
    sa = [_stem(t) for t in wa]
    sb = [_stem(t) for t in wb]
    partner: list[int | None] = [None] * len(wa)
    used = [False] * len(wb)
    exact = [False] * len(wa)
    for i, stem in enumerate(sa):
        for j, other in enumerate(sb):
            if not used[j] and other == stem:
                partner[i], used[j], exact[i] = j, True, True
                break
    # spelling variants: closest pairs first (ties by position, so deterministic)
    pairs: list[tuple[int, int, int]] = []
    for i, tok in enumerate(wa):
        if partner[i] is not None:
            continue
        for j, other in enumerate(wb):
            budget = _edit_budget(tok, other)
            if used[j] or budget == 0:
                continue
            dist = min(
                OSA.distance(sa[i], sb[j], score_cutoff=budget + 1),
                OSA.distance(tok, other, score_cutoff=budget + 1),
            )
            if dist <= budget:
                pairs.append((dist, i, j))
    short_edit = False
    for _, i, j in sorted(pairs):
        if partner[i] is None and not used[j]:
            partner[i], used[j] = j, True
            short_edit = short_edit or max(len(wa[i]), len(wb[j])) <= SHORT_WORD
    last_a, last_b = len(wa) - 1, len(wb) - 1
    keep_a = [
        partner[i] is not None or not _ignorable(t, wb, i == last_a) for i, t in enumerate(wa)
    ]
    keep_b = [used[j] or not _ignorable(t, wa, j == last_b) for j, t in enumerate(wb)]
    only_a = [t for i, t in enumerate(wa) if keep_a[i] and partner[i] is None]
    only_b = [t for j, t in enumerate(wb) if keep_b[j] and not used[j]]
    left = [sa[i] for i in range(len(wa)) if keep_a[i]]
    right = [sb[j] for j in partner if j is not None]
    right += [sb[j] for j in range(len(wb)) if keep_b[j] and not used[j]]
    score = float(fuzz.ratio(" ".join(left), " ".join(right)))
    anchored = any(
        exact[i] and t not in WEAK_TOKENS and t not in LEGAL_FORM_TOKENS for i, t in enumerate(wa)
    )
    if not only_a and not only_b:
        if not anchored:
            return Comparison("typo", score)
        return Comparison("short" if short_edit else "same", score)
    if all(t in WEAK_TOKENS for t in only_a + only_b):
        return Comparison("weak", score)
    strong_a = [t for t in only_a if t not in WEAK_TOKENS]
    strong_b = [t for t in only_b if t not in WEAK_TOKENS]
    if anchored and (not strong_a or not strong_b):
        return Comparison("subset", score)
    return Comparison("different", score)


def judge(company: _Name, entry: _Name) -> tuple[Level, float, str] | None:
    """The level of a name pair (ignoring countries), its score (0-1) and why, or None.

    >>> judge(prepare("Acme Motors Ltd"), prepare("ACME MOTORS LIMITED"))
    ('match', 1.0, 'same name')
    >>> judge(prepare("RGB Ltd"), prepare("RGB"))
    ('possible', 1.0, 'same name, but too short to be sure')
    """
    if company.numbers != entry.numbers:
        return None  # "Unit 586" is not "Unit 587"
    cmp = compare_names(company, entry)
    score = round(cmp.score / 100, 4)
    if cmp.kind == "different":
        return None
    if min(company.letters, entry.letters) < MIN_CONFIDENT_LENGTH:
        if cmp.kind == "exact":
            return "possible", score, "same name, but too short to be sure"
        return None
    if cmp.kind == "exact":
        return "match", score, "same name"
    if cmp.kind == "same" and score >= MATCH_THRESHOLD:
        return "match", score, "same words, spelling aside"
    if score < POSSIBLE_THRESHOLD:
        return None
    why = {
        "same": "same words, but spelt quite differently",
        "short": "a short word spelt differently",
        "typo": "every distinctive word spelt differently",
        "weak": "names differ by weak words (group, international ...)",
        "subset": "one name has words the other lacks",
    }[cmp.kind]
    return "possible", score, why


# --------------------------------------------------------------------------------------
# blocking
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _word_keys(token: str) -> frozenset[str]:
    """A word and, from 4 letters, each of its one-letter deletions."""
    if len(token) < 4:
        return frozenset((token,))
    return frozenset({token, *(token[:k] + token[k + 1 :] for k in range(len(token)))})


def block_keys(name: _Name) -> list[str]:
    """Blocking keys of a prepared name: each distinctive word, each of its one-letter
    deletions (words of 4 letters or more) and each pair of neighbouring words glued.

    Two words one edit apart (a letter changed, added, dropped or two swapped) always
    share a key (the symmetric-deletion idea of SymSpell), whichever letter changed, so a
    typo in a one-word name still finds its entry; glued pairs find "ALHARAMAIN".

    >>> block_keys(prepare("Acme"))
    ['ace', 'acm', 'acme', 'ame', 'cme']
    >>> [k for k in block_keys(prepare("Al Haramain Trust")) if len(k) > 9]
    ['alharamain', 'haramaintrust']
    """
    tokens = [t for t in name.distinctive.split() if len(t) >= 2] or list(name.words)
    keys: set[str] = set()
    for tok in tokens:
        keys.update(_word_keys(tok))
    words = name.norm.split()
    for k in range(len(words) - 1):
        keys.add(words[k] + words[k + 1])
    return sorted(keys)


# --------------------------------------------------------------------------------------
# the matcher
# --------------------------------------------------------------------------------------

_RANK: Final = {"match": 2, "possible": 1}


class ExclusionMatcher:
    """An index of screening-list entries (their names and aliases) to match names against.

    Build it once for the entries in force and call :meth:`match` for each company. What a
    name matches is remembered (up to :data:`MEMO_SIZE` names), so screening the same
    companies again against the same entries costs a dictionary look-up per name.
    """

    MEMO_SIZE: Final = 500_000

    def __init__(self, entries: Iterable[ExclusionEntry]) -> None:
        self.entries: tuple[ExclusionEntry, ...] = tuple(sorted(entries, key=lambda e: e.id))
        self._names: list[_Name] = []
        self._owners: list[ExclusionEntry] = []
        self._exact: dict[str, list[int]] = {}
        self._block: dict[str, list[int]] = {}
        self._memo: dict[str, tuple[tuple[int, Level, float, str], ...]] = {}
        self.compared = 0  # (name, entry name) pairs scored by the C prefilter
        self.judged = 0  # pairs that went on to the word-by-word comparison
        for entry in self.entries:
            seen: set[str] = set()
            for text in (entry.name, *entry.aliases):
                name = prepare(text)
                if not name.norm or name.norm in seen:
                    continue
                seen.add(name.norm)
                k = len(self._names)
                self._names.append(name)
                self._owners.append(entry)
                for key in {name.norm, name.compact}:
                    self._exact.setdefault(key, []).append(k)
                for key in block_keys(name):
                    self._block.setdefault(key, []).append(k)

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, name: _Name) -> list[int]:
        """Entry names worth judging: equal keys, then the block filtered in C."""
        found = set(self._exact.get(name.norm, ())) | set(self._exact.get(name.compact, ()))
        postings = sorted((len(self._block[k]), k) for k in block_keys(name) if k in self._block)
        block: dict[int, None] = {}
        for size, key in postings:
            if block and len(block) + size > BLOCK_CAP:
                break  # sorted by size: no later key fits either
            block.update(dict.fromkeys(self._block[key][:BLOCK_CAP]))
        if block:
            ids = list(block)
            self.compared += len(ids)
            cutoff = POSSIBLE_THRESHOLD * 100
            joined = [self._names[k].joined for k in ids]
            hits = process.extract(
                name.joined, joined, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            )
            sorted_joined = [self._names[k].sorted_joined for k in ids]
            hits += process.extract(
                name.sorted_joined,
                sorted_joined,
                scorer=fuzz.ratio,
                score_cutoff=cutoff,
                limit=None,
            )
            # a name inside a longer one ("Gap" in "Close the Gap International"): the
            # word rules decide whether that is a possible match
            distinctive = [self._names[k].distinctive for k in ids]
            hits += process.extract(
                name.distinctive,
                distinctive,
                scorer=fuzz.token_set_ratio,
                score_cutoff=95,
                limit=None,
            )
            found.update(ids[i] for _, _, i in hits)
        return sorted(found)

    def _judged(self, text: str) -> tuple[tuple[int, Level, float, str], ...]:
        """``(entry name index, level, score, why)`` for every entry name ``text`` matches,
        countries aside."""
        found = self._memo.get(text)
        if found is None:
            name = prepare(text)
            out = []
            if name.norm:
                candidates = self._candidates(name)
                self.judged += len(candidates)
                for k in candidates:
                    verdict = judge(name, self._names[k])
                    if verdict is not None:
                        out.append((k, *verdict))
            found = tuple(out)
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.clear()
            self._memo[text] = found
        return found

    def match(self, names: Iterable[str], countries: Iterable[str] = ()) -> list[ExclusionHit]:
        """The entries that ``names`` (a company's name and aliases) match, best hit per
        entry, sorted by entry id.

        When both sides have countries and none is shared, a confident match becomes a
        possible one and a possible one is dropped.
        """
        mine = {c for c in countries if c}
        best: dict[str, tuple[tuple[int, float, int], ExclusionHit]] = {}
        for text in dict.fromkeys(n for n in names if n and n.strip()):
            for k, level, score, why in self._judged(text):
                entry = self._owners[k]
                if mine and entry.countries and not mine.intersection(entry.countries):
                    # another country: a name match becomes uncertain, an uncertain one
                    # is not worth anyone's time ("Korea Development Bank", KR, is not
                    # the DPRK's "Korea United Development Bank")
                    if level == "possible":
                        continue
                    level = "possible"
                    why = (
                        f"{why}, but in {'/'.join(sorted(mine))}, "
                        f"listed in {'/'.join(entry.countries)}"
                    )
                hit = ExclusionHit(entry, level, score, text, self._names[k].text, why)
                rank = (_RANK[level], score, -k)
                current = best.get(entry.id)
                if current is None or rank > current[0]:
                    best[entry.id] = (rank, hit)
        return [best[eid][1] for eid in sorted(best)]
