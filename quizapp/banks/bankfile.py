"""Read and write YAML banks, keeping editors' changes across rebuilds.

A bank is the reviewed, committed artefact: editors fix wording in the YAML,
not in code. So the writer must (1) be byte-for-byte deterministic, so a
rebuild with unchanged sources is a no-op in git, and (2) never overwrite a
human edit. Each item carries ``generated``: the hash of its content as the
generator produced it. If the content no longer matches that hash, or the
status is ``reviewed``/``retired``, the item is the editor's and the rebuild
keeps it (refreshing only the source offsets, which are the pipeline's). Items
the sources no longer produce are marked ``retired``, never deleted, so review
history in the database keeps pointing at something.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from quizapp.banks.types import DocumentMeta, Fact, Item, KeyPoint, Source
from quizapp.enums import EDITOR_STATUSES, ItemStatus

FORMAT = "quizapp-bank/1"
SCHEMA_PATH = Path(__file__).with_name("schema.json")
EDITABLE = ("stem", "options", "answer", "explanation", "topic", "tags", "word_limit", "marks",
            "time_limit_minutes", "directive", "key_points")
WIDTH = 100


class BankError(ValueError):
    """A bank file that cannot be used, located as ``file:line``."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        super().__init__(f"{file}:{line}: {message}")


@functools.cache
def schema() -> dict[str, Any]:
    """schema.json with the item statuses filled in from ItemStatus, the one list of them."""
    data = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for definition in ("item", "version"):
        data["$defs"][definition]["properties"]["status"]["enum"] = [s.value for s in ItemStatus]
    return data


def bank_path(out_dir: Path, document_id: str) -> Path:
    return Path(out_dir) / f"{document_id}.yaml"


# -- dataclasses -> plain data ---------------------------------------------------------------


def source_dict(src: Source) -> dict[str, Any]:
    return {"document": src.document, "start": src.start, "end": src.end, "quote": src.quote}


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def document_dict(meta: DocumentMeta) -> dict[str, Any]:
    return {"id": meta.id, "file": meta.file, "title": meta.title, "publisher": meta.publisher,
            "published": _date(meta.published), "as_of": _date(meta.as_of), "sha256": meta.sha256}


def _number(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else float(x)


def fact_dict(f: Fact) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "kind": f.kind, "label": f.label}
    if f.kind == "date":
        out.update(value=f.value, granularity=f.granularity, resolved=bool(f.resolved))
    elif f.kind == "list":
        out["members"] = list(f.members)
    elif f.kind == "count":
        out.update(number=_number(f.number), unit=f.unit)
    elif f.kind == "table_row":
        out["cells"] = list(f.cells)
    extra = _plain(f.extra)
    if extra:
        out["extra"] = extra
    out["source"] = source_dict(f.source)
    return out


def _plain(value: Any) -> Any:
    """JSON-able, key-sorted data: tuples become lists so the YAML is stable."""
    if isinstance(value, dict):
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def key_point_dict(kp: KeyPoint) -> dict[str, Any]:
    return {"id": kp.id, "text": kp.text, "keywords": list(kp.keywords), "source": source_dict(kp.source),
            "facts": list(kp.facts), "items": list(kp.items)}


def item_dict(it: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"id": it.id, "type": it.type}
    if it.style is not None:
        out["style"] = it.style
    out["stem"] = it.stem
    if it.type == "mcq":
        out["options"] = list(it.options)
    if it.answer is not None:
        out["answer"] = it.answer
    out.update(explanation=it.explanation, topic=it.topic, tags=list(it.tags), facts=list(it.facts),
               status=it.status)
    if it.status == ItemStatus.HELD:
        out["hold_reasons"] = list(it.hold_reasons)
    out["source"] = source_dict(it.source)
    if it.type == "essay":
        out.update(word_limit=it.word_limit, marks=it.marks, time_limit_minutes=it.time_limit_minutes,
                   directive=it.directive, key_points=[key_point_dict(k) for k in it.key_points])
    out["generated"] = content_hash(out)
    return out


