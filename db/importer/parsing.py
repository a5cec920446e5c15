"""Checking one line in Python: JSON, type, fields and their kinds, into a staging row.

The hot loop of an import: per type, the fields are unpacked once into plain tuples
(`_PARSE`), and every check is a cheap type test.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import orjson

from db.catalog import PERMISSIONS, PRIORITY_NAMES, StatusCategory
from db.importer.fields import (
    BOOL,
    CATEGORY,
    MICROSECOND,
    NAME,
    NAMES,
    PG_EPOCH,
    PRIORITY,
    RECORD_TYPES,
    SPECS,
    STAGING_POSITION,
    STAGING_WIDTH,
    STR,
    TIME,
    Spec,
)

MAX_SHOWN: Final = 60  # characters of a value quoted in a message
_MAX_LINE: Final = 10_000_000  # characters


def _parse_fields(spec: Spec) -> tuple[tuple[str, int, bool, object, int], ...]:
    """(name, kind, required, default, staging position of its first slot) per field."""
    slots = iter(spec.slots())
    out = []
    for f in spec.fields:
        first = next(slots)[0]
        for _ in f.columns[1:]:
            next(slots)  # the second slot of GROUPS: the position after the first
        out.append((f.name, f.kind, f.required, f.default, STAGING_POSITION[first]))
    return tuple(out)


# Per type, for the hot loop: allowed keys, fields, type code.
_PARSE: Final = {
    spec.record_type: (frozenset(["type", *(f.name for f in spec.fields)]), _parse_fields(spec), spec.code)
    for spec in SPECS.values()
}
_TYPE_LIST: Final = ", ".join(RECORD_TYPES)
_CATEGORIES: Final = frozenset(category.value for category in StatusCategory)
_CATEGORY_LIST: Final = ", ".join(category.value for category in StatusCategory)
_PRIORITY_RANGE: Final = f"{min(PRIORITY_NAMES)} to {max(PRIORITY_NAMES)}"
_PERMISSION_LIST: Final = " or ".join(f'"{permission}"' for permission in PERMISSIONS)


class LineError(ValueError):
    """What is wrong with one line."""


def _show(value: object) -> str:
    """A value as JSON, shortened for a message."""
    text = orjson.dumps(value).decode()
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _timestamp(name: str, value: object) -> datetime | str:
    """The moment of an ISO 8601 timestamp with an offset, or what is wrong with the value."""
    if type(value) is not str:
        return f'field "{name}" must be an ISO 8601 timestamp string, got {_show(value)}'
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f'field "{name}" is not an ISO 8601 timestamp such as "2025-04-01T09:30:00+09:00": {_show(value)}'
    if moment.tzinfo is None:
        return f'field "{name}" has no UTC offset (such as "+09:00" or "Z"): {_show(value)}'
    return moment


def _has_nul(value: object) -> bool:
    if type(value) is str:
        return "\x00" in value
    if type(value) is list:
        return any(_has_nul(item) for item in value)
    if type(value) is dict:
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


def parse_line(text: str) -> tuple[int, list[object]]:
    """Check one non-blank line; return its type's code and its staging row (line number
    still unset), or raise LineError saying everything that is wrong with it."""
    if len(text) > _MAX_LINE:
        raise LineError(f"longer than {_MAX_LINE:,} characters")
    try:
        record = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error})") from None
    if type(record) is not dict:
        raise LineError(f"not a JSON object: {_show(record)}")
    record_type = record.get("type")
    if record_type is None:
        raise LineError('missing field "type"')
    if type(record_type) is not str or record_type not in _PARSE:
        raise LineError(f"unknown type {_show(record_type)} (known: {_TYPE_LIST})")
    allowed, fields, code = _PARSE[record_type]
    problems: list[str] = []
    if not record.keys() <= allowed:
        problems += [f'unknown field "{name}"' for name in sorted(record.keys() - allowed)]
    row: list[object] = [None] * STAGING_WIDTH
    row[1] = code
    for name, kind, required, default, position in fields:
        value = record.get(name)
        if value is None:
            if required:
                problems.append(f'missing field "{name}"')
            elif default is not None:
                row[position] = default
        elif kind <= CATEGORY:  # STR, NAME, CATEGORY
            if type(value) is str and (value or kind == STR) and (kind != CATEGORY or value in _CATEGORIES):
                row[position] = value
            elif kind == CATEGORY:
                problems.append(f'field "{name}" must be one of {_CATEGORY_LIST}, got {_show(value)}')
            elif kind == NAME:
                problems.append(f'field "{name}" must be a non-empty string, got {_show(value)}')
            else:
                problems.append(f'field "{name}" must be a string, got {_show(value)}')
        elif kind == TIME:
            moment = _timestamp(name, value)
            if isinstance(moment, str):
                problems.append(moment)
            else:
                row[position] = (moment - PG_EPOCH) // MICROSECOND
        elif kind == BOOL:
            if value is True or value is False:
                row[position] = value
            else:
                problems.append(f'field "{name}" must be true or false, got {_show(value)}')
        elif kind == PRIORITY:
            if type(value) is int and value in PRIORITY_NAMES:
                row[position] = value
            else:
                problems.append(f'field "{name}" must be an integer from {_PRIORITY_RANGE}, got {_show(value)}')
        elif kind == NAMES:
            if type(value) is list and all(type(item) is str and item for item in value):
                row[position] = value
            else:
                problems.append(f'field "{name}" must be a list of non-empty strings, got {_show(value)}')
        elif type(value) is dict and all(key and v in PERMISSIONS for key, v in value.items()):  # GROUPS
            row[position] = list(value.keys())
            row[position + 1] = list(value.values())
        else:
            problems.append(f'field "{name}" must map group names to {_PERMISSION_LIST}, got {_show(value)}')
    if not problems and "\\u0000" in text:
        # PostgreSQL text cannot hold NUL; JSON can only spell it as an escape.
        problems += [f'field "{name}" contains a NUL character (\\u0000)' for name, v in record.items() if _has_nul(v)]
    if problems:
        raise LineError("; ".join(problems))
    return code, row
