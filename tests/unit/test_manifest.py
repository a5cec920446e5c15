"""Persisted-query manifests: both formats, and entries refused by name. The screen's manifest
is what scripts/screen-manifest.mjs generates from gql/static/js/queries.js, never stale."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from gql.manifest import SCREEN_MANIFEST, ManifestError, load_manifest, read_manifest

ROOT = Path(__file__).resolve().parents[2]
ME = "query Me { viewer { login } }"
ME_ID = hashlib.sha256(ME.encode()).hexdigest()


def apollo(*operations: dict[str, str]) -> str:
    return json.dumps({"format": "apollo-persisted-query-manifest", "version": 1, "operations": list(operations)})


def test_apollo_manifest() -> None:
    [entry] = read_manifest(apollo({"id": ME_ID, "name": "Me", "type": "query", "body": ME}))
    assert (entry.sha256, entry.operation_name, entry.document) == (ME_ID, "Me", ME)


def test_relay_map_takes_the_operation_name_from_the_document() -> None:
    [entry] = read_manifest(json.dumps({ME_ID: ME}))
    assert (entry.sha256, entry.operation_name) == (ME_ID, "Me")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{oops", "not JSON"),
        ("[1]", "neither an Apollo persisted-query manifest"),
        (json.dumps({"format": "apollo-persisted-query-manifest", "version": 2}), '"version": 1'),
        (apollo({"id": "0" * 64, "name": "Me", "body": ME}), "operations[0] (Me): the id is not the SHA-256"),
        (json.dumps({ME_ID: ME, "ab": "{ viewer { login } }"}), "entry 'ab': the id is not the SHA-256"),
        (
            apollo({"id": ME_ID, "body": ME}, {"id": hashlib.sha256(b"{ nope }").hexdigest(), "body": "{ nope }"}),
            "operations[1]",
        ),
        (apollo({"id": hashlib.sha256(b"{ viewer {").hexdigest(), "body": "{ viewer {"}), "Expected Name"),
    ],
)
def test_bad_manifests_name_the_entry(text: str, message: str) -> None:
    with pytest.raises(ManifestError) as raised:
        read_manifest(text)
    assert message in str(raised.value)


def test_screen_manifest_is_current() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed to run scripts/screen-manifest.mjs (Debian: nodejs)")
    generated = subprocess.run(
        [node, str(ROOT / "scripts" / "screen-manifest.mjs")], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert generated == SCREEN_MANIFEST.read_text(encoding="utf-8"), (
        "gql/screen-queries.json is stale: node scripts/screen-manifest.mjs > gql/screen-queries.json"
    )


def test_screen_manifest_holds_every_document_of_the_screen_and_all_validate() -> None:
    entries = load_manifest(SCREEN_MANIFEST)  # parses and validates each against the schema
    names = {entry.operation_name for entry in entries}
    assert names == {
        "CuicBoot",
        "CuicSearch",
        "CuicUpdateWidgetSettings",
        "CuicResetWidgetSettings",
        "CuicScreen",
        "CuicWidget",
        "CuicLive",
    }
    # One screen document and one live subscription per set of the nine widgets, one widget
    # document per widget.
    assert len(entries) == 4 + 2 * 2**9 + 9