def content_hash(item: dict[str, Any]) -> str:
    """Hash of what an editor may change; ``generated`` stores it as produced."""
    payload = {k: item.get(k) for k in EDITABLE}
    key_points = payload.get("key_points")
    if key_points:
        payload["key_points"] = [{k: v for k, v in kp.items() if k != "source"} for kp in key_points]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# ``retired_by: build`` marks an item the build retired because the sources stopped producing it (its
# sentence changed, or a rule no longer made it). Such an item is the pipeline's, not an editor's: when a
# later build makes it again it comes back under the gate's judgement, where an editor's retirement sticks.
# Before this marker every retired item stuck, so a rule that briefly dropped an item lost it for good.
BUILD = "build"


def build_retired(item: dict[str, Any]) -> bool:
    return item.get("status") == ItemStatus.RETIRED and item.get("retired_by") == BUILD


def editor_statuses(existing: dict[str, Any] | None) -> dict[str, str]:
    """id -> status for the items an editor decided on (reviewed or retired) in an existing bank."""
    out: dict[str, str] = {}
    for it in (existing or {}).get("items") or []:
        if isinstance(it, dict) and it.get("status") in EDITOR_STATUSES and not build_retired(it):
            out[str(it.get("id"))] = it["status"]
    return out


def is_edited(item: dict[str, Any]) -> bool:
    if build_retired(item):
        return content_hash(item) != item.get("generated")  # the build's own retirement: an editor's edit only
    return item.get("status") in EDITOR_STATUSES or content_hash(item) != item.get("generated")


# -- merging ---------------------------------------------------------------------------------------------


