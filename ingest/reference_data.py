"""Fixed real-world reference lists for the synthetic data package (see ``ingest.generate``).

Everything here is taken from, or consistent with, the Secretary-General's report "Towards
global partnerships" to the 68th General Assembly (2013): the UN entities it names, the
initiatives and Global Compact platforms it describes (§9, §13, §18-§23, Box 1, Box 2) and
the 101 Global Compact local networks of January 2013 (§55, §60). None of it depends on a
seed. Country lists are ISO 3166-1 alpha-2 codes; agency presence is approximate (2013).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


def _codes(text: str) -> tuple[str, ...]:
    """Split a whitespace-separated list of ISO2 codes, sorted and de-duplicated."""
    return tuple(sorted(set(text.split())))


# --------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------

COUNTRY_NAMES: Final[dict[str, str]] = {
    "AE": "United Arab Emirates",
    "AF": "Afghanistan",
    "AL": "Albania",
    "AM": "Armenia",
    "AO": "Angola",
    "AR": "Argentina",
    "AT": "Austria",
    "AU": "Australia",
    "AZ": "Azerbaijan",
    "BA": "Bosnia and Herzegovina",
    "BB": "Barbados",
    "BD": "Bangladesh",
    "BE": "Belgium",
    "BF": "Burkina Faso",
    "BG": "Bulgaria",
    "BH": "Bahrain",
    "BI": "Burundi",
    "BJ": "Benin",
    "BO": "Bolivia",
    "BR": "Brazil",
    "BT": "Bhutan",
    "BW": "Botswana",
    "BY": "Belarus",
    "CA": "Canada",
    "CD": "Democratic Republic of the Congo",
    "CF": "Central African Republic",
    "CG": "Congo",
    "CH": "Switzerland",
    "CI": "Côte d'Ivoire",
    "CL": "Chile",
    "CM": "Cameroon",
    "CN": "China",
    "CO": "Colombia",
    "CR": "Costa Rica",
    "CU": "Cuba",
    "CY": "Cyprus",
    "CZ": "Czech Republic",
    "DE": "Germany",
    "DK": "Denmark",
    "DO": "Dominican Republic",
    "DZ": "Algeria",
    "EC": "Ecuador",
    "EE": "Estonia",
    "EG": "Egypt",
    "ER": "Eritrea",
    "ES": "Spain",
    "ET": "Ethiopia",
    "FI": "Finland",
    "FR": "France",
    "GA": "Gabon",
    "GB": "United Kingdom",
    "GE": "Georgia",
    "GH": "Ghana",
    "GM": "Gambia",
    "GN": "Guinea",
    "GR": "Greece",
    "GT": "Guatemala",
    "HN": "Honduras",
    "HR": "Croatia",
    "HT": "Haiti",
    "HU": "Hungary",
    "ID": "Indonesia",
    "IE": "Ireland",
    "IL": "Israel",
    "IN": "India",
    "IQ": "Iraq",
    "IR": "Iran",
    "IS": "Iceland",
    "IT": "Italy",
    "JM": "Jamaica",
    "JO": "Jordan",
    "JP": "Japan",
    "KE": "Kenya",
    "KG": "Kyrgyzstan",
    "KH": "Cambodia",
    "KP": "North Korea",
    "KR": "Republic of Korea",
    "KW": "Kuwait",
    "KZ": "Kazakhstan",
    "LA": "Laos",
    "LB": "Lebanon",
    "LK": "Sri Lanka",
    "LR": "Liberia",
    "LS": "Lesotho",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "LY": "Libya",
    "MA": "Morocco",
    "MD": "Moldova",
    "ME": "Montenegro",
    "MG": "Madagascar",
    "MK": "Macedonia",
    "ML": "Mali",
    "MM": "Myanmar",
    "MN": "Mongolia",
    "MR": "Mauritania",
    "MU": "Mauritius",
    "MW": "Malawi",
    "MX": "Mexico",
    "MY": "Malaysia",
    "MZ": "Mozambique",
    "NA": "Namibia",
    "NE": "Niger",
    "NG": "Nigeria",
    "NI": "Nicaragua",
    "NL": "Netherlands",
    "NO": "Norway",
    "NP": "Nepal",
    "NZ": "New Zealand",
    "OM": "Oman",
    "PA": "Panama",
    "PE": "Peru",
    "PG": "Papua New Guinea",
    "PH": "Philippines",
    "PK": "Pakistan",
    "PL": "Poland",
    "PS": "Palestine",
    "PT": "Portugal",
    "PY": "Paraguay",
    "QA": "Qatar",
    "RO": "Romania",
    "RS": "Serbia",
    "RU": "Russia",
    "RW": "Rwanda",
    "SA": "Saudi Arabia",
    "SD": "Sudan",
    "SE": "Sweden",
    "SG": "Singapore",
    "SI": "Slovenia",
    "SK": "Slovakia",
    "SL": "Sierra Leone",
    "SN": "Senegal",
    "SO": "Somalia",
    "SS": "South Sudan",
    "SV": "El Salvador",
    "SY": "Syria",
    "SZ": "Swaziland",
    "TD": "Chad",
    "TG": "Togo",
    "TH": "Thailand",
    "TJ": "Tajikistan",
    "TL": "Timor-Leste",
    "TN": "Tunisia",
    "TR": "Turkey",
    "TZ": "Tanzania",
    "UA": "Ukraine",
    "UG": "Uganda",
    "US": "United States",
    "UY": "Uruguay",
    "UZ": "Uzbekistan",
    "VE": "Venezuela",
    "VN": "Viet Nam",
    "YE": "Yemen",
    "ZA": "South Africa",
    "ZM": "Zambia",
    "ZW": "Zimbabwe",
}
"""English names (as of 2013) of every country the generator uses."""

REGIONS: Final[tuple[str, ...]] = ("Europe", "Americas", "Asia/Oceania", "Africa", "Middle East")
"""The regions of the Global Compact's local-network statistics (report §55)."""

