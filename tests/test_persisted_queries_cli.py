"""`cuic persisted-queries import FILE`: a client's manifest stored for every server."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import asyncpg

from tests.test_cli import cuic

ME = "query Me { viewer { login } }"
ME_ID = hashlib.sha256(ME.encode()).hexdigest()


async def test_import_apollo_then_relay(database_url: str, connection: asyncpg.Connection, tmp_path: Path) -> None:
    manifest = tmp_path / "apollo.json"
    manifest.write_text(
        json.dumps(
            {
                "format": "apollo-persisted-query-manifest",
                "version": 1,
                "operations": [{"id": ME_ID, "name": "Me", "type": "query", "body": ME}],
            }
        )
    )
    first = cuic(database_url, "persisted-queries", "import", str(manifest))
    assert first.returncode == 0, first.stderr
    assert "1 new, 0 already there" in first.stdout
    other = "{ widgets { key } }"
    relay = tmp_path / "relay.json"
    relay.write_text(json.dumps({ME_ID: ME, hashlib.sha256(other.encode()).hexdigest(): other}))
    second = cuic(database_url, "persisted-queries", "import", str(relay))
    assert second.returncode == 0, second.stderr
    assert "imported 2 document(s)" in second.stdout and "1 new, 1 already there" in second.stdout
    rows = await connection.fetch("SELECT sha256, source, operation_name FROM persisted_query ORDER BY operation_name")
    assert [(r["source"], r["operation_name"]) for r in rows] == [("manifest", "Me"), ("manifest", None)]


def test_bad_manifest_names_the_entry_and_imports_nothing(database_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({ME_ID: ME, "0" * 64: "{ viewer { login } }"}))
    result = cuic(database_url, "persisted-queries", "import", str(bad))
    assert result.returncode == 1
    assert f"{bad}: entry '{'0' * 64}': the id is not the SHA-256 of the document" in result.stderr
    assert "Traceback" not in result.stderr
    missing = cuic(database_url, "persisted-queries", "import", str(tmp_path / "none.json"))
    assert missing.returncode == 1 and "cannot read it" in missing.stderr