def merge_items(existing: Sequence[dict[str, Any]], fresh: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fresh items in generation order, editors' versions kept, vanished items retired at the end."""
    old = {it.get("id"): it for it in existing if isinstance(it, dict)}
    out: list[dict[str, Any]] = []
    for new in fresh:
        prev = old.pop(new["id"], None)
        out.append(_keep_editor(prev, new) if prev is not None and is_edited(prev) else new)
    for prev in existing:
        if isinstance(prev, dict) and prev.get("id") in old:
            kept = dict(prev)
            if kept.get("status") != ItemStatus.RETIRED:
                kept["retired_by"] = BUILD  # retired here, by the build: it may come back (`build_retired`)
            kept["status"] = ItemStatus.RETIRED
            kept.pop("hold_reasons", None)
            out.append(kept)
    return out


def _keep_editor(prev: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The editor's text with the pipeline's current offsets (the quoted text is unchanged by id)."""
    kept = dict(prev)
    if kept.get("status") != ItemStatus.HELD:
        kept.pop("hold_reasons", None)  # an editor who reviewed a held item has answered its reasons
    if kept.get("status") != ItemStatus.RETIRED:
        kept.pop("retired_by", None)  # an editor brought a build-retired item back: it is the editor's now
    kept["source"] = new["source"]
    kept["facts"] = new["facts"]
    if prev.get("key_points") and new.get("key_points"):
        fresh = {kp["id"]: kp for kp in new["key_points"]}
        kept["key_points"] = [{**kp, "source": fresh[kp["id"]]["source"]} if kp.get("id") in fresh else kp
                              for kp in prev["key_points"]]
    return kept


# -- YAML ---------------------------------------------------------------------------------------------


# libyaml parses ~10x faster and gives the same data and marks. It also emits ~6x faster,
# which the build needs (the YAML writer was most of a build's time once held items are
# written too); test_bankfile checks that both emitters give the same bytes for the
# shipped banks, so a bank's bytes do not depend on whether libyaml is installed.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks, so editors see stems as they read."""


_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class _CDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter (pure Python when libyaml is missing), and a direct path for plain data.

    A bank is only dicts, lists, strings, ints, bools and None, never shared, so the nodes are
    built straight from them without PyYAML's per-value dispatch and alias bookkeeping (a third
    of a build's time). Anything else goes the stock way. The bytes are those of the stock
    pure-Python dumper (`_Dumper`); test_bankfile compares them.
    """

    def represent_data(self, data: Any) -> yaml.Node:
        kind = type(data)
        if kind is str:
            return yaml.ScalarNode(_STR, data, style="|" if "\n" in data else None)
        if kind is dict:
            return yaml.MappingNode(_MAP, [(self.represent_data(k), self.represent_data(v)) for k, v in data.items()],
                                    flow_style=False)
        if kind is list:
            return yaml.SequenceNode(_SEQ, [self.represent_data(v) for v in data], flow_style=False)
        if kind is bool:
            return yaml.ScalarNode(_BOOL, "true" if data else "false")
        if kind is int:
            return yaml.ScalarNode(_INT, str(data))
        if data is None:
            return yaml.ScalarNode(_NULL, "null")
        return super().represent_data(data)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)
_CDumper.add_representer(str, _str)
# An ItemStatus is written as its plain value: a representer matches the exact type, not str's
# subclasses, and libyaml's emitter takes only an exact str.
_Dumper.add_representer(ItemStatus, lambda dumper, value: _str(dumper, value.value))
_CDumper.add_representer(ItemStatus, lambda dumper, value: _str(dumper, value.value))


def dump(data: dict[str, Any], pure: bool = False) -> str:
    return yaml.dump(data, Dumper=_Dumper if pure else _CDumper, sort_keys=False, allow_unicode=True, width=WIDTH,
                     default_flow_style=False)


def bank_data(meta: DocumentMeta, facts: Iterable[Fact], items: Iterable[Item],
              existing: dict[str, Any] | None = None) -> dict[str, Any]:
    fresh = [item_dict(it) for it in items]
    merged = merge_items((existing or {}).get("items") or [], fresh)
    return {"format": FORMAT, "document": document_dict(meta), "facts": [fact_dict(f) for f in facts],
            "items": merged}


_UNREAD: Any = object()


def write_bank(path: Path, meta: DocumentMeta, facts: Iterable[Fact], items: Iterable[Item],
               existing: dict[str, Any] | None = _UNREAD) -> dict[str, Any]:
    """Write (merging with the file already there) and return what was written.

    An unreadable existing file is an error, not something to overwrite: it may
    hold an editor's only copy of their work. ``existing`` is that file already
    read (the build reads it first, so the gate knows what editors reviewed).
    """
    path = Path(path)
    if existing is _UNREAD:
        existing = read_bank(path) if path.exists() else None
    data = bank_data(meta, facts, items, existing)
    text = dump(data)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return data


def load_text(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parsed data and its node tree; BankError with the line on bad YAML."""
    # One parse: the data is constructed from the node tree the line numbers come from
    # (parsing twice was a third of every check and load).
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise BankError(name, line, f"invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    finally:
        loader.dispose()
    return data, node


def node_at(node: yaml.Node | None, path: Iterable[Any]) -> yaml.Node | None:
    """The deepest node along ``path`` (keys and list indices) that exists."""
    current = node
    for step in path:
        if isinstance(current, yaml.MappingNode):
            nxt = next((v for k, v in current.value if getattr(k, "value", None) == step), None)
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(current.value):
            nxt = current.value[step]
        else:
            nxt = None
        if nxt is None:
            return current
        current = nxt
    return current


def line_of(node: yaml.Node | None, path: Iterable[Any]) -> int:
    """1-based line of the node at ``path``; for a mapping value, the line of its key

    (a block list under ``options:`` starts on the next line, but the editor
    should land on ``options:``).
    """
    path = list(path)
    target = node_at(node, path)
    if target is None:
        return 1
    parent = node_at(node, path[:-1]) if path else None
    if isinstance(parent, yaml.MappingNode):
        for k, v in parent.value:
            if v is target:
                return k.start_mark.line + 1
    return target.start_mark.line + 1


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def schema_errors(data: Any, node: yaml.Node | None, name: str) -> list[BankError]:
    out = []
    for err in sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        path = list(err.absolute_path)
        where = "/".join(str(p) for p in path) or "(top)"
        out.append(BankError(name, line_of(node, path), f"schema: {where}: {_short(err)}"))
    return out


def _short(err: jsonschema.ValidationError) -> str:
    msg = err.message
    return msg if len(msg) <= 160 else msg[:157] + "..."


def read_bank(path: Path) -> dict[str, Any]:
    """The bank as plain data, validated; BankError (``file:line: message``) otherwise."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(str(path), 1, f"cannot read bank: {exc}") from None
    data, node = load_text(text, str(path))
    errors = schema_errors(data, node, str(path))
    if errors:
        raise errors[0]
    return data
