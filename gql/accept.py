"""Which media type a response is written in: the `Accept` header read as RFC 9110 §12.5.1
says (media ranges, q-values, the most specific range deciding), between the two types the
GraphQL-over-HTTP spec defines."""

from __future__ import annotations

from typing import NamedTuple

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
# Named explicitly at equal q, the spec's own type wins ("the preferred type"); reached only
# through a wildcard, application/json does, as the spec asks of legacy clients and curl.
SERVED = (GRAPHQL_RESPONSE, JSON)
NOT_ACCEPTABLE = f"this endpoint answers in {GRAPHQL_RESPONSE} or {JSON}: the Accept header allows neither"


class _Range(NamedTuple):
    type: str
    subtype: str
    q: float
    charset: str | None


def _ranges(header: str) -> list[_Range]:
    ranges = []
    for item in header.split(","):
        media_range, *parameters = (part.strip() for part in item.split(";"))
        kind, slash, subtype = media_range.lower().partition("/")
        if not slash or not kind or not subtype:
            continue  # not a media range: ignored, as a lenient reader of a broken header
        q, charset = 1.0, None
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"').lower()
            if name == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
                break  # what follows q are accept-extensions, not media type parameters
            if name == "charset":
                charset = value
        ranges.append(_Range(kind, subtype, q, charset))
    return ranges


def _specificity(media_range: _Range, media_type: str) -> int | None:
    """How closely the range names the type (2 exactly, 1 `type/*`, 0 `*/*`), None if it does not."""
    kind, subtype = media_type.split("/")
    # Both types are always written in UTF-8: a range asking for another charset excludes them.
    if media_range.charset not in (None, "utf-8", "utf8"):
        return None
    if media_range.type == kind and media_range.subtype == subtype:
        return 2
    if media_range.type == kind and media_range.subtype == "*":
        return 1
    if media_range.type == "*" and media_range.subtype == "*":
        return 0
    return None


def negotiate(header: str | None) -> str | None:
    """The media type to answer in, or None when the client accepts neither (406)."""
    if header is None or not header.strip():
        # No preference stated: application/json, which every client before the spec reads.
        return JSON
    ranges = _ranges(header)
    best: tuple[float, int, int] | None = None
    chosen = None
    for rank, media_type in enumerate(SERVED):
        matches = [(s, r.q) for r in ranges if (s := _specificity(r, media_type)) is not None]
        if not matches:
            continue
        specificity, q = max(matches)  # the most specific range decides the q
        if q == 0:
            continue
        # A wildcard match prefers application/json; an explicit one the spec's type.
        preference = -rank if specificity == 2 else rank
        key = (q, specificity, preference)
        if best is None or key > best:
            best, chosen = key, media_type
    return chosen
