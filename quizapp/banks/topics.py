"""UPSC syllabus topics for an item, from what its fact is about.

Students filter by syllabus heading ("Internal security", "International
relations"), never by a headline, and a headline such as "India–China
relations" can give away the answer to "India and ____ signed ...". The topic
is chosen by a small, ordered table of keyword stems over the fact's label,
its sentence and the document title; the first heading whose stems score best
wins, and "International relations" is the default for texts about other
states. A topic that would show the item's answer falls back to the heading
above it in the table's order, never to something that names the key.
"""

from __future__ import annotations

import functools
import re

# (heading, stems). A stem matches a word that starts with it, case-insensitively;
# upper-case stems (acronyms) match the whole word case-sensitively.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Internal security", (
        "internal security", "terror", "insurgen", "extremis", "militan", "naxal", "maoist", "police", "narcotic",
        "drug", "criminal", "crime", "extradit", "mutual legal assistance", "MLAT", "homeland security",
        "border security", "cyber", "money laundering", "smuggl", "armed police", "intelligence", "counter-terror",
        "law enforcement", "immigration", "security cooperation", "security dialogue", "radicali", "trafficking",
        "armed forces (special powers)", "AFSPA", "UAPA", "disturbed area", "left-wing extremism",
    )),
    ("Polity", (
        "constitution", "article ", "amendment", "parliament", "lok sabha", "rajya sabha", "supreme court",
        "high court", "fundamental right", "directive principle", "election commission", "governor", "panchayat",
        "federal", "judiciary", "legislat", "ordinance", "bill ", "statute",
        "fifth schedule", "sixth schedule", "seventh schedule", "eighth schedule", "ninth schedule", "tenth schedule",
        "eleventh schedule", "twelfth schedule", "speaker", "defection", "disqualif", "presiding officer",
        "constituent assembly", "drafting committee",
    )),
    ("Economy", (
        "gdp", "inflation", "fiscal", "monetary", "tariff", "export", "import", "trade", "investment", "rupee",
        "budget", "tax", "bank", "RBI", "WTO", "economic growth", "industr", "subsid", "msme", "GST",
        "goods and services",
    )),
    ("Environment", (
        "climate", "emission", "carbon", "biodiversit", "wildlife", "forest", "pollut", "wetland", "ozone",
        "UNFCCC", "IPCC", "species", "conservation", "paris agreement", "net zero", "net-zero", "renewable",
        "nationally determined", "NDC", "fossil", "tiger population", "tiger reserve", "project tiger",
        "tiger conservation", "mangrove", "coral reef", "national park", "ramsar", "bird sanctuar",
    )),
    ("Science and technology", (
        "satellite", "space", "ISRO", "nuclear", "missile", "biotech", "vaccine", "genom", "artificial intelligence",
        "semiconductor", "quantum", "technology", "lunar", "chandrayaan", "rover", "lander", "spacecraft",
    )),
    ("Agriculture", ("agricultur", "farmer", "kisan", "crop", "kharif", "rabi", "irrigation", "fertili",
                     "minimum support price", "cultivable", "horticultur", "fasal")),
    ("Art and culture", ("classical dance", "dance form", "dancer", "natya", "kathak", "kathakali", "bharatanatyam",
                         "odissi", "kuchipudi", "manipuri", "mohiniyattam", "sattriya", "classical music", "raga",
                         "sculpture", "temple architecture", "painting", "intangible cultural heritage",
                         "sangeet natak", "world heritage")),
    ("Disaster management", ("disaster", "cyclone", "earthquake", "flood", "tsunami", "drought")),
    ("Geography", ("river", "mountain", "plateau", "monsoon", "strait", "ocean", "himalaya", "glacier", "riparian",
                   "basin", "tributar", "water dispute", "delta", "estuar", "peninsular", "west-flowing", "east-flowing",
                   "groundwater", "water-stressed", "water resource", "water conservation")),
    ("History", ("dynasty", "empire", "colonial", "freedom struggle", "mughal", "british raj", "revolt", "ancient",
                 "satyagraha", "national movement", "indigo", "planter", "non-cooperation", "civil disobedience",
                 "quit india", "viceroy", "governor-general", "indian national congress", "lieutenant-governor",
                 "agrarian", "zamindar", "ryot", "poona pact", "round table conference", "communal award",
                 "depressed classes", "untouchab", "sepoy", "mutin", "annexation", "annexed", "doctrine of lapse")),
    ("Social issues", ("poverty", "education", "health", "gender", "women", "child", "caste", "tribal", "welfare")),
    ("International relations", (
        "bilateral", "treaty", "treaties", "summit", "foreign minister", "external affairs", "diplomat",
        "embassy", "SAARC", "ASEAN", "BIMSTEC", "BRICS", "SCO", "Quad", "United Nations", "UN", "G20",
        "visit", "relations", "agreement", "memorand", "convention", "accord", "grouping", "member",
        "oppos", "dispute", "Belt and Road", "BRI", "NSG", "Security Council",
    )),
)
DEFAULT = "International relations"
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


