"""API tokens: random secrets handed to agents once; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from db.changes import Change, announce
from db.loaders.agents import AGENT_COLUMNS, widget_settings_of

TOKEN_PREFIX = "cuic_"
PREFIX_LENGTH = 12
MIN_REVOKE_PREFIX = 8

# What a token may do (migration 0005): `read` queries and subscribes at /graphql, `ingest`
# posts helpdesk records to /ingest. Neither may do the other's work.
READ = "read"
INGEST = "ingest"
SCOPES = (READ, INGEST)


class TokenError(ValueError):
    """A token command cannot be carried out; the message says why."""


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


TOKEN_LENGTH = len(new_token())


@dataclass(frozen=True)
class TokenInfo:
    agent_login: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    scope: str = READ


@dataclass(frozen=True)
class RevokedToken(TokenInfo):
    # The characters of the given prefix after the stored ones, which nothing could check.
    unchecked: int = 0


async def create_token(connection: asyncpg.Connection, agent_login: str, name: str = "", scope: str = READ) -> str:
    if scope not in SCOPES:
        raise TokenError(f"unknown scope {scope!r} (known: {', '.join(SCOPES)})")
    agent_id = await connection.fetchval("SELECT id FROM agent WHERE login = $1", agent_login)
    if agent_id is None:
        raise TokenError(f"no agent with login {agent_login!r}")
    token = new_token()
    await connection.execute(
        "INSERT INTO api_token (agent_id, name, token_hash, prefix, scope) VALUES ($1, $2, $3, $4, $5)",
        agent_id,
        name,
        hash_token(token),
        token[:PREFIX_LENGTH],
        scope,
    )
    return token


async def list_tokens(connection: asyncpg.Connection) -> list[TokenInfo]:
    rows = await connection.fetch(
        """
        SELECT a.login, t.name, t.prefix, t.created_at, t.last_used_at, t.scope
        FROM api_token t JOIN agent a ON a.id = t.agent_id
        WHERE t.revoked_at IS NULL
        ORDER BY a.login, t.created_at, t.id
        """
    )
    return [TokenInfo(r["login"], r["name"], r["prefix"], r["created_at"], r["last_used_at"], r["scope"]) for r in rows]


async def token_is_live(connection: asyncpg.Connection, token: str) -> bool:
    """Whether `token` would authenticate: known by its hash and not revoked."""
    return bool(
        await connection.fetchval(
            "SELECT EXISTS (SELECT 1 FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL)",
            hash_token(token),
        )
    )


async def revoke_token(connection: asyncpg.Connection, prefix: str) -> RevokedToken:
    """Revoke the one live token starting with `prefix`; refuse a prefix matching none or several.

    Only a token's first PREFIX_LENGTH characters and its hash are stored, so a longer text is
    checked as far as that allows: the whole token by its hash, and a longer prefix by its
    first PREFIX_LENGTH characters only (the characters after them are secret, and storing
    anything derived from them, even a hash of a slightly longer prefix, would give them away).
    """
    if len(prefix) < MIN_REVOKE_PREFIX:
        raise TokenError(f"the prefix must have at least {MIN_REVOKE_PREFIX} characters")
    stored_prefix = prefix[:PREFIX_LENGTH]
    async with connection.transaction():
        rows = await connection.fetch(
            """
            SELECT t.id, t.agent_id, t.token_hash, a.login, t.name, t.prefix, t.created_at, t.last_used_at, t.scope
            FROM api_token t JOIN agent a ON a.id = t.agent_id
            WHERE t.revoked_at IS NULL AND starts_with(t.prefix, $1)
            FOR UPDATE OF t
            """,
            stored_prefix,
        )
        shown = stored_prefix + ("…" if len(prefix) > PREFIX_LENGTH else "")
        whole = [row for row in rows if bytes(row["token_hash"]) == hash_token(prefix)]
        if whole:
            rows = whole
        elif len(prefix) >= TOKEN_LENGTH:
            # As long as a whole token but not one: a typo, or a token revoked already.
            raise TokenError(f"no live token is {shown!r} (checked against the stored hashes)")
        if not rows:
            raise TokenError(f"no live token starts with {shown!r}")
        if len(rows) > 1:
            more = "the whole token" if len(prefix) >= PREFIX_LENGTH else "a longer prefix"
            raise TokenError(f"{len(rows)} live tokens start with {shown!r}; give {more}")
        row = rows[0]
        await connection.execute("UPDATE api_token SET revoked_at = now() WHERE id = $1", row["id"])
        # The agent's live subscriptions look again, and end when their token was this one.
        await announce(connection, Change(agents=frozenset({row["agent_id"]})))
    unchecked = 0 if whole else max(len(prefix) - PREFIX_LENGTH, 0)
    return RevokedToken(
        row["login"], row["name"], row["prefix"], row["created_at"], row["last_used_at"], row["scope"], unchecked
    )


async def viewer_by_token(pool: asyncpg.Pool, token: str) -> asyncpg.Record | None:
    """The agent behind a live token, with the queues it may read and has chosen, and the
    token's `token_scope`; None when the token is unknown or revoked.

    Records the token's use (`last_used_at`, at most once a minute) in the same statement,
    which is why this runs on the primary and is not a loader. The agent's widget settings
    come along (`viewer_widget_settings`, to prime the loader): read on the primary, an
    agent sees their own change on the next request even while a read replica lags.
    """
    async with pool.acquire() as connection:
        row: asyncpg.Record | None = await connection.fetchrow(
            f"""
            WITH live AS (
                SELECT id, agent_id, last_used_at, scope FROM api_token
                WHERE token_hash = $1 AND revoked_at IS NULL
            ), touched AS (
                UPDATE api_token a SET last_used_at = now() FROM live
                WHERE a.id = live.id
                  AND (live.last_used_at IS NULL OR live.last_used_at < now() - interval '1 minute')
            )
            SELECT {AGENT_COLUMNS}, live.scope AS token_scope,
                array(SELECT q.id FROM agent_group g JOIN queue q ON q.group_id = g.group_id
                      WHERE g.agent_id = ag.id ORDER BY q.id) AS readable_queue_ids,
                array(SELECT aq.queue_id FROM agent_queue aq
                      WHERE aq.agent_id = ag.id ORDER BY aq.queue_id) AS my_queue_ids,
                {widget_settings_of("ag.id")}
            FROM live JOIN agent ag ON ag.id = live.agent_id
            """,
            hash_token(token),
        )
    return row
