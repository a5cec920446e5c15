"""The `cuic` command line: exit codes 0/1/2 and messages, never a traceback."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from gql import cli
from tests.api import dataset


def cuic(database_url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CUIC_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "gql.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_import_file_twice_then_tokens(database_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in dataset.records()) + "\n", encoding="utf-8")
    first = cuic(database_url, "import", str(data))
    assert first.returncode == 0, first.stderr
    assert "ticket: 28 created" in first.stdout
    second = cuic(database_url, "import", "-", stdin=data.read_text(encoding="utf-8"))
    assert second.returncode == 0
    assert "ticket: 0 created, 0 changed, 28 unchanged" in second.stdout

    created = cuic(database_url, "token", "create", "alice", "--name", "laptop")
    assert created.returncode == 0
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("cuic_") and len(token) > 40
    listed = cuic(database_url, "token", "list")
    assert "alice" in listed.stdout and token[:12] in listed.stdout and token not in listed.stdout
    assert cuic(database_url, "token", "revoke", token[:10]).returncode == 0
    again = cuic(database_url, "token", "revoke", token[:10])
    assert again.returncode == 1 and "no live token starts with" in again.stderr


def test_revoke_by_a_prefix_longer_than_the_stored_one(database_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in dataset.records()) + "\n", encoding="utf-8")
    assert cuic(database_url, "import", str(data)).returncode == 0
    token = cuic(database_url, "token", "create", "alice").stdout.strip().splitlines()[-1]
    revoked = cuic(database_url, "token", "revoke", token[:20])
    assert revoked.returncode == 0, revoked.stderr
    assert f"revoked token {token[:12]}… of agent alice" in revoked.stdout
    # It says what it could not check.
    assert "the 8 after them could not be checked" in revoked.stdout
    assert token[:12] not in cuic(database_url, "token", "list").stdout


def test_bad_import_names_the_line_and_exits_1(database_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "queue", "name": "Q", "group": "g"}\n{oops\n', encoding="utf-8")
    result = cuic(database_url, "import", str(bad))
    assert result.returncode == 1
    assert "line 2: not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    dry = cuic(database_url, "import", "--dry-run", "-", stdin='{"type": "queue", "name": "Q", "group": "g"}\n')
    assert dry.returncode == 0 and "queue: 1 created" in dry.stdout and "dry run" in dry.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["import", "/no/such/file.jsonl"], 1, "cannot read"),
        (["token", "create", "nobody"], 1, "no agent"),
        (["token", "revoke", "short"], 1, "at least 8"),
        (["demo", "--customer-users", "zero"], 2, "not an integer"),
        (["frobnicate"], 2, "invalid choice"),
        ([], 2, "required"),
        (["export-schema", "/no/such/dir/x.graphql"], 1, "cuic: cannot write /no/such/dir/x.graphql: No such file"),
        (
            ["export-schema", "a", "b"],
            2,
            "usage: cuic export-schema [-h] [PATH]\ncuic export-schema: error: unrecognized arguments: b",
        ),
        (["token", "revoke", "cuic_abcdefgh", "more"], 2, "usage: cuic token revoke [-h] TOKEN_PREFIX\n"),
        (["serve", "--frobnicate"], 2, "usage: cuic serve"),
    ],
)
def test_wrong_input_and_usage(database_url: str, args: list[str], code: int, message: str) -> None:
    result = cuic(database_url, *args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_export_schema(database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    assert cuic(database_url, "export-schema", str(target)).returncode == 0
    assert "type CustomerUser implements Node" in target.read_text(encoding="utf-8")


def test_serve_on_a_port_in_use_says_so_before_printing_anything(database_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cuic(database_url, "serve", "--port", str(port))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"cuic: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_a_file_error_is_not_called_a_database_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fails(_args: object, _settings: object) -> int:
        raise PermissionError(13, "Permission denied", "/data/demo-token")

    monkeypatch.setattr(cli, "cmd_migrate", fails)
    assert cli.main(["migrate"]) == 1
    assert capsys.readouterr().err == "cuic: /data/demo-token: Permission denied\n"


def test_token_scopes(database_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in dataset.records()) + "\n", encoding="utf-8")
    assert cuic(database_url, "import", str(data)).returncode == 0
    hook = cuic(database_url, "token", "create", "alice", "--name", "hook", "--scope", "ingest")
    assert hook.returncode == 0, hook.stderr
    assert hook.stdout.startswith("ingest token for agent alice")
    reader = cuic(database_url, "token", "create", "bob")
    assert reader.stdout.startswith("read token for agent bob")
    listed = cuic(database_url, "token", "list").stdout.splitlines()
    assert listed[0].split()[:4] == ["AGENT", "NAME", "PREFIX", "SCOPE"]
    assert listed[1].split()[:2] == ["alice", "hook"] and listed[1].split()[3] == "ingest"
    assert listed[2].split()[0] == "bob" and listed[2].split()[2] == "read"
    wrong = cuic(database_url, "token", "create", "alice", "--scope", "write")
    assert wrong.returncode == 2 and "invalid choice: 'write'" in wrong.stderr
