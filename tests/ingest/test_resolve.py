"""Company resolution (ingest/resolve.py): one node per real company, look-alikes apart.

The last part runs on real Global Compact names from ``../shared/data/real/ungc/`` (read in
place, never copied); see docs/resolution.md for the measured figures.
"""

from __future__ import annotations

import csv
import os
import random
import re
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path

import pytest

from ingest.normalize import LEGAL_FORM_TOKENS
from ingest.resolve import CompanyRecord, CompanyResolver, Match, ReviewCandidate
from tests import real_data

# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def resolver_with(*records: CompanyRecord) -> CompanyResolver:
    """A resolver that knows `records`, each as its own canonical company."""
    r = CompanyResolver()
    for rec in records:
        r.add(rec.id, rec)
    return r


KO = CompanyRecord(
    "KO",
    "The Coca-Cola Company",
    country="US",
    lei="UWJKFUJFZ02DKWI3RY53",
    website="https://www.coca-colacompany.com",
)


# --------------------------------------------------------------------------------------
# one company under many spellings
# --------------------------------------------------------------------------------------

COCA_COLA_SPELLINGS = [
    "The Coca-Cola Company",  # exactly as indexed
    "Coca Cola Co.",  # "Co." legal form, hyphen as space
    "COCA-COLA CO",  # upper case
    "Coca-Cola Company, The",  # register style
    "coca-cola company ltd",  # an extra legal form
    "Coca-Cola Limited",  # "Limited"
    "The Coca-Cola Co., Inc.",  # two legal forms
    "CocaCola",  # no space at all
    "Coca–Cola Cómpany",  # en dash and an accent
    "Coca Colla Company",  # a typo: fuzzy, same word order, one letter
]


@pytest.mark.parametrize("spelling", COCA_COLA_SPELLINGS)
def test_coca_cola_spellings_resolve_to_one_company(spelling: str) -> None:
    r = resolver_with(KO)
    match, reviews = r.resolve(CompanyRecord("row-1", spelling, country="US"))
    assert match is not None and match.company_id == "KO", (spelling, match, reviews)
    assert reviews == []


def test_a_spelling_without_country_resolves_too() -> None:
    match, _ = resolver_with(KO).resolve(CompanyRecord("row-1", "COCA-COLA CO"))
    assert match is not None and (match.company_id, match.method) == ("KO", "name")


SAME_COMPANY = [
    # (indexed, incoming): different spellings of one company merge
    ("Nestlé S.A.", "NESTLE SA"),  # accents, dotted legal form
    ("Marks & Spencer plc", "Marks and Spencer"),  # "&" vs "and", legal form
    ("AT&T Inc.", "AT and T"),  # "&" spelt out
    ("AT&T Inc.", "ATT"),  # "&" dropped: equal ignoring spaces and "and"
    ("Tata Consultancy Services Limited", "Tata Consultancy Services Ltd"),  # Limited/Ltd
    ("The Body Shop International Limited", "Body Shop International"),  # "The", Limited
    ("Deutsche Boerse AG", "Deutsche Borse AG"),  # transliteration, one letter
    ("Resona Holdings, Inc.", "Resona Holdigs, Inc."),  # typo in one word
    ("Koncar Electrical Industry, Inc.", "Koncar Electrical Industries"),  # plural
    ("RAI Amsterdam", "Amsterdam RAI"),  # word order, same words
    ("Global Public Policy Institute (GPPi)", "Global Public Policy Institute"),  # acronym
    ("Compañía Minera Antamina S.A.", "Cia. Minera Antamina"),  # abbreviation
]


@pytest.mark.parametrize(("indexed", "incoming"), SAME_COMPANY)
def test_same_company_merges(indexed: str, incoming: str) -> None:
    r = resolver_with(CompanyRecord("C1", indexed, country="DE"))
    match, _ = r.resolve(CompanyRecord("row", incoming, country="DE"))
    assert match is not None and match.company_id == "C1", (indexed, incoming)