REGION_COUNTRIES: Final[dict[str, tuple[str, ...]]] = {
    "Europe": _codes(
        "AL AM AT AZ BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IS IT LT LU LV "
        "MD ME MK NL NO PL PT RO RS RU SE SI SK TR UA"
    ),
    "Americas": _codes("AR BO BR CA CL CO CR CU DO EC GT HN HT JM MX NI PA PE PY SV US UY VE"),
    "Asia/Oceania": _codes(
        "AF AU BD BT CN ID IN JP KG KH KR KZ LA LK MM MN MY NP NZ PG PH PK SG TH TJ TL UZ VN"
    ),
    "Africa": _codes(
        "AO BF BI BJ BW CD CF CG CI CM ER ET GA GH GM GN KE LR LS MG ML MR MU MW MZ NA NE NG RW "
        "SD SL SN SO SS SZ TD TG TZ UG ZA ZM ZW"
    ),
    "Middle East": _codes("AE BH DZ EG IL IQ IR JO KW LB LY MA OM PS QA SA SY TN YE"),
}
"""Countries where companies may operate, by region (KP is used by exclusions only)."""

COUNTRY_REGION: Final[dict[str, str]] = {
    code: region for region, codes in REGION_COUNTRIES.items() for code in codes
}

HIGH_INCOME: Final[frozenset[str]] = frozenset(
    "AE AT AU BE BH CA CH CY CZ DE DK EE ES FI FR GB GR IE IL IS IT JP KR KW LU NL NO NZ OM PT "
    "QA SA SE SG SI SK US".split()
)
"""High-income economies (World Bank, 2013): donors more than programme countries."""

NORDIC_COUNTRIES: Final[tuple[str, ...]] = ("DK", "FI", "IS", "NO", "SE")
"""Served by one network, the Global Compact Nordic Network (report §58: "Nordic region")."""

# --------------------------------------------------------------------------------------
# Themes and goals
# --------------------------------------------------------------------------------------

THEME_SDGS: Final[dict[str, tuple[int, ...]]] = {
    "water": (6,),
    "climate": (13,),
    "energy": (7,),
    "health": (3,),
    "education": (4,),
    "gender": (5,),
    "children": (3, 4),
    "human-rights": (10, 16),
    "anti-corruption": (16,),
    "food": (2,),
    "humanitarian": (1, 11),
    "innovation": (9,),
    "finance": (8, 17),
    "labour": (8,),
    "environment": (12, 15),
    "peace": (16,),
}
"""The goals a theme serves most directly (all themes of the data-package spec)."""

