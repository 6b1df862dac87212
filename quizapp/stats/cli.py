"""`quizapp stats items FILE.csv`: item analysis of any result sheet.

An institute can run it on a sheet from another system (OMR software, Moodle's
export) and compare the figures, so it reads a plain long CSV and reports
problems as ``file:line: problem`` without printing half a table.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import click

from quizapp.stats.items import Response, analyse

COLUMNS = ("attempt", "item", "mark", "max_mark")


class SheetError(ValueError):
    pass


def read_sheet(path: Path) -> list[Response]:
    """Every row, or a SheetError naming the first bad line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SheetError(f"{path}:0: cannot read: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SheetError(f"{path}:1: missing column(s): {', '.join(missing)} (need {','.join(COLUMNS)})")
    rows: list[Response] = []
    seen: set[tuple[str, str]] = set()
    for row in reader:
        line = reader.line_num
        attempt, item = (row.get("attempt") or "").strip(), (row.get("item") or "").strip()
        if not attempt or not item:
            raise SheetError(f"{path}:{line}: attempt and item must not be empty")
        try:
            mark, max_mark = float(row["mark"]), float(row["max_mark"])
        except (TypeError, ValueError):
            raise SheetError(f"{path}:{line}: mark and max_mark must be numbers") from None
        if not (math.isfinite(mark) and math.isfinite(max_mark)) or max_mark <= 0:
            raise SheetError(f"{path}:{line}: marks must be finite and max_mark above 0")
        if mark > max_mark:
            raise SheetError(f"{path}:{line}: mark {mark:g} is above max_mark {max_mark:g}")
        if (attempt, item) in seen:
            raise SheetError(f"{path}:{line}: attempt {attempt} answers item {item} twice")
        seen.add((attempt, item))
        rows.append(Response(attempt, item, mark, max_mark))
    if not rows:
        raise SheetError(f"{path}:2: no responses")
    return rows


def _fmt(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


@click.group("stats", help="Statistics over result sheets.")
def stats_cli() -> None:
    pass


@stats_cli.command("items")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="A JSON list instead of a table.")
def stats_items(file: Path, as_json: bool) -> None:
    """Per item: n, facility, sd, discrimination index and discriminative efficiency."""
    try:
        stats = analyse(read_sheet(file))
    except SheetError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in stats], indent=2))
        return
    width = max(4, *(len(s.item) for s in stats))
    click.echo(f"{'item':<{width}}  {'n':>5}  {'facility':>8}  {'sd':>6}  {'disc.idx':>8}  {'disc.eff':>8}")
    for s in stats:
        click.echo(
            f"{s.item:<{width}}  {s.n:>5}  {_fmt(s.facility, 3):>8}  {_fmt(s.sd, 3):>6}  "
            f"{_fmt(s.discrimination_index, 2):>8}  {_fmt(s.discriminative_efficiency, 2):>8}"
        )