# --------------------------------------------------------------------------------------
# look-alikes stay apart
# --------------------------------------------------------------------------------------

DIFFERENT_COMPANIES = [
    # (indexed, incoming): no merge AND no review candidate
    ("Acme Foods", "Acme Motors"),  # one distinctive word differs
    ("General Motors", "General Mills"),
    ("Deutsche Bank AG", "Deutsche Bahn AG"),  # short words: no spelling tolerance
    ("Unit 1 Ltd", "Unit 2 Ltd"),  # different numbers veto
    ("3M Company", "4M Company"),
    ("Route 66 Diner", "Route 67 Diner"),
    ("KPMG International", "KMG International"),  # 4-letter words must match exactly
    ("Bank Austria", "Bank Australia"),  # two letters off in a 9-letter word
]


@pytest.mark.parametrize(("indexed", "incoming"), DIFFERENT_COMPANIES)
def test_look_alikes_stay_apart(indexed: str, incoming: str) -> None:
    r = resolver_with(CompanyRecord("C1", indexed))
    match, reviews = r.resolve(CompanyRecord("row", incoming))
    assert match is None, (indexed, incoming, match)
    assert reviews == [], (indexed, incoming, reviews)


def test_same_name_in_two_countries_with_different_leis_stays_apart_silently() -> None:
    r = resolver_with(CompanyRecord("A-FR", "Alpha Conseil SA", country="FR", lei="LEI-FR"))
    match, reviews = r.resolve(
        CompanyRecord("row", "Alpha Conseil", country="BE", lei="LEI-BE"),
    )
    # different LEIs prove two legal entities: nothing to review
    assert (match, reviews) == (None, [])


def test_same_name_in_two_countries_with_different_gc_ids_stays_apart() -> None:
    r = resolver_with(CompanyRecord("A-FR", "Alpha Conseil", country="FR", gc_id="101"))
    assert r.resolve(CompanyRecord("row", "Alpha Conseil", country="FR", gc_id="202")) == (
        None,
        [],
    )


def test_same_name_in_two_countries_without_identifiers_is_a_review() -> None:
    r = resolver_with(CompanyRecord("A-FR", "Alpha Conseil", country="FR"))
    match, reviews = r.resolve(CompanyRecord("row", "ALPHA CONSEIL SARL", country="BE"))
    assert match is None
    assert [(c.company_id, c.other_id, c.score) for c in reviews] == [("row", "A-FR", 1.0)]
    assert "country BE vs FR" in reviews[0].reason


def test_lei_conflict_vetoes_an_exact_name_match() -> None:
    r = resolver_with(KO)
    match, reviews = r.resolve(
        CompanyRecord("row", "The Coca-Cola Company", country="US", lei="5493001KJTIIGC8Y1R12")
    )
    assert (match, reviews) == (None, [])


def test_lei_conflict_vetoes_a_fuzzy_match() -> None:
    r = resolver_with(CompanyRecord("R", "Resona Holdings", lei="AAA"))
    assert r.resolve(CompanyRecord("row", "Resona Holdigs", lei="BBB")) == (None, [])


def test_missing_identifier_on_one_side_does_not_veto() -> None:
    r = resolver_with(CompanyRecord("C1", "Alpha Conseil", country="FR"))
    match, _ = r.resolve(CompanyRecord("row", "Alpha Conseil", country="FR", lei="LEI-1"))
    assert match is not None and match.company_id == "C1"


# --------------------------------------------------------------------------------------
# identifiers merge names that differ entirely
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "method"),
    [
        # the same LEI, written with spaces and in lower case
        (CompanyRecord("r", "KO Holdings", lei=" uwjkfujfz02dkwi3ry53 "), "lei"),
        # the same registrable domain, without scheme or www.
        (CompanyRecord("r", "Beverage Giant", website="coca-colacompany.com/x"), "domain"),
        # a shared identifier wins over a different country
        (
            CompanyRecord(
                "r", "Beverage Giant", country="FR", website="http://coca-colacompany.com"
            ),
            "domain",
        ),
    ],
)
def test_identifiers_merge_entirely_different_names(record: CompanyRecord, method: str) -> None:
    match, _ = resolver_with(KO).resolve(record)
    assert match is not None and (match.company_id, match.method) == ("KO", method)
    assert match.score == 1.0