# --------------------------------------------------------------------------------------
# Agencies
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    type: str
    themes: tuple[str, ...]
    countries: tuple[str, ...]
    website: str


_AFRICA_FIELD = (
    "AO BF BI BJ BW CD CF CG CI CM ER ET GA GH GM GN KE LR LS MG ML MR MW MZ NA NE NG RW SD SL "
    "SN SO SS SZ TD TG TZ UG ZA ZM ZW"
)
_MENA_FIELD = "DZ EG IQ JO LB LY MA PS SY TN YE"
_ASIA_FIELD = "AF BD BT CN ID IN KH LA LK MM MN MY NP PG PH PK TH TL VN"
_LATAM_FIELD = "AR BO BR CL CO CR CU DO EC GT HN HT JM MX NI PA PE PY SV UY VE"
_CIS_FIELD = "AL AM AZ BA BY GE KG KZ MD ME MK RS TJ TR UA UZ"
_ALL_FIELD = " ".join((_AFRICA_FIELD, _MENA_FIELD, _ASIA_FIELD, _LATAM_FIELD, _CIS_FIELD))

AGENCIES: Final[tuple[Agency, ...]] = (
    Agency(
        "UNICEF",
        "United Nations Children's Fund",
        "fund",
        ("children", "education", "health", "water", "humanitarian", "innovation"),
        # Headquarters in New York; supply division in Copenhagen, Innocenti in Florence,
        # offices in Geneva, Brussels and Tokyo; country programmes.
        _codes("US CH DK IT BE JP " + _ALL_FIELD),
        "https://www.unicef.org",
    ),
    Agency(
        "UNHCR",
        "Office of the United Nations High Commissioner for Refugees",
        "other",
        ("humanitarian", "human-rights", "education", "energy", "innovation"),
        _codes(
            "CH US BE DK HU IT JP AF BD IN IR MM MY NP PK TH ID BF CD CF CG CM ER ET KE LR ML "
            "MR NE NG RW SD SN SO SS TD TZ UG ZA ZM ZW DZ EG IQ JO LB LY MA SY TN YE CO CR EC "
            "MX PA VE AM AZ BA BY GE KG KZ MK RS TR UA"
        ),
        "https://www.unhcr.org",
    ),
    Agency(
        "UNDP",
        "United Nations Development Programme",
        "programme",
        (
            "anti-corruption",
            "climate",
            "energy",
            "environment",
            "finance",
            "gender",
            "innovation",
            "peace",
        ),
        # Global policy centres in Istanbul (private sector), Seoul, Singapore and Oslo.
        _codes("US DK NO KR SG " + _ALL_FIELD),
        "https://www.undp.org",
    ),
    Agency(
        "UNAIDS",
        "Joint United Nations Programme on HIV/AIDS",
        "other",
        ("health", "human-rights", "gender"),
        _codes(
            "CH US BW CD CI CM ET GH KE LS MW MZ NA NG RW SN SZ TZ UG ZA ZM ZW CN ID IN KH MM "
            "PH PK TH VN AR BR HT JM MX PA RU UA EG"
        ),
        "https://www.unaids.org",
    ),
    Agency(
        "UNIDO",
        "United Nations Industrial Development Organization",
        "specialized-agency",
        ("energy", "environment", "innovation", "labour", "climate"),
        # Vienna headquarters; investment and technology promotion offices in Bahrain,
        # Beijing, Bonn, Lagos, Moscow, Rome, Seoul and Tokyo.
        _codes(
            "AT BH CN DE IT JP KR RU CI CM EG ET GH KE MA MZ NG SN TN TZ UG ZA BD ID IN IR LK "
            "PK TH VN BO BR CO EC MX UY AM TR UA"
        ),
        "https://www.unido.org",
    ),
    Agency(
        "ITU",
        "International Telecommunication Union",
        "specialized-agency",
        ("innovation", "education", "health"),
        # Geneva; regional offices in Addis Ababa, Brasilia, Cairo, Bangkok and Moscow,
        # area offices in Dakar, Yaounde, Harare, Santiago, Tegucigalpa, Jakarta, Barbados.
        _codes("CH ET BR EG TH RU SN CM ZW CL HN ID BB"),
        "https://www.itu.int",
    ),
    Agency(
        "WHO",
        "World Health Organization",
        "specialized-agency",
        ("health", "children", "water"),
        # Geneva; regional offices in Brazzaville, Cairo, Copenhagen, Manila, New Delhi and
        # Washington (PAHO); country offices.
        _codes("CH DK US " + _ALL_FIELD),
        "https://www.who.int",
    ),
    Agency(
        "FAO",
        "Food and Agriculture Organization of the United Nations",
        "specialized-agency",
        ("food", "environment", "water", "climate"),
        _codes(
            "IT HU US BE JP "
            + _AFRICA_FIELD
            + " "
            + _MENA_FIELD
            + " "
            + _ASIA_FIELD
            + " "
            + _LATAM_FIELD
            + " AM AZ GE KG MD TJ TR UZ"
        ),
        "https://www.fao.org",
    ),
    Agency(
        "IFAD",
        "International Fund for Agricultural Development",
        "specialized-agency",
        ("food", "finance", "gender", "climate"),
        _codes(
            "IT CD CI CM ET GH KE MG MW MZ NG RW SD SN TZ UG ZM BD CN ID IN LA NP PH PK VN BO "
            "BR GT HN NI PA PE EG MA TN YE KG MD TR"
        ),
        "https://www.ifad.org",
    ),
    Agency(
        "OCHA",
        "Office for the Coordination of Humanitarian Affairs",
        "secretariat",
        ("humanitarian",),
        _codes(
            "US CH AE KE SN ZA PA TH EG AF PK MM PH ID SY JO LB IQ YE PS TR SO SD SS CD CF TD "
            "NE ML BF ET ZW HT CO"
        ),
        "https://www.unocha.org",
    ),
    Agency(
        "WFP",
        "World Food Programme",
        "programme",
        ("food", "humanitarian", "children"),
        # Rome headquarters; humanitarian response depots in Accra, Dubai, Las Palmas,
        # Panama and Subang; liaison offices in Brussels, Tokyo and Washington.
        _codes(
            "IT AE ES MY US BE JP AF BD KH LA MM NP PK LK PH ID TL KG TJ BF CD CF CG CI CM ET "
            "GH GM GN KE LR LS MG ML MR MW MZ NE RW SD SL SN SO SS SZ TD TG TZ UG ZA ZM ZW DZ "
            "EG IQ JO LB LY PS SY YE BO CO CU DO EC GT HN HT NI PA PE SV"
        ),
        "https://www.wfp.org",
    ),
    Agency(
        "OHCHR",
        "Office of the United Nations High Commissioner for Human Rights",
        "secretariat",
        ("human-rights", "labour", "gender", "peace"),
        _codes("CH US BO CO GT MX PA CL ET SN CM ZA UG GN MR TG LB QA TN YE PS KH NP TH KG"),
        "https://www.ohchr.org",
    ),
    Agency(
        "UNGC",
        "United Nations Global Compact Office",
        "secretariat",
        (
            "human-rights",
            "labour",
            "environment",
            "anti-corruption",
            "water",
            "climate",
            "gender",
            "children",
            "peace",
        ),
        ("US",),
        "https://www.unglobalcompact.org",
    ),
    Agency(
        "DESA",
        "Department of Economic and Social Affairs",
        "secretariat",
        ("environment", "energy", "finance", "innovation"),
        ("US",),
        "https://www.un.org/en/development/desa",
    ),
    Agency(
        "EOSG",
        "Executive Office of the Secretary-General",
        "secretariat",
        # Includes Global Pulse (Pulse Labs in Jakarta and Kampala) and the teams of the
        # Secretary-General's initiatives.
        ("health", "energy", "education", "climate", "innovation", "humanitarian"),
        ("ID", "UG", "US"),
        "https://www.un.org/sg",
    ),
)

