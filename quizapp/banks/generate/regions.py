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
    """ISO alpha-2 -> (UN region, continent), read from country_converter's own data file.

    The file is read with the csv module rather than through ``CountryConverter()``,
    which imports pandas and compiles a regex per country: a second or more per build.
    """
    import csv
    import io
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("country_converter")  # locates the package without importing it (and pandas)
    if spec is None or not spec.submodule_search_locations:
        return {}
    raw = (Path(list(spec.submodule_search_locations)[0]) / "country_data.tsv").read_text(encoding="utf-8")
    out: dict[str, tuple[str, str]] = {}
    for row in csv.DictReader(io.StringIO(raw), delimiter="\t"):
        iso2, region, continent = row.get("ISO2") or "", row.get("UNregion") or "", row.get("continent") or ""
        if iso2 and region:
            out[iso2] = (region, continent)
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
