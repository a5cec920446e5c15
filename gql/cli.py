"""The `cuic` command: a thin shell over functions in db/ and gql/."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

import asyncpg

from db.config import ConfigError, Settings, load_settings
from db.database import database_url, is_empty, run_job
from db.embedded import EmbeddedDatabaseError
from db.migrate import apply_migrations

if TYPE_CHECKING:
    from db.importer import ImportSummary


class CommandError(Exception):
    """Bad input to a command: printed on stderr, exit status 1."""


class _Progress:
    """A one-line progress display on a terminal; silent otherwise."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.started = time.monotonic()

    def __call__(self, lines: int) -> None:
        if self.enabled:
            rate = lines / max(time.monotonic() - self.started, 1e-6)
            sys.stderr.write(f"\r{lines:>12,} lines read  ({rate:,.0f} lines/s)")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    applied = run_job(database_url(settings), apply_migrations)
    print(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from db.importer import ImportFailed, import_records

    url = database_url(settings)
    run_job(url, apply_migrations)
    if args.file == "-":
        stream: IO[str] = sys.stdin
    else:
        try:
            stream = open(args.file, encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
    progress = _Progress()
    try:
        summary = run_job(url, lambda c: import_records(c, stream, dry_run=args.dry_run, progress=progress))
    except ImportFailed as failure:
        progress.done()
        for message in failure.errors:
            print(message, file=sys.stderr)
        print(f"nothing imported: {failure.total_errors} bad line(s)", file=sys.stderr)
        return 1
    except UnicodeDecodeError as error:
        raise CommandError(f"{args.file} is not UTF-8 text: {error.reason}") from None
    finally:
        if stream is not sys.stdin:
            stream.close()
    progress.done()
    if args.dry_run:
        print("dry run: nothing was written; the import would do this:")
    for line in summary.lines():
        print(line)
    return 0


def load_demo_data(url: str, customer_users: int) -> ImportSummary:
    from db.demo import load_demo

    return run_job(url, lambda connection: load_demo(connection, customer_users=customer_users))


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    url = database_url(settings)
    run_job(url, apply_migrations)
    if not run_job(url, is_empty):
        raise CommandError("the database already holds data; demo data goes into an empty database only")
    started = time.monotonic()
    summary = load_demo_data(url, args.customer_users)
    for line in summary.lines():
        print(line)
    print(f"demo data loaded in {time.monotonic() - started:.1f} s")
    return 0


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    from db import tokens

    url = database_url(settings)
    run_job(url, apply_migrations)
    try:
        if args.token_command == "create":
            token = run_job(url, lambda c: tokens.create_token(c, args.agent_login, args.name, args.scope))
            print(f"{args.scope} token for agent {args.agent_login} (shown once; only its hash is stored):")
            print(token)
        elif args.token_command == "list":
            rows = run_job(url, tokens.list_tokens)
            print(f"{'AGENT':<16} {'NAME':<16} {'PREFIX':<14} {'SCOPE':<7} {'CREATED':<26} LAST USED")
            for info in rows:
                last_used = info.last_used_at.isoformat(timespec="seconds") if info.last_used_at else "never"
                created = info.created_at.isoformat(timespec="seconds")
                who = f"{info.agent_login:<16} {info.name:<16} {info.prefix:<14} {info.scope:<7}"
                print(f"{who} {created:<26} {last_used}")
        else:
            info = run_job(url, lambda c: tokens.revoke_token(c, args.prefix))
            print(f"revoked token {info.prefix}… of agent {info.agent_login}")
            if info.unchecked:
                print(
                    f"(found by its first {tokens.PREFIX_LENGTH} characters: the {info.unchecked} after them"
                    " could not be checked, as only those and a hash of the whole token are stored)"
                )
    except tokens.TokenError as error:
        raise CommandError(str(error)) from None
    return 0


def cmd_persisted_queries(args: argparse.Namespace, settings: Settings) -> int:
    from db.persisted_queries import store_manifest
    from gql.manifest import ManifestError, load_manifest

    try:
        entries = load_manifest(Path(args.file))
    except ManifestError as error:
        raise CommandError(f"{args.file}: {error}") from None
    url = database_url(settings)
    run_job(url, apply_migrations)
    added, present = run_job(url, lambda c: store_manifest(c, entries))
    print(f"imported {added + present} document(s) from {args.file}: {added} new, {present} already there")
    return 0


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from gql.schema import export_sdl

    sdl = export_sdl()
    if args.path == "-":
        sys.stdout.write(sdl)
    else:
        try:
            Path(args.path).write_text(sdl, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write {args.path}: {error.strerror}") from None
        print(f"wrote {args.path}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from gql.serve import cmd_serve as serve

    return serve(args, settings)


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from db.sync import SourceError, SyncError
    from db.sync.command import sync_otobo

    url = database_url(settings)
    run_job(url, apply_migrations)
    try:
        sync_otobo(
            url,
            args.source,
            follow=args.follow,
            interval=args.interval,
            dry_run=args.dry_run,
            time_zone=args.source_time_zone,
        )
    except (SyncError, SourceError) as error:
        raise CommandError(str(error)) from None
    return 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text}")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _token_scopes() -> tuple[str, ...]:
    from db.tokens import SCOPES

    return SCOPES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cuic", description="Customer User Information Center GraphQL API")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="apply migrations and serve /graphql")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_positive, default=8000)
    serve.add_argument("--workers", type=_positive, default=1)
    serve.set_defaults(handler=cmd_serve)

    commands.add_parser("migrate", help="apply pending migrations").set_defaults(handler=cmd_migrate)

    importer = commands.add_parser("import", help="import JSON Lines from FILE or - (standard input)")
    importer.add_argument("file", metavar="FILE")
    importer.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    importer.set_defaults(handler=cmd_import)

    demo = commands.add_parser("demo", help="fill an empty database with demo data")
    demo.add_argument("--customer-users", type=_positive, default=200, metavar="N")
    demo.set_defaults(handler=cmd_demo)

    token = commands.add_parser("token", help="create, list and revoke API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = token_commands.add_parser("create", help="print a new token for an agent")
    create.add_argument("agent_login", metavar="AGENT_LOGIN")
    create.add_argument("--name", default="", help="a label shown by `token list`")
    create.add_argument(
        "--scope",
        choices=_token_scopes(),
        default="read",
        help="read: query and subscribe at /graphql (default); ingest: post records to /ingest",
    )
    token_commands.add_parser("list", help="list live tokens")
    revoke = token_commands.add_parser("revoke", help="revoke the token starting with PREFIX")
    revoke.add_argument("prefix", metavar="TOKEN_PREFIX")
    token.set_defaults(handler=cmd_token)

    persisted = commands.add_parser("persisted-queries", help="import a client's persisted-query manifest")
    persisted_commands = persisted.add_subparsers(dest="persisted_command", required=True, metavar="ACTION")
    manifest = persisted_commands.add_parser(
        "import", help="store FILE's documents (Apollo persisted-query manifest or Relay map) for every server"
    )
    manifest.add_argument("file", metavar="FILE")
    persisted.set_defaults(handler=cmd_persisted_queries)

    sync = commands.add_parser("sync", help="keep cuic current from a helpdesk database")
    sync_sources = sync.add_subparsers(dest="sync_source", required=True, metavar="SOURCE")
    otobo = sync_sources.add_parser("otobo", help="read an OTOBO or Znuny database (read-only)")
    otobo.add_argument("--source", required=True, metavar="URL", help="postgresql://… of the OTOBO database")
    otobo.add_argument("--follow", action="store_true", help="keep syncing until stopped (SIGTERM)")
    otobo.add_argument("--interval", type=_seconds, default=10.0, metavar="S", help="seconds between cycles")
    otobo.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    otobo.add_argument("--source-time-zone", default="UTC", metavar="TZ", help="OTOBOTimeZone (default UTC)")
    sync.set_defaults(handler=cmd_sync)

    export = commands.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("path", nargs="?", default="schema.graphql", metavar="PATH")
    export.set_defaults(handler=cmd_export_schema)
    _remember_command_parsers(parser)
    return parser


def _remember_command_parsers(parser: argparse.ArgumentParser) -> None:
    """Each command's parser puts itself in the namespace: arguments left over are then refused
    with that command's usage rather than the top-level one."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command_parser in action.choices.values():
                command_parser.set_defaults(command_parser=command_parser)
                _remember_command_parsers(command_parser)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, left_over = parser.parse_known_args(argv)
    if left_over:
        getattr(args, "command_parser", parser).error(f"unrecognized arguments: {' '.join(left_over)}")
    try:
        settings = load_settings()
        result: int = args.handler(args, settings)
        return result
    except (CommandError, ConfigError, EmbeddedDatabaseError) as error:
        print(f"cuic: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        if error.filename is not None:  # a file of the command's, not the database connection
            print(f"cuic: {error.filename}: {error.strerror}", file=sys.stderr)
        else:
            print(f"cuic: database error: {error}", file=sys.stderr)
        return 1
    except asyncpg.PostgresError as error:
        print(f"cuic: database error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    # `python -m gql.cli` runs this file as `__main__`, a second copy of the module: run the
    # imported `gql.cli`, whose CommandError is the one gql.serve raises.
    from gql.cli import run as run_cli

    run_cli()