AGENCIES_BY_ID: Final[dict[str, Agency]] = {a.id: a for a in AGENCIES}

# --------------------------------------------------------------------------------------
# Initiatives
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Initiative:
    id: str
    name: str
    kind: str
    conveners: tuple[str, ...]
    themes: tuple[str, ...]
    sdgs: tuple[int, ...]
    launched: int
    """Year of launch: no commitment or partnership under it predates this."""


INITIATIVES: Final[tuple[Initiative, ...]] = (
    Initiative(
        "EWEC",
        "Every Woman Every Child",
        "sg-initiative",
        ("EOSG", "WHO", "UNICEF"),
        ("health", "gender", "children"),
        (3, 5),
        2010,
    ),
    Initiative(
        "SE4ALL",
        "Sustainable Energy for All",
        "sg-initiative",
        ("EOSG", "UNDP", "UNIDO"),
        ("energy", "climate"),
        (7, 13),
        2011,
    ),
    Initiative(
        "EDU-FIRST",
        "Education First",
        "sg-initiative",
        ("EOSG", "UNICEF"),
        ("education", "children"),
        (4,),
        2012,
    ),
    Initiative(
        "CEO-WATER",
        "CEO Water Mandate",
        "gc-platform",
        ("UNGC",),
        ("water", "environment"),
        (6,),
        2007,
    ),
    Initiative(
        "C4C",
        "Caring for Climate",
        "gc-platform",
        ("UNGC",),
        ("climate", "energy", "environment"),
        (7, 13),
        2007,
    ),
    Initiative(
        "WEP",
        "Women's Empowerment Principles",
        "gc-platform",
        ("UNGC",),
        ("gender", "labour"),
        (5, 8),
        2010,
    ),
    Initiative(
        "CRBP",
        "Children's Rights and Business Principles",
        "gc-platform",
        ("UNGC", "UNICEF"),
        ("children", "human-rights", "labour"),
        (4, 8, 16),
        2012,
    ),
    Initiative(
        "MHEALTH",
        "mHealth partnership (ITU-WHO Be He@lthy, Be Mobile)",
        "agency-programme",
        ("ITU", "WHO"),
        ("health", "innovation"),
        (3, 9),
        2012,
    ),
    Initiative(
        "UNIDO-SSD",
        "UNIDO Sustainable Supplier Development Programme",
        "agency-programme",
        ("UNIDO",),
        ("labour", "environment", "innovation"),
        (8, 9, 12),
        2010,
    ),
    Initiative(
        "IICPSD",
        "UNDP Istanbul International Center for Private Sector in Development",
        "agency-programme",
        ("UNDP",),
        ("finance", "innovation"),
        (1, 8, 17),
        2011,
    ),
    Initiative(
        "UNHCR-INNOVATION",
        "UNHCR Innovation",
        "agency-programme",
        ("UNHCR",),
        ("humanitarian", "innovation"),
        (1, 9, 10),
        2012,
    ),
    Initiative(
        "UNICEF-INNOVATION",
        "UNICEF Innovation Labs",
        "agency-programme",
        ("UNICEF",),
        ("innovation", "children"),
        (3, 4, 9),
        2008,
    ),
    Initiative(
        "GC-LEAD",
        "Global Compact LEAD",
        "gc-platform",
        ("UNGC",),
        ("human-rights", "labour", "environment", "anti-corruption"),
        (8, 12, 16, 17),
        2011,
    ),
)