@functools.cache
def _patterns() -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """One compiled alternation per heading: acronyms case-sensitive, other stems on lower-cased text."""
    out: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {}
    for heading, stems in TOPICS:
        upper = [re.escape(s) for s in stems if s.isupper()]
        lower = [re.escape(s) for s in stems if not s.isupper()]
        out[heading] = (re.compile(rf"\b(?:{'|'.join(upper)})\b") if upper else None,
                        re.compile(rf"\b(?:{'|'.join(lower)})") if lower else None)
    return out


def _score(heading: str, text: str, lowered: str) -> int:
    upper, lower = _patterns()[heading]
    # an organisation's acronym says more than any common word
    return (3 * len(upper.findall(text)) if upper else 0) + (len(lower.findall(lowered)) if lower else 0)


def _totals(texts: tuple[str, ...]) -> dict[str, int]:
    weights = (3, 2, 1, 1, 1)
    totals: dict[str, int] = {}
    for weight, text in zip(weights, texts, strict=False):
        if not text:
            continue
        lowered = text.lower()
        for heading, _stems in TOPICS:
            # the relations words are everywhere in these texts: a specific heading's word counts double
            factor = 1 if heading == DEFAULT else 2
            totals[heading] = totals.get(heading, 0) + factor * weight * _score(heading, text, lowered)
    return totals


# a page is on one subject when one heading holds this share of its topic words
_ONE_SUBJECT = 0.85


@functools.lru_cache(maxsize=64)
def _one_subject(page: str) -> str | None:
    totals = _totals((page,))
    whole = sum(totals.values())
    if not whole:
        return None
    heading = max(totals, key=lambda h: totals[h])
    return heading if totals[heading] >= _ONE_SUBJECT * whole else None


def topic_of(*texts: str, answer: str = "", tiebreak: str = "", page: str = "") -> str:
    """The best-scoring UPSC heading for the texts; the label (weighted by order) counts most.

    ``texts`` go from most to least specific (label, sentence, title); earlier
    texts weigh more, so a drug-agreement list in a foreign-policy page files
    under Internal security. ``tiebreak`` (a page's title) counts only when the
    texts leave the best headings level: an "internal security" headline
    filed the page's Belt and Road and social-security items under Internal
    security (round 11). A heading that contains the answer is skipped.
    ``page`` (the page's opening text) decides only when nothing else names a heading at all, and only
    for a page on one subject (`_one_subject`): "Delhi was recaptured by the British in September 1857", on
    a page about the revolt, had been filed under International relations, the default for texts about
    other states. A ministry page on security that also lists summits keeps the default for a summit.
    """
    totals = _totals(texts)
    best = sorted(totals.values(), reverse=True)[:2]
    if tiebreak and (not best or best[0] == 0 or (len(best) == 2 and best[0] == best[1])):
        for heading, n in _totals((tiebreak,)).items():
            totals[heading] = totals.get(heading, 0) + n
    if page and not any(totals.values()):
        subject = _one_subject(page)
        if subject is not None:
            totals = {subject: 1}
    ranked = sorted((h for h, _ in TOPICS), key=lambda h: (-totals.get(h, 0), [t for t, _ in TOPICS].index(h)))
    key = answer.strip().casefold()
    for heading in ranked:
        if totals.get(heading, 0) <= 0:
            break
        if not key or key not in heading.casefold():
            return heading
    return DEFAULT