def test_gc_id_merges_entirely_different_names() -> None:
    r = resolver_with(CompanyRecord("GC", "Wipro Limited", gc_id="10127"))
    match, _ = r.resolve(CompanyRecord("r", "Azim Premji's company", gc_id=" 10127 "))
    assert match is not None and (match.company_id, match.method) == ("GC", "gc_id")


def test_shared_host_website_is_not_an_identifier() -> None:
    r = resolver_with(CompanyRecord("A", "Alpha", website="https://www.linkedin.com/company/a"))
    match, _ = r.resolve(CompanyRecord("r", "Beta", website="https://linkedin.com/company/b"))
    assert match is None


def test_same_domain_but_different_lei_is_a_review_not_a_merge() -> None:
    r = resolver_with(CompanyRecord("A", "Alpha Ltd", lei="L1", website="alpha.com"))
    match, reviews = r.resolve(CompanyRecord("r", "Alpha Trading", lei="L2", website="alpha.com"))
    assert match is None
    assert [c.other_id for c in reviews] == ["A"]
    assert "LEI L2 differs" in reviews[0].reason


def test_known_ids_resolve_first() -> None:
    r = resolver_with(KO)
    r.add_id("KO", "gc-5678")
    match, _ = r.resolve(CompanyRecord("gc-5678", "anything at all", lei="OTHER"))
    assert match == Match("KO", "id", 1.0, "id 'gc-5678' is known as KO")
    assert r.canonical_id("gc-5678") == "KO"


# --------------------------------------------------------------------------------------
# uncertain pairs become review candidates
# --------------------------------------------------------------------------------------

REVIEWS = [
    # (indexed, incoming, words expected in the reason)
    ("Elior Group", "Elior", "weak words"),  # a group and its company?
    ("Deutsche Post DHL Group", "Deutsche Post DHL", "weak words"),
    ("Credit Mutuel Arkea", "Credit Mutuel", "extra words"),  # parent and subsidiary?
    ("Seeburger AG", "Seeberger GmbH", "a few letters"),  # one-word name, one letter
    ("Aldesa", "Aldeasa", "a few letters"),
    ("Indian Oil Corporation", "Oil India", "reordered and respelled"),
]


@pytest.mark.parametrize(("indexed", "incoming", "why"), REVIEWS)
def test_uncertain_pairs_become_review_candidates(indexed: str, incoming: str, why: str) -> None:
    r = resolver_with(CompanyRecord("C1", indexed, country="DE"))
    match, reviews = r.resolve(CompanyRecord("row", incoming, country="DE"))
    assert match is None
    assert len(reviews) == 1
    review = reviews[0]
    assert isinstance(review, ReviewCandidate)
    assert (review.company_id, review.other_id) == ("row", "C1")
    assert r.review_threshold <= review.score <= 1.0
    assert why in review.reason, review.reason


def test_review_candidates_carry_the_merged_company_id() -> None:
    r = resolver_with(
        CompanyRecord("A", "Alpha Ltd", lei="L1", gc_id="6"),
        CompanyRecord("B", "Beta", gc_id="7"),
    )
    # the LEI says A but A's gc_id differs (a review); the gc_id then says B (the match)
    match, reviews = r.resolve(CompanyRecord("r", "Beta", lei="L1", gc_id="7"))
    assert match is not None and (match.company_id, match.method) == ("B", "gc_id")
    assert [(c.company_id, c.other_id) for c in reviews] == [("B", "A")]
    assert "same lei L1 but gc_id 7 differs from 6" in reviews[0].reason


