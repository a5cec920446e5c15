"""`cuic sync otobo` on the command line: reports, errors on stderr, SIGTERM with --follow."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import asyncpg
import pytest

from db.sync.state import sync_lock
from tests.test_cli import cuic


def test_sync_then_sync_again(database_url: str, otobo_url: str, tickets: dict[str, int]) -> None:
    first = cuic(database_url, "sync", "otobo", "--source", otobo_url)
    assert first.returncode == 0, first.stderr
    assert "first copy: " in first.stdout and "ticket: 11 created, 0 changed, 0 deleted" in first.stdout
    again = cuic(database_url, "sync", "otobo", "--source", otobo_url)
    assert again.returncode == 0, again.stderr
    assert "sync: no changes" in again.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "postgresql://nobody@127.0.0.1:1/otobo"], "cuic: cannot connect to the OTOBO database"),
        (["--source", "oracle://host/otobo"], "cuic: --source: unsupported database URL scheme 'oracle'"),
        (
            ["--source", "postgresql://x/y", "--source-time-zone", "Mars/Olympus"],
            "--source-time-zone: unknown time zone",
        ),
    ],
)
def test_bad_arguments_exit_1_naming_the_argument(database_url: str, args: list[str], message: str) -> None:
    result = cuic(database_url, "sync", "otobo", *args)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_wrong_usage_exits_2(database_url: str) -> None:
    assert cuic(database_url, "sync", "otobo").returncode == 2  # no --source
    assert cuic(database_url, "sync", "otobo", "--source", "x", "--interval", "0").returncode == 2


async def test_busy_database_exits_1(
    database_url: str, otobo_url: str, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    async with sync_lock(connection):
        result = cuic(database_url, "sync", "otobo", "--source", otobo_url)
    assert result.returncode == 1 and "another sync is already running" in result.stderr


def test_follow_stops_cleanly_on_sigterm(database_url: str, otobo_url: str, tickets: dict[str, int]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "gql.cli", "sync", "otobo", "--source", otobo_url, "--follow", "--interval", "0.2"],
        env={**os.environ, "CUIC_DATABASE_URL": database_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # the first copy's report
        assert "first copy: " in line
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
