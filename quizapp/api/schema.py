"""One definition per request body: the JSON Schema that validates it is the one the OpenAPI document shows.

`json_body(schema)` is the only way a view reads a JSON body. Before parsing
it refuses what would make the parser or the database fail instead of the
client: bodies over `MAX_BYTES` (413), nesting deeper than `MAX_DEPTH`
(Python's parser recurses, and about a thousand levels is a RecursionError),
NaN and Infinity, and strings with lone surrogates (which UTF-8, and so the
database, cannot store). Then `jsonschema` checks the shape, and each
property's ``x-error`` is the sentence the client reads. Checks that need the
database (a choice within the item's own options) stay in the services.
"""

from __future__ import annotations

import json
import re
from typing import Any

from jsonschema import Draft202012Validator, validators

from quizapp.errors import ClientError

MAX_BYTES = 1024 * 1024  # a 100,000-character draft in any script, escaped, fits
MAX_DEPTH = 32

# jsonschema counts 3.0 as an integer; the API never did (a float id or count is a client bug).
_TYPES = Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool))
_Validator = validators.extend(Draft202012Validator, type_checker=_TYPES)

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects deeper than ``limit``, found without parsing it."""
    depth = 0
    for ch in _BRACKET.findall(_STRING.sub('""', text)):
        if ch in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is too large")
    return value


def parse(raw: bytes) -> Any:
    """The JSON value of a request body, or a `ClientError` saying why not."""
    if len(raw) > MAX_BYTES:
        raise ClientError(f"the body is {len(raw):,} bytes; the API accepts up to {MAX_BYTES:,}", 413)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ClientError("the body is not UTF-8") from None
    if too_deep(text):
        raise ClientError(f"the body nests arrays or objects more than {MAX_DEPTH} deep")
    try:
        body = json.loads(text, parse_constant=_constant, parse_float=_float)
    except (ValueError, RecursionError):
        raise ClientError("the body is not valid JSON") from None
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ClientError("the body has a string with a lone surrogate (like \\ud800), which is not text") from None
    return body


def _message(schema: dict, error) -> tuple[str, int]:
    props = schema.get("properties", {})
    path = list(error.absolute_path)
    if not path:
        if error.validator == "type":
            return "the body must be a JSON object", 400
        if error.validator == "additionalProperties":
            unknown = sorted(set(error.instance) - set(props))
            return f"unknown field(s): {', '.join(unknown)}", 400
        if error.validator == "required":
            name = next((n for n in schema["required"] if n not in error.instance), "")
            return props.get(name, {}).get("x-error", f"{name} is required"), 400
    name = str(path[0])
    prop = props.get(name, {})
    status = prop.get("x-status", {}).get(error.validator, 400)
    return prop.get("x-error", f"{name}: {error.message}"), status


def validate(schema: dict, body: Any) -> Any:
    """``body`` if it fits ``schema``; otherwise a `ClientError` with every problem, one sentence each."""
    problems: dict[str, int] = {}
    for error in _Validator(schema).iter_errors(body):
        message, status = _message(schema, error)
        problems.setdefault(message, status)
    if problems:
        special = [m for m, s in problems.items() if s != 400]
        if special:
            raise ClientError(special[0], problems[special[0]])
        raise ClientError("; ".join(problems))
    return body


def json_body(schema: dict) -> Any:
    """The request's JSON body, checked against ``schema`` (one of the OpenAPI document's own)."""
    from flask import request

    if not request.is_json:
        raise ClientError("send a JSON body with Content-Type: application/json", 415)
    if request.content_length is not None and request.content_length > MAX_BYTES:
        raise ClientError(f"the body is {request.content_length:,} bytes; the API accepts up to {MAX_BYTES:,}", 413)
    return validate(schema, parse(request.get_data(cache=True)))


# --------------------------------------------------------------------------- OpenAPI fragments

ERROR_REF = {"$ref": "#/components/schemas/Error"}


def errors(*codes: int) -> dict:
    """Error responses for the OpenAPI document: each an `Error` object."""
    return {str(c): {"description": "error", "content": {"application/json": {"schema": ERROR_REF}}} for c in codes}


def content(schema: dict | str) -> dict:
    """A JSON content entry; a string is the name of a component schema."""
    if isinstance(schema, str):
        schema = {"$ref": f"#/components/schemas/{schema}"}
    return {"content": {"application/json": {"schema": schema}}}