def test_ambiguous_name_without_country_is_not_guessed() -> None:
    r = resolver_with(
        CompanyRecord("DE1", "Alpha Consulting GmbH", country="DE"),
        CompanyRecord("FR1", "Alpha Consulting SARL", country="FR"),
    )
    match, reviews = r.resolve(CompanyRecord("row", "Alpha Consulting"))
    assert match is None
    assert [c.other_id for c in reviews] == ["DE1", "FR1"]
    assert r.resolve_reference("Alpha Consulting") is None
    # with a country it is clear
    match, reviews = r.resolve(CompanyRecord("row", "Alpha Consulting", country="FR"))
    assert match is not None and match.company_id == "FR1"
    assert reviews == []


def test_same_country_beats_unknown_country() -> None:
    r = resolver_with(
        CompanyRecord("X", "Alpha Consulting"),
        CompanyRecord("FR1", "Alpha Consulting", country="FR"),
    )
    match, _ = r.resolve(CompanyRecord("row", "Alpha Consulting", country="FR"))
    assert match is not None and match.company_id == "FR1"


# --------------------------------------------------------------------------------------
# references, aliases, indexing, thresholds, determinism
# --------------------------------------------------------------------------------------


def test_resolve_reference() -> None:
    r = resolver_with(
        KO, CompanyRecord("N", "Nestlé S.A.", aliases=("Nestle Group", "Société des Produits"))
    )
    assert r.resolve_reference("KO") == Match("KO", "id", 1.0, "id 'KO' is known as KO")
    ref = r.resolve_reference("coca cola co")
    assert ref is not None and (ref.company_id, ref.method) == ("KO", "name")
    ref = r.resolve_reference("Societe des Produits")  # an alias
    assert ref is not None and ref.company_id == "N"
    assert r.resolve_reference("Pepsico") is None
    assert r.resolve_reference("  ") is None


def test_aliases_of_the_record_are_matched() -> None:
    r = resolver_with(KO)
    match, _ = r.resolve(CompanyRecord("row", "KO Bottling", aliases=("Coca-Cola Co",)))
    assert match is not None and match.company_id == "KO"


def test_resolve_does_not_index_and_add_does() -> None:
    r = CompanyResolver()
    rec = CompanyRecord("row-1", "Acme Foods", country="US")
    assert r.resolve(rec) == (None, [])
    assert r.resolve(rec) == (None, [])  # still unknown
    r.add(rec.id, rec)
    assert len(r) == 1
    match, _ = r.resolve(CompanyRecord("row-2", "ACME FOODS INC", country="US"))
    assert match is not None and match.company_id == "row-1"


def test_threshold_arguments() -> None:
    assert CompanyResolver().fuzzy_threshold == CompanyResolver.FUZZY_THRESHOLD
    assert CompanyResolver(0.95, 0.9).review_threshold == 0.9
    with pytest.raises(ValueError):
        CompanyResolver(0.8, 0.9)  # review above merge
    # a stricter merge threshold turns a fuzzy merge into a review
    strict = CompanyResolver(fuzzy_threshold=0.99)
    strict.add("R", CompanyRecord("R", "Resona Holdings"))
    match, reviews = strict.resolve(CompanyRecord("row", "Resona Holdigs"))
    assert match is None and [c.other_id for c in reviews] == ["R"]


# --------------------------------------------------------------------------------------
# corroborated merge: the same join date and country, one name's words in the other's
# --------------------------------------------------------------------------------------

JOINED = "2000-07-26"


def register_entry(
    rid: str, name: str, joined: str | None = JOINED, country: str = "FR"
) -> CompanyRecord:
    """A 2009 register entry: a join date, no participant id."""
    return CompanyRecord(rid, name, country=country, joined=joined)


def participant(name: str, joined: str | None = JOINED, country: str = "FR") -> CompanyRecord:
    """A 2017 participant: a join date and its participant id."""
    return CompanyRecord("row", name, country=country, gc_id="9585", joined=joined)


