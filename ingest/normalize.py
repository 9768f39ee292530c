"""Normalisation of company names and identifiers for entity resolution.

Agencies write the same company in many ways ("The Coca-Cola Company", "Coca Cola Co.",
"COCA-COLA CO"). :func:`normalize_name` maps such spellings to one comparison key
("coca cola"); :func:`website_domain`, :func:`normalize_lei` and :func:`normalize_gc_id`
turn identifiers into comparable values. :mod:`ingest.resolve` builds on these.

The rules are deliberately plain and deterministic; see ``docs/resolution.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final
from urllib.parse import urlsplit

__all__ = [
    "GENERIC_TOKENS",
    "LEGAL_FORMS",
    "LEGAL_FORM_TOKENS",
    "WEAK_TOKENS",
    "core_name",
    "name_numbers",
    "normalize_gc_id",
    "normalize_lei",
    "normalize_name",
    "website_domain",
]

# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------

# Letters that NFKD does not decompose into "base letter + accent".
_EXTRA_FOLD: Final = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "þ": "th",
        "Þ": "th",
        "ħ": "h",
        "Ħ": "h",
        "´": "'",  # a spacing acute used as an apostrophe ("D´Olis"): NFKD would make it a space
    }
)

# Legal-form suffixes, as token sequences *after* dotted abbreviations were collapsed
# ("S.A." -> "sa", "S.p.A." -> "spa", "A/S" -> "as") and punctuation became spaces.
# One form per comma-separated entry; they are removed repeatedly from the END of a name
# ("Foo Co., Ltd." -> "foo"). "group"/"holding" are NOT legal forms (see WEAK_TOKENS).
_LEGAL_SUFFIXES_TEXT: Final = """
ltd, limited, ltda, lda, ltee, inc, incorporated, corp, corporation, co, company, cie,
plc, llc, llp, lp, lllp, pllc,
sa, sas, sau, sae, saa, sac, saic, saeca, sab, sapi, sca, scs, snc, spa, sapa, srl, sarl,
sprl, eurl, sl, slu, slp, sll, sc, ss, eirl, esp, sa esp, cxa, c por a,
s a, s a s, s p a, s r l, s l, s a u, s c, sa de cv, s a de c v, s de rl, s de rl de cv,
de cv, sab de cv, sapi de cv,
gmbh, mbh, ag, kg, kgaa, ohg, ug, se, ev, gmbh and co kg, gmbh and co, and co kg, co kg,
nv, bv, bvba, cv, vof, n v, b v,
pty, pvt, private, pte, pty ltd, pvt ltd, private limited, pte ltd, co ltd,
company limited,
kk, gk, yk, k k,
oao, ooo, zao, pao, pjsc, ojsc, cjsc, jsc, tov, too,
as, asa, aps, ab, oy, oyj, a s, a b,
sro, spol sro, doo, dd, ad, ead, ood, kft, zrt, nyrt, ltd sti, sti, coltd,
sp z oo, sp zoo, spzoo, sp j, sp k, spj, spk,
sdn bhd, bhd, berhad, sdn, tbk,
eireli, epp, sgps,
and co, and company, and cie, et cie, y cia, cia, e hijos, and sons
"""

LEGAL_FORMS: Final[tuple[tuple[str, ...], ...]] = tuple(
    sorted(
        {tuple(f.split()) for f in _LEGAL_SUFFIXES_TEXT.split(",") if f.split()},
        key=lambda form: (-len(form), form),
    )
)
"""Legal-form token sequences removed from the end of a name, longest first."""

_FORMS_BY_LAST: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
    last: tuple(f for f in LEGAL_FORMS if f[-1] == last) for last in {f[-1] for f in LEGAL_FORMS}
}

# Legal forms that can also START a name ("PT Astra International", "OOO Gazprom",
# "M/s United Enterprises", the French "Etablissements Slama Freres").
_LEGAL_PREFIXES_TEXT: Final = (
    "pt uab ooo oao zao pao pjsc ojsc cjsc jsc llc tov too sc ms ets etablissement etablissements"
)

# Legal forms that are never ordinary words: removed anywhere except as the first token
# ("Siemens Ltd India" -> "siemens india", "Carrefour Argentina (INC S.A.)").
_LEGAL_ANYWHERE_TEXT: Final = (
    "ltd ltda gmbh mbh inc plc llc llp sarl srl bhd sdn tbk pvt pty pte "
    "ooo oao zao pjsc ojsc cjsc jsc kgaa sro doo"
)

_LEGAL_PREFIXES: Final = frozenset(_LEGAL_PREFIXES_TEXT.split())
_LEGAL_ANYWHERE: Final = frozenset(_LEGAL_ANYWHERE_TEXT.split())

# Abbreviations written out, so that "Cia. Minera" equals "Compañía Minera".
_ABBREVIATIONS: Final = {
    "cia": "compania",
    "cie": "compagnie",
    "intl": "international",
    "natl": "national",
    "assn": "association",
    "assoc": "association",
    "univ": "university",
    "mfg": "manufacturing",
    "mgmt": "management",
    "svcs": "services",
    "bros": "brothers",
    "corp": "corporation",
}

LEGAL_FORM_TOKENS: Final = frozenset(t for form in LEGAL_FORMS for t in form if len(form) == 1)
"""Single-token legal forms ("sa", "gmbh" ...): ignorable wherever they appear when two
names are compared token by token (they are removed from a name's end only)."""

WEAK_TOKENS: Final = frozenset(
    "group groupe grupo gruppe gruppo holding holdings holdco international intl "
    "global worldwide corporation corp company co limited".split()
)
"""Tokens that carry little identity: kept by :func:`normalize_name`, dropped by
:func:`core_name` (so "Acme Group" and "Acme Holdings" share the core "acme")."""

GENERIC_TOKENS: Final = frozenset(
    """
    bank banks banco banca banque bankas banka insurance insurances assurance assurances
    reinsurance seguros seguro national nacional nationale nazionale federal state public
    oil gas petroleum energy energia power electric electrical electricity electricidad
    water industry industries industrial industrie industria manufacturing
    service services servicios servicos consulting consultants consultancy consultores
    solutions systems sistemas technology technologies tecnologia management partners
    associates investment investments capital finance financial financiero financiera
    trading trade commerce commercial business enterprise enterprises empresa empresas
    compania companhia compagnie sociedad sociedade societe societa society
    foundation fundacion fundacao fondation fondazione stiftung association asociacion
    associacao associazione institute instituto institut university universidad
    universidade universite college school academy chamber camara network council
    federation confederation union alliance forum centre center centro
    corporate social responsibility sustainability sustainable development
    communication communications media marketing construction engineering logistics
    transport hotel hotels health care medical pharma new general
    american british english french german spanish italian portuguese dutch danish
    swedish norwegian finnish swiss austrian belgian greek hellenic polish turkish
    russian chinese japanese korean indian brazilian mexican argentine colombian
    chilean peruvian african asian european arab latin europe asia africa america
    """.split()
)
"""Words common in organisation names that never identify one on their own ("bank",
"foundation", "energy", nationalities ...). A name contained in another one is merged on a
corroborated join date only when the contained name has another word (see
:mod:`ingest.resolve`); country names are treated the same way there."""

_MOJIBAKE_MARKERS: Final = ("Ã", "Â", "Å", "Ä", "â€")
_DOTTED_RE: Final = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
_SLASHED_RE: Final = re.compile(r"\b([a-z])/([a-z])\b")
_APOSTROPHE_RE: Final = re.compile(r"['\u2019\u2018`\u00b4]")
_NON_WORD_RE: Final = re.compile(r"[\W_]+")
_DIGITS_RE: Final = re.compile(r"\d+")


def _fix_mojibake(text: str) -> str:
    """Undo the common "UTF-8 read as Windows-1252" damage, when it is clearly that.

    >>> _fix_mojibake("AUTOMATIZACIÃ“N")
    'AUTOMATIZACIÓN'
    >>> _fix_mojibake("Nestlé")
    'Nestlé'
    """
    if not any(m in text for m in _MOJIBAKE_MARKERS):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def _fold(text: str) -> str:
    """Lowercase and strip accents (NFKD), keeping non-Latin scripts as they are.

    >>> _fold("Nestlé Ørsted ß")
    'nestle orsted ss'
    """
    if text.isascii():
        return text.lower()
    text = _fix_mojibake(text).translate(_EXTRA_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def _tokens(name: str) -> list[str]:
    """Folded name -> tokens: ``&`` -> and, dotted abbreviations collapsed, punctuation out.

    >>> _tokens("Procter & Gamble S.p.A. (Italy)")
    ['procter', 'and', 'gamble', 'spa', 'italy']
    """
    text = _fold(name).replace("&", " and ").replace("+", " and ")
    text = _APOSTROPHE_RE.sub("", text)
    text = _DOTTED_RE.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _SLASHED_RE.sub(r"\1\2", text)
    return _NON_WORD_RE.sub(" ", text).split()


def _strip_legal_suffixes(tokens: list[str]) -> list[str]:
    """Remove legal-form sequences (and a trailing "the") from the end, repeatedly, but
    never the last remaining word ("SAB AG" -> "sab", "S.A." -> "sa").

    >>> _strip_legal_suffixes(["foo", "co", "ltd"]), _strip_legal_suffixes(["sab", "ag"])
    (['foo'], ['sab'])
    """
    changed = True
    while changed and tokens:
        changed = False
        if len(tokens) > 1 and tokens[-1] == "the":  # "Coca-Cola Company, The"
            tokens = tokens[:-1]
            changed = True
            continue
        for form in _FORMS_BY_LAST.get(tokens[-1], ()):
            n = len(form)
            if len(tokens) > n and tuple(tokens[-n:]) == form:  # never strip to nothing
                tokens = tokens[:-n]
                changed = True
                break
    return tokens


def normalize_name(name: str) -> str:
    """The comparison key of a company name.

    Lowercase, accents stripped, ``&`` -> "and", punctuation -> spaces, dotted
    abbreviations collapsed ("S.A." -> "sa"), a leading "the" and legal-form words
    (Ltd, S.A., GmbH, Inc., Co., "and Co", Sdn Bhd, ...) removed. "Group" is kept: it is
    not a legal form (see :func:`core_name`). Common abbreviations are written out
    ("Cia." -> "compania", "Intl" -> "international"). Never empty for a name with a
    non-space character: the last remaining word is never stripped ("S.A." -> "sa"), and
    a name without any letter or digit gives its folded text ("---").

    >>> normalize_name("The Coca-Cola Company")
    'coca cola'
    >>> normalize_name("COCA-COLA CO")
    'coca cola'
    >>> normalize_name("Nestlé S.A.")
    'nestle'
    >>> normalize_name("Marks & Spencer Group p.l.c.")
    'marks and spencer group'
    >>> normalize_name("Cía. Minera Antamina S.A.")
    'compania minera antamina'
    >>> normalize_name("Limited")
    'limited'
    """
    if not name or not name.strip():
        return ""
    tokens = _tokens(name)
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    tokens = _strip_legal_suffixes(tokens)
    while len(tokens) > 1 and tokens[0] in _LEGAL_PREFIXES:
        tokens = tokens[1:]
    tokens = _strip_legal_suffixes(tokens)
    if len(tokens) > 1:
        tokens = tokens[:1] + [t for t in tokens[1:] if t not in _LEGAL_ANYWHERE]
    tokens = [_ABBREVIATIONS.get(t, t) for t in tokens]
    if tokens:
        return " ".join(tokens)
    return " ".join(_fold(name).split()) or name.strip().casefold()


def core_name(normalized: str) -> str:
    """A normalised name without its weak tokens ("group", "holdings", "international").

    Used only to propose review candidates, never to merge. Falls back to the input when
    every token is weak.

    >>> core_name("acme group")
    'acme'
    >>> core_name("international group")
    'international group'
    """
    tokens = [t for t in normalized.split() if t not in WEAK_TOKENS]
    return " ".join(tokens) if tokens else normalized


def name_numbers(normalized: str) -> tuple[str, ...]:
    """The digit runs of a name, sorted, without leading zeros: a merge needs equal ones.

    >>> name_numbers("unit 2 3m")
    ('2', '3')
    >>> name_numbers("acme")
    ()
    """
    return tuple(sorted(d.lstrip("0") or "0" for d in _DIGITS_RE.findall(normalized)))


# --------------------------------------------------------------------------------------
# Websites
# --------------------------------------------------------------------------------------

# Second-level labels under a country TLD that are public suffixes ("co.uk", "com.br").
_CC_SECOND_LEVEL: Final = frozenset(
    "co com org net ac edu gov gob gouv go or ne mil nic ltd plc sch nom info biz firm "
    "gen ind int res web law med".split()
)

# Registrable domains that host many unrelated organisations: not an identity signal.
SHARED_HOST_DOMAINS: Final = frozenset(
    """
    linkedin.com facebook.com fb.com instagram.com twitter.com x.com youtube.com youtu.be
    tiktok.com vk.com weibo.com t.me wa.me linktr.ee about.me medium.com tumblr.com
    wixsite.com wix.com editorx.io weebly.com weeblysite.com squarespace.com wordpress.com
    blogger.com webflow.io github.io gitlab.io netlify.app herokuapp.com vercel.app
    godaddysites.com business.site jimdo.com jimdofree.com jimdosite.com yolasite.com
    strikingly.com mystrikingly.com site123.me ueniweb.com webs.com tripod.com
    angelfire.com geocities.com gmail.com googlemail.com outlook.com live.com msn.com
    aol.com icloud.com mail.ru yandex.ru qq.com 163.com 126.com bit.ly tinyurl.com
    goo.gl forms.gle wikipedia.org
    """.split()
)

# Shared hosts that exist under many TLDs (blogspot.com, blogspot.co.uk, yahoo.fr ...).
_SHARED_HOST_LABELS: Final = frozenset("blogspot yahoo hotmail webnode wordpress".split())

# Google's own site is an identity signal; sites.google.com & co. are not.
_GOOGLE_SHARED_SUBDOMAINS: Final = frozenset("sites docs drive forms groups maps plus".split())

_LABEL_RE: Final = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_SCHEME_RE: Final = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?/+", re.IGNORECASE)


def _registrable(labels: list[str]) -> list[str]:
    """The registrable part of a host's labels (heuristic public-suffix rule).

    >>> _registrable(["shop", "example", "co", "uk"])
    ['example', 'co', 'uk']
    >>> _registrable(["www", "example", "com"])
    ['example', 'com']
    """
    if (
        len(labels) >= 3
        and len(labels[-1]) == 2
        and labels[-2] in _CC_SECOND_LEVEL
        and labels[-3] not in _CC_SECOND_LEVEL
    ):
        return labels[-3:]
    return labels[-2:]


def website_domain(url: str | None) -> str | None:
    """The registrable domain of a website, or None when it is not an identity signal.

    Scheme, ``www.``, user info, port and path are dropped; sub-domains are reduced to the
    registrable domain (``shop.example.co.uk`` -> ``example.co.uk``). Returns None for
    empty or unparseable input and for shared hosts (linkedin.com, facebook.com,
    wixsite.com, blogspot.*, sites.google.com, free-mail providers, ...). An e-mail address
    gives its domain. In a list of several sites, the first usable one counts.

    >>> website_domain("https://www.coca-colacompany.com/about")
    'coca-colacompany.com'
    >>> website_domain("http://kumhoi,com.my")
    'kumhoi.com.my'
    >>> website_domain("https://www.linkedin.com/company/acme") is None
    True
    >>> website_domain("n/a") is None
    True
    """
    if not url:
        return None
    text = url.strip().lower()
    text = re.sub(r"\.\s+", ".", text)  # "www. example.com"
    for candidate in re.split(r"[\s;|]+|,\s+", text):
        domain = _one_domain(candidate)
        if domain is not None:
            return domain
        if candidate and _is_shared_host(candidate):
            return None
    return None


def _split_url(candidate: str) -> tuple[str, str] | None:
    """(host, path) of one URL-ish string, or None."""
    text = candidate.strip().strip("_.,")
    while True:  # "http://HTTP://www.x.com", "http:///www.x.com"
        stripped = _SCHEME_RE.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    if not text:
        return None
    try:
        parts = urlsplit("//" + text)
        host = parts.hostname or ""
    except ValueError:
        return None
    path = parts.path
    if "@" in text.split("/", 1)[0]:  # e-mail or user info: keep the part after "@"
        host = text.split("/", 1)[0].rsplit("@", 1)[1].split(":", 1)[0]
    host = host.replace(",", ".").strip(".")
    return host, path


def _is_shared_host(candidate: str) -> bool:
    """Whether a URL-ish string points at a shared host (so no later site should count)."""
    split = _split_url(candidate)
    if split is None:
        return False
    labels = [x for x in split[0].split(".") if x]
    if len(labels) < 2:
        return False
    reg = _registrable(labels)
    return _shared(labels, reg, split[1])


def _shared(labels: list[str], reg: list[str], path: str) -> bool:
    domain = ".".join(reg)
    if domain in SHARED_HOST_DOMAINS or reg[0] in _SHARED_HOST_LABELS:
        return True
    if reg[0] == "google":
        sub = labels[: len(labels) - len(reg)]
        if (sub and sub[-1] in _GOOGLE_SHARED_SUBDOMAINS) or path.startswith("/site"):
            return True
    return False


def _one_domain(candidate: str) -> str | None:
    split = _split_url(candidate)
    if split is None:
        return None
    host, path = split
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.match(x) for x in labels):
        return None
    if labels[-1].isdigit():  # an IP address
        return None
    if not labels[-1].isalpha() or len(labels[-1]) < 2:
        return None
    reg = _registrable(labels)
    if _shared(labels, reg, path):
        return None
    return ".".join(reg)


# --------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------

_NULLS: Final = frozenset({"", "N/A", "NA", "NONE", "NULL", "NAN", "-", "--", "0", "UNKNOWN"})


def normalize_lei(s: str | None) -> str | None:
    """A Legal Entity Identifier as a comparable value: whitespace out, upper-case.

    Placeholders ("", "n/a", "none", "-") give None. The ISO 17442 check digits are not
    verified (a wrong LEI in a source should still veto a merge with a different one).

    >>> normalize_lei(" 5493 00ks6 ")
    '549300KS6'
    >>> normalize_lei("n/a") is None
    True
    """
    if s is None:
        return None
    value = "".join(str(s).split()).upper()
    return None if value in _NULLS else value


def normalize_gc_id(s: str | int | None) -> str | None:
    """A UN Global Compact participant id as a comparable value (stripped, upper-case).

    >>> normalize_gc_id(" 18977 ")
    '18977'
    >>> normalize_gc_id(18977)
    '18977'
    >>> normalize_gc_id("") is None
    True
    """
    if s is None:
        return None
    value = str(s).strip().upper()
    return None if value in _NULLS else value


def is_acronym(token: str, words: Sequence[str], min_len: int = 3) -> bool:
    """Whether ``token`` abbreviates ``words`` ("gppi" for "global public policy institute").

    The token must have at least ``min_len`` letters, start with the first word's initial and
    be a subsequence of the initials (stop words may be skipped: "anue" for "asociacion para
    las naciones unidas en espana").

    >>> is_acronym("jci", "junior chamber international".split())
    True
    >>> is_acronym("fb", "caja de burgos".split())
    False
    >>> is_acronym("asc", ["afghan", "support", "committee"], min_len=2)
    True
    """
    if len(token) < min_len or not token.isalpha() or len(words) < len(token):
        return False
    initials = [w[0] for w in words if w != token]
    if not initials or token[0] != initials[0]:
        return False
    it = iter(initials)
    return all(ch in it for ch in token)
