"""Where a country is: UN region and continent, from country_converter's table.

A setter's wrong options for an Asian grouping are its neighbours, not Canada
or Bermuda. country_converter ships the UN M49 regions and continents for
every ISO code; we read its table once and look countries up by ISO alpha-2
through names.py, so aliases ("Hongkong SAR", "Laos PDR") land on the same row.
"""

from __future__ import annotations

import functools

import pycountry

from quizapp.banks import names


@functools.cache
def _table() -> dict[str, tuple[str, str]]:
    """ISO alpha-2 -> (UN region, continent)."""
    import logging

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    import country_converter as coco

    data = coco.CountryConverter().data
    out: dict[str, tuple[str, str]] = {}
    for iso2, region, continent in zip(data["ISO2"], data["UNregion"], data["continent"]):
        if isinstance(iso2, str) and isinstance(region, str):
            out[iso2] = (region, continent if isinstance(continent, str) else "")
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


def nearness(candidate: str, members: list[tuple[str, str]]) -> int:
    """0: same UN region as a member; 1: same continent; 2: elsewhere; 3: unknown."""
    where = region_of(candidate)
    if where is None:
        return 3
    if any(where[0] == m[0] for m in members):
        return 0
    if any(where[1] == m[1] for m in members):
        return 1
    return 2
