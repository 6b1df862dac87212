"""One canonical name per country and organisation.

Lists are compared member by member ("is Hongkong SAR in the MLAT list?") and
distractors must never be a spelling variant of a right answer, so every name
in a fact goes through here. pycountry gives the complete, stable set of
countries; the alias table only fixes what pycountry names awkwardly
("Korea, Republic of") or what sources write informally ("USA", "Laos PDR").
Fuzzy matching (rapidfuzz) is the last resort, at a high threshold and only
for longer names, so "Afganistan" finds Afghanistan but "Austria" never
becomes "Australia".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

import pycountry
from rapidfuzz import fuzz, process

Kind = Literal["country", "organisation"]

FUZZY_THRESHOLD = 90
FUZZY_MIN_LENGTH = 6

# Canonical display name by ISO alpha-2 where pycountry's name is not the common one.
_CANONICAL_BY_CODE = {
    "US": "United States", "GB": "United Kingdom", "RU": "Russia", "IR": "Iran", "VN": "Vietnam",
    "KR": "South Korea", "KP": "North Korea", "LA": "Laos", "BN": "Brunei", "KG": "Kyrgyzstan",
    "HK": "Hong Kong", "MO": "Macau", "TR": "Turkey", "SY": "Syria", "TZ": "Tanzania", "BO": "Bolivia",
    "VE": "Venezuela", "MD": "Moldova", "TW": "Taiwan", "CZ": "Czech Republic", "PS": "Palestine",
    "FM": "Micronesia", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "CI": "Ivory Coast", "CV": "Cape Verde", "VA": "Vatican City", "BS": "Bahamas", "GM": "Gambia",
}

# Informal or historical spellings seen in Indian government and press texts.
_COUNTRY_ALIASES = {
    "usa": "US", "us": "US", "u.s.": "US", "u.s.a.": "US", "u.s.a": "US", "america": "US",
    "united states of america": "US", "the united states": "US",
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "uae": "AE", "u.a.e.": "AE", "emirates": "AE",
    "hongkong": "HK", "hongkong sar": "HK", "hong kong sar": "HK", "hong kong sar china": "HK",
    "laos pdr": "LA", "lao pdr": "LA", "lao": "LA",
    "kyrgyz republic": "KG", "kyrgyz": "KG",
    "korea": "KR", "republic of korea": "KR", "rok": "KR", "dprk": "KP",
    "burma": "MM", "russian federation": "RU", "ussr": "RU", "soviet union": "RU",
    "persia": "IR", "ceylon": "LK", "turkiye": "TR", "türkiye": "TR",
    "czechia": "CZ", "holland": "NL", "the netherlands": "NL", "swaziland": "SZ",
    "macedonia": "MK", "east timor": "TL", "timor leste": "TL", "brunei darussalam": "BN",
    "viet nam": "VN", "prc": "CN", "people's republic of china": "CN", "mainland china": "CN",
    "dr congo": "CD", "drc": "CD", "cote d'ivoire": "CI", "ivory coast": "CI", "cabo verde": "CV",
    "the gambia": "GM", "the bahamas": "BS", "vatican": "VA", "holy see": "VA", "maldives": "MV",
    "sao tome and principe": "ST", "palestine": "PS", "state of palestine": "PS",
}

_ORGANISATIONS = {
    "SAARC": ("saarc", "south asian association for regional cooperation"),
    "ASEAN": ("asean", "association of south east asian nations", "association of southeast asian nations"),
    "BIMSTEC": (
        "bimstec",
        "bay of bengal initiative for multi-sectoral technical and economic cooperation",
        "bay of bengal initiative for multi sectoral technical and economic cooperation",
    ),
    "United Nations": ("un", "u.n.", "united nations", "uno", "united nations organisation", "united nations organization"),
    "UN Security Council": ("unsc", "un security council", "united nations security council", "security council"),
    "Nuclear Suppliers Group": ("nsg", "nuclear suppliers group", "nuclear suppliers' group"),
    "Quad": ("quad", "quadrilateral security dialogue", "the quad"),
    "Shanghai Cooperation Organisation": ("sco", "shanghai cooperation organisation", "shanghai cooperation organization"),
    "BRICS": ("brics",),
    "G20": ("g20", "g-20", "group of twenty"),
    "G7": ("g7", "g-7", "group of seven"),
    "European Union": ("eu", "european union"),
    "NATO": ("nato", "north atlantic treaty organisation", "north atlantic treaty organization"),
    "World Trade Organization": ("wto", "world trade organization", "world trade organisation"),
    "International Monetary Fund": ("imf", "international monetary fund"),
    "World Bank": ("world bank",),
    "World Health Organization": ("who", "world health organization", "world health organisation"),
    "African Union": ("au", "african union"),
    "International Atomic Energy Agency": ("iaea", "international atomic energy agency"),
    "Financial Action Task Force": ("fatf", "financial action task force"),
    "Interpol": ("interpol", "international criminal police organization"),
    "Missile Technology Control Regime": ("mtcr", "missile technology control regime"),
    "Wassenaar Arrangement": ("wassenaar arrangement",),
    "Australia Group": ("australia group",),
    "Indian Ocean Rim Association": ("iora", "indian ocean rim association"),
    "Asian Development Bank": ("adb", "asian development bank"),
    "Asian Infrastructure Investment Bank": ("aiib", "asian infrastructure investment bank"),
    "New Development Bank": ("ndb", "new development bank"),
    "Commonwealth": ("commonwealth", "commonwealth of nations"),
    "OPEC": ("opec", "organization of the petroleum exporting countries"),
    "APEC": ("apec", "asia-pacific economic cooperation", "asia pacific economic cooperation"),
}
# Short acronyms that are ordinary English words in lower case: only match them upper-case.
_CASE_SENSITIVE = {"us", "who", "au", "un", "uno", "rok", "lao"}


def _key(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    s = s.replace("&", " and ")
    s = re.sub(r"[\s\u00a0]+", " ", s).strip(" .,;:()\"'").casefold()
    s = re.sub(r"^the ", "", s)
    return s


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """folded name -> canonical name, built once from pycountry in a fixed order."""
    index: dict[str, str] = {}
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        canonical = _CANONICAL_BY_CODE.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), canonical):
            if n:
                index.setdefault(_key(n), canonical)
    for alias, code in sorted(_COUNTRY_ALIASES.items()):
        aliased = pycountry.countries.get(alpha_2=code)
        if aliased is None:
            raise ValueError(f"country alias {alias!r} names an unknown code {code!r}")
        index[_key(alias)] = _CANONICAL_BY_CODE.get(code) or getattr(aliased, "common_name", None) or aliased.name
    return index


@lru_cache(maxsize=1)
def _org_index() -> dict[str, str]:
    return {_key(alias): canonical for canonical, aliases in _ORGANISATIONS.items() for alias in aliases}


@lru_cache(maxsize=4096)
def _lookup(name: str, fuzzy: bool = True) -> tuple[str, Kind] | None:
    raw = name.strip()
    if not raw:
        return None
    key = _key(raw)
    if key in _CASE_SENSITIVE and not raw.strip(".").replace(".", "").isupper():
        return None
    orgs = _org_index()
    if key in orgs:
        return orgs[key], "organisation"
    countries = _country_index()
    if key in countries:
        return countries[key], "country"
    for suffix in (" sar", " pdr", " republic"):
        if key.endswith(suffix) and key[: -len(suffix)] in countries:
            return countries[key[: -len(suffix)]], "country"
    if fuzzy and len(key) >= FUZZY_MIN_LENGTH and raw[:1].isupper():
        hit = process.extractOne(key, sorted(countries), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        # Typos sit inside a word; a different ending is a different word ("Austrian").
        if hit is not None and hit[0][:2] == key[:2] and hit[0][-2:] == key[-2:]:
            return countries[hit[0]], "country"
    return None


def normalise(name: str, fuzzy: bool = True) -> str | None:
    """Canonical name of a country or organisation, or None if it is neither."""
    hit = _lookup(name, fuzzy)
    return hit[0] if hit else None


def kind_of(name: str) -> Kind | None:
    hit = _lookup(name)
    return hit[1] if hit else None


def same(a: str, b: str) -> bool:
    """Whether two spellings name the same thing (falls back to case-insensitive text)."""
    na, nb = normalise(a), normalise(b)
    if na is not None and nb is not None:
        return na == nb
    return _key(a) == _key(b)


def all_countries() -> list[str]:
    """Every canonical country name, sorted: the pool distractors are drawn from."""
    return sorted(set(_country_index().values()))


def with_article(name: str) -> str:
    """A grouping named as a sentence names it: "ASEAN" and "BRICS" take no article, "the Shanghai Cooperation
    Organisation" and "the Quad" do, and a name that already has one keeps it."""
    if re.fullmatch(r"[A-Z0-9&-]+", name) or name.lower().startswith("the "):
        return name
    return f"the {name}"
