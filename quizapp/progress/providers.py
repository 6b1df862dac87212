"""Where other features plug into the dashboard and the data export.

Progress must show mock-test and answer-writing trends and carry their rows
in the export, but those features own their tables. Rather than importing
them (and breaking whenever they change), each feature registers a few
callables here; with nothing registered the dashboard says "No mock tests
yet" and the export carries only study data.

Each feature's ``progress.register()`` is called by `quizapp.create_app`
(registering again replaces, so a second app changes nothing)::

    from quizapp.progress import providers
    providers.register_trend("tests", lambda user_id: [TestResult(...), ...])
    providers.register_export("practice", export_fn, import_fn, is_empty_fn, schema)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from quizapp.progress.figures import TestResult, WritingResult

TREND_KINDS = {"tests": TestResult, "writing": WritingResult}


@dataclass(frozen=True)
class ExportSpec:
    """How one feature's rows travel in the export file.

    Attributes:
        name: Key of the feature's section in the file ("practice", "writing").
        export: ``export(user_id) -> JSON-ready value``.
        import_: ``import_(user_id, value, missing_items) -> None``: add the
            rows in the current session without committing; raise
            ``ValueError`` with a message to refuse the file (the whole import
            is rolled back). ``missing_items(ids)`` returns the ids that are
            not items here, so references can be checked.
        is_empty: ``is_empty(user_id) -> bool``: part of what makes an account
            "fresh" enough to import into.
        schema: JSON Schema of the section, checked before anything is written.
    """

    name: str
    export: Callable[[int], Any]
    import_: Callable[[int, Any, Callable], None]
    is_empty: Callable[[int], bool]
    schema: dict


_trends: dict[str, Callable[[int], list]] = {}
_exports: dict[str, ExportSpec] = {}


def register_trend(kind: str, trend: Callable[[int], list]) -> None:
    """``trend(user_id)`` returns TestResult rows for "tests", WritingResult rows for "writing"."""
    if kind not in TREND_KINDS:
        raise ValueError(f"unknown trend kind {kind!r}; expected one of {', '.join(TREND_KINDS)}")
    _trends[kind] = trend


def register_export(name: str, export: Callable[[int], Any], import_: Callable[[int, Any, Callable], None],
                    is_empty: Callable[[int], bool], schema: dict | None = None) -> None:
    if name in {"format", "version", "settings", "cards", "review_logs"}:
        raise ValueError(f"{name!r} is a reserved section of the export file")
    _exports[name] = ExportSpec(name, export, import_, is_empty, schema or {})


def unregister(name: str) -> None:
    _trends.pop(name, None)
    _exports.pop(name, None)


def trend_rows(kind: str, user_id: int) -> list:
    """The provider's rows, checked to be of the promised type (a wrong type is a programming error)."""
    fn = _trends.get(kind)
    if fn is None:
        return []
    rows = list(fn(user_id))
    expected = TREND_KINDS[kind]
    wrong = [type(r).__name__ for r in rows if not isinstance(r, expected)]
    if wrong:
        raise TypeError(f"the {kind} trend provider returned {wrong[0]}, not {expected.__name__}")
    return rows


def exports() -> list[ExportSpec]:
    return [_exports[k] for k in sorted(_exports)]


@contextmanager
def registered(kind_or_name: str, *, trend: Callable[[int], list] | None = None,
               export: ExportSpec | None = None) -> Iterator[None]:
    """Register for the duration of a block (tests), restoring what was there."""
    old_trend, old_export = _trends.get(kind_or_name), _exports.get(kind_or_name)
    if trend is not None:
        register_trend(kind_or_name, trend)
    if export is not None:
        _exports[export.name] = export
    try:
        yield
    finally:
        unregister(kind_or_name)
        if old_trend is not None:
            _trends[kind_or_name] = old_trend
        if old_export is not None:
            _exports[kind_or_name] = old_export