CORROBORATED = [
    # (register entry, participant): renamed organisations, merged on their join date
    ("Sanofi-Aventis", "Sanofi"),  # a word dropped
    ("UBS AG", "UBS Group AG"),  # a weak word added
    ("Repsol YPF", "Repsol"),
    ("Central de Restaurantes Aramark Ltda.", "Aramark"),  # the brand inside a long name
    ("Schneider Electric Industries SAS", "Schneider Electric SE"),
    ("Confederation of Danish Industries", "Confederation of Danish Industry (DI)"),  # 3 words
]


@pytest.mark.parametrize(("indexed", "incoming"), CORROBORATED)
def test_corroborated_names_merge(indexed: str, incoming: str) -> None:
    r = resolver_with(register_entry("C1", indexed))
    match, reviews = r.resolve(participant(incoming))
    assert match is not None and match.company_id == "C1", (indexed, incoming, reviews)
    assert match.method == "corroborated-name" and match.score == 1.0
    assert "join date 2000-07-26 and country FR" in match.detail


@pytest.mark.parametrize(
    ("indexed", "record"),
    [
        # without the join date on either side, or another date or country: as before
        (register_entry("C1", "Sanofi-Aventis", joined=None), participant("Sanofi")),
        (register_entry("C1", "Sanofi-Aventis"), participant("Sanofi", joined=None)),
        (register_entry("C1", "Sanofi-Aventis"), participant("Sanofi", joined="2000-07-27")),
        (register_entry("C1", "Sanofi-Aventis"), participant("Sanofi", country="DE")),
        # the overlap is only generic words, legal forms or a country name
        (register_entry("C1", "Banque Nationale"), participant("Banque Nationale de Paris")),
        (register_entry("C1", "International Bank"), participant("Acme International Bank")),
        (register_entry("C1", "Mexico S.A."), participant("Cemex Mexico")),
        (register_entry("C1", "Group Holdings Ltd"), participant("Acme Group Holdings Ltd")),
        # both sides have words the other lacks
        (register_entry("C1", "Acme Foods"), participant("Acme Motors")),
        # two entries of one list (no participant id on either side) stay two entries
        (register_entry("C1", "BBC"), register_entry("row", "BBC Business")),
    ],
)
def test_uncorroborated_or_generic_overlaps_do_not_merge(
    indexed: CompanyRecord, record: CompanyRecord
) -> None:
    match, _ = resolver_with(indexed).resolve(record)
    assert match is None, (indexed, record, match)


def test_several_corroborated_companies_are_not_guessed() -> None:
    r = resolver_with(
        register_entry("C1", "Nippon Mining Holdings, Inc."),
        register_entry("C2", "Nippon Mining & Metals Co., Ltd."),
    )
    match, reviews = r.resolve(participant("JX Nippon Mining & Metals Corporation"))
    assert match is None
    assert [c.other_id for c in reviews] == ["C1", "C2"]


def test_a_different_participant_id_vetoes_a_corroborated_merge() -> None:
    r = resolver_with(CompanyRecord("C1", "Sanofi-Aventis", country="FR", gc_id="1", joined=JOINED))
    assert r.resolve(participant("Sanofi"))[0] is None


@pytest.mark.parametrize(("indexed", "incoming"), DIFFERENT_COMPANIES)
def test_look_alikes_stay_apart_with_the_same_join_date(indexed: str, incoming: str) -> None:
    match, _ = resolver_with(register_entry("C1", indexed)).resolve(participant(incoming))
    assert match is None, (indexed, incoming, match)


_DETERMINISM_SCRIPT = textwrap.dedent(
    """
    from ingest.resolve import CompanyRecord, CompanyResolver
    r = CompanyResolver()
    rows = [
        ("a", "Alpha Consulting GmbH", "DE"), ("b", "Alpha Consulting SARL", "FR"),
        ("c", "Alpha Consulting", None), ("d", "Alpha Consultin", "FR"),
        ("e", "Alpha Group", None), ("f", "Alpha", "IT"), ("g", "Alpha Holdings", None),
        ("h", "Beta Foods", None), ("i", "Beta Food", None), ("j", "Beta Foods", "US"),
    ]
    for rid, name, country in rows:
        rec = CompanyRecord(rid, name, country=country)
        match, reviews = r.resolve(rec)
        r.add(match.company_id if match else rid, rec)
        print(rid, match, reviews)
    """
)