INITIATIVES_BY_ID: Final[dict[str, Initiative]] = {i.id: i for i in INITIATIVES}

# --------------------------------------------------------------------------------------
# Global Compact local networks, January 2013
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalNetwork:
    id: str
    country: str
    region: str
    status: str
    established: int
    participants: int


def _networks(region: str, status: str, table: str) -> tuple[LocalNetwork, ...]:
    """Rows of ``CC year participants`` -> networks (id ``LN-CC``, Nordic ``LN-NORDIC``)."""
    out = []
    for line in table.strip().splitlines():
        code, year, participants = line.split()
        network_id = "LN-NORDIC" if code == "DK" else f"LN-{code}"
        out.append(LocalNetwork(network_id, code, region, status, int(year), int(participants)))
    return tuple(out)


LOCAL_NETWORKS: Final[tuple[LocalNetwork, ...]] = (
    *_networks(
        "Europe",
        "formal",
        """
        AT 2008 140
        BG 2003 160
        CH 2006 120
        DE 2001 310
        DK 2011 380
        ES 2004 2300
        FR 2004 1000
        GB 2003 330
        GR 2008 100
        HR 2007 110
        HU 2002 60
        IT 2003 260
        MK 2004 70
        NL 2006 120
        PL 2001 150
        RO 2003 90
        RS 2007 160
        RU 2003 120
        TR 2002 280
        UA 2006 170
        """,
    ),
    *_networks(
        "Europe",
        "emerging",
        """
        AL 2009 25
        AM 2004 60
        AZ 2010 40
        BA 2006 50
        BE 2010 60
        BY 2005 80
        CY 2009 30
        CZ 2011 35
        EE 2012 15
        GE 2004 60
        IE 2012 20
        LT 2002 80
        LV 2010 25
        MD 2005 45
        ME 2010 30
        PT 2009 90
        SI 2006 40
        SK 2009 30
        """,
    ),
    *_networks(
        "Americas",
        "formal",
        """
        AR 2004 480
        BR 2003 520
        CL 2005 150
        CO 2004 450
        MX 2005 600
        PA 2004 90
        PE 2004 130
        US 2007 420
        """,
    ),
    *_networks(
        "Americas",
        "emerging",
        """
        BO 2007 40
        CA 2011 70
        CR 2009 60
        DO 2007 70
        EC 2011 50
        GT 2010 40
        NI 2011 30
        PY 2005 90
        SV 2010 35
        UY 2009 40
        VE 2009 45
        """,
    ),
    *_networks(
        "Asia/Oceania",
        "formal",
        """
        AU 2009 120
        BD 2006 95
        CN 2006 260
        ID 2006 180
        IN 2003 250
        JP 2003 480
        KR 2007 240
        LK 2006 110
        MY 2010 70
        PH 2006 90
        SG 2005 140
        TH 2010 45
        VN 2007 90
        """,
    ),
    *_networks(
        "Asia/Oceania",
        "emerging",
        """
        KZ 2010 50
        MN 2010 30
        NP 2006 60
        NZ 2012 25
        PK 2005 80
        """,
    ),
    *_networks(
        "Africa",
        "formal",
        """
        CI 2008 50
        GH 2004 70
        KE 2005 110
        MW 2004 45
        MZ 2005 40
        NA 2007 25
        NG 2004 150
        SD 2007 45
        SN 2008 55
        ZA 2006 95
        ZM 2005 40
        """,
    ),
    *_networks(
        "Africa",
        "emerging",
        """
        CD 2011 35
        CM 2009 40
        MG 2010 25
        MU 2009 30
        TZ 2011 30
        UG 2011 35
        """,
    ),
    *_networks(
        "Middle East",
        "formal",
        """
        AE 2009 60
        EG 2004 110
        MA 2006 40
        QA 2010 25
        TN 2006 40
        """,
    ),
    *_networks(
        "Middle East",
        "emerging",
        """
        IQ 2012 20
        JO 2007 40
        LB 2008 45
        SY 2008 50
        """,
    ),
)
"""The 101 local networks of January 2013: Europe 38, Americas 19, Asia/Oceania 18,
Africa 17, Middle East 9 (§55); 57 formal (annual MoU with the Global Compact Office) and
44 emerging (§60)."""


def network_for_country(iso2: str) -> str | None:
    """The id of the local network that serves companies headquartered in ``iso2``.

    >>> network_for_country("KE"), network_for_country("SE"), network_for_country("ET")
    ('LN-KE', 'LN-NORDIC', None)
    """
    if iso2 in NORDIC_COUNTRIES:
        return "LN-NORDIC"
    return _NETWORK_BY_COUNTRY.get(iso2)


_NETWORK_BY_COUNTRY: Final[dict[str, str]] = {n.country: n.id for n in LOCAL_NETWORKS}