def test_answers_do_not_depend_on_hash_order() -> None:
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _DETERMINISM_SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=Path(__file__).resolve().parents[2],
        ).stdout
        outputs.add(out)
    assert len(outputs) == 1, outputs


# --------------------------------------------------------------------------------------
# real names: the UN Global Compact participants (read in place from ../shared)
# --------------------------------------------------------------------------------------


def real_data_dir() -> Path:
    return real_data.real_data_dir("ungc/participants-cop-2017.csv", "ungc/organizations-2009.csv")


@cache
def _countries_2009(path: Path) -> dict[str, str]:
    """English country name (lower-case) -> the 2009 register's two-letter code."""
    with (path / "ungc" / "countries-2009.csv").open(encoding="utf-8") as f:
        return {row["country_name"].lower(): row["country_id"] for row in csv.DictReader(f)}


def _country(path: Path, name: str) -> str | None:
    code = _countries_2009(path).get(name.lower())
    if code is None:
        import pycountry

        try:
            code = pycountry.countries.lookup(name).alpha_2
        except LookupError:
            return None
    return code


@cache
def _participants(path: Path) -> dict[str, CompanyRecord]:
    """organisation id -> its record (the 2017 file has several rows per organisation)."""
    orgs: dict[str, CompanyRecord] = {}
    with (path / "ungc" / "participants-cop-2017.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            oid = row["organization_id"]
            if oid not in orgs:
                country = _country(path, row["country"])
                orgs[oid] = CompanyRecord(oid, row["participant_name"], country=country)
    return orgs


_PUNCT = re.compile(r"[^\w\s&]")
_LEGAL_SUFFIXES = [" Ltd", " S.A.", " GmbH", " Inc.", " Limited", " Co., Ltd.", " AG", " plc"]


def _variants(name: str, k: int) -> dict[str, str]:
    """Machine-made spellings of `name` (the k-th name: which legal form to add)."""
    stripped = " ".join(_PUNCT.sub("", name).split())
    words = name.split()
    last = re.sub(r"[^\w]", "", words[-1]).lower() if words else ""
    if len(words) > 1 and last in LEGAL_FORM_TOKENS:
        toggled = " ".join(words[:-1]).rstrip(",")  # remove its legal form
    else:
        toggled = name + _LEGAL_SUFFIXES[k % len(_LEGAL_SUFFIXES)]  # or add one

    def with_the(text: str) -> str:
        return text if text.lower().startswith("the ") else "The " + text

    return {
        "upper": name.upper(),
        "no punctuation": stripped,
        "legal form": toggled,
        "the": with_the(name),
        "all": " ".join(_PUNCT.sub("", with_the(toggled).upper()).split()),
    }


def test_real_name_variants_resolve_to_their_own_organisation() -> None:
    orgs = _participants(real_data_dir())
    r = CompanyResolver()
    for oid, rec in orgs.items():
        r.add(oid, rec)
    sample = sorted(random.Random(500).sample(sorted(orgs, key=int), 500), key=int)
    total, misses = 0, []
    for k, oid in enumerate(sample):
        rec = orgs[oid]
        for kind, variant in _variants(rec.name, k).items():
            total += 1
            match, _ = r.resolve(CompanyRecord(f"v-{oid}", variant, country=rec.country))
            if match is None or match.company_id != oid:
                misses.append((kind, rec.name, variant, match and match.company_id))
    recall = 1 - len(misses) / total
    # measured 0.996 (2,489 / 2,500); the misses are names whose mojibake the variant
    # generator damages further ("SociÃ©tÃ©" -> "SociÃtÃ"), a cut "S. de R.L. de" and
    # "IMEGAP.CO.LTD" glued into one word
    assert recall >= 0.97, f"recall {recall:.3f}; misses: {misses}"


# organisations listed twice in the 2017 file under different ids (checked by hand)
KNOWN_DUPLICATES = {frozenset({"6031", "100491"})}  # "Lagardere" / "Lagardere SA", France


def test_real_names_leave_one_out_rarely_merge_into_another_organisation() -> None:
    orgs = _participants(real_data_dir())
    ids = sorted(orgs, key=int)
    sample = sorted(random.Random(2017).sample(ids, 1000), key=int)
    folds = 5  # each fold is left out of its own index: ~3% of the "others" missing
    false_merges, reviews = [], 0
    for f in range(folds):
        held_out = set(sample[f::folds])
        r = CompanyResolver()
        for oid in ids:
            if oid not in held_out:
                r.add(oid, orgs[oid])
        for oid in sorted(held_out, key=int):
            rec = orgs[oid]
            match, cands = r.resolve(CompanyRecord(f"q-{oid}", rec.name, country=rec.country))
            reviews += len(cands)
            if match is not None and frozenset({oid, match.company_id}) not in KNOWN_DUPLICATES:
                false_merges.append((rec.name, orgs[match.company_id].name, match.detail))
    # measured: 0 false merges in this sample (and 0 over all 6,748 organisations, apart
    # from the Lagardere duplicate); ~1.6 review candidates per 100 names
    assert len(false_merges) <= 10, false_merges  # <= 1 %
    assert reviews <= 50


# the same organisations in the 2009 register, spelt differently (checked by hand)
REGISTER_2009_PAIRS = [
    # (2009 name, 2009 country, 2017 name)
    ("Deutsche Borse AG", "DE", "Deutsche Boerse AG"),
    ("Resona Holdigs, Inc.", "JP", "Resona Holdings, Inc."),
    ("KOC Holdings A.S.", "TR", "Koc Holding"),
    ("Amsterdam RAI", "NL", "RAI Amsterdam"),
    ("Control Risk", "GB", "Control Risks"),
    ("Brown Flynn", "US", "BrownFlynn"),
    ("Sticks 'N' Sushi", "DK", "STICKS'N'SUSHI"),
    ("Turkcell Iletism Hizmetleri A.S.", "TR", "Turkcell Iletisim Hizmetleri A.S."),
    ("Junior Chamber International", "US", "JCI (Junior Chamber International)"),
    ("Cia. Minera Antamina S.A.", "PE", "CompaÃ±Ã\xada Minera Antamina S.A."),  # as in the file
    ("Ernst & Young- Brasil", "BR", "Ernst and Young - Brazil"),
]


def test_register_2009_spellings_resolve_to_the_2017_organisation() -> None:
    path = real_data_dir()
    orgs = _participants(path)
    by_name = {rec.name: oid for oid, rec in orgs.items()}
    with (path / "ungc" / "organizations-2009.csv").open(encoding="utf-8") as f:
        register = {(row["name"], row["country_iso2"]) for row in csv.DictReader(f)}
    r = CompanyResolver()
    for oid, rec in orgs.items():
        r.add(oid, rec)
    for old_name, country, new_name in REGISTER_2009_PAIRS:
        assert (old_name, country) in register, old_name
        match, _ = r.resolve(CompanyRecord("reg-2009", old_name, country=country))
        assert match is not None and match.company_id == by_name[new_name], (old_name, match)


def test_register_2009_websites_never_break_domain_parsing() -> None:
    from ingest.normalize import website_domain

    with (real_data_dir() / "ungc" / "organizations-2009.csv").open(encoding="utf-8") as f:
        sites = [row["website"] for row in csv.DictReader(f)]
    domains = [website_domain(s) for s in sites]
    usable = [d for d in domains if d]
    assert all(d == d.lower() and "." in d for d in usable)
    assert len(usable) >= 0.7 * len(sites)  # measured 7,461 of 10,229
