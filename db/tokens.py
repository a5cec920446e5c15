"""API tokens: random secrets handed to agents once; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from db.loaders.agents import AGENT_COLUMNS, widget_settings_of

TOKEN_PREFIX = "cuic_"
PREFIX_LENGTH = 12
MIN_REVOKE_PREFIX = 8


class TokenError(ValueError):
    """A token command cannot be carried out; the message says why."""


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class TokenInfo:
    agent_login: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


async def create_token(connection: asyncpg.Connection, agent_login: str, name: str = "") -> str:
    agent_id = await connection.fetchval("SELECT id FROM agent WHERE login = $1", agent_login)
    if agent_id is None:
        raise TokenError(f"no agent with login {agent_login!r}")
    token = new_token()
    await connection.execute(
        "INSERT INTO api_token (agent_id, name, token_hash, prefix) VALUES ($1, $2, $3, $4)",
        agent_id,
        name,
        hash_token(token),
        token[:PREFIX_LENGTH],
    )
    return token


async def list_tokens(connection: asyncpg.Connection) -> list[TokenInfo]:
    rows = await connection.fetch(
        """
        SELECT a.login, t.name, t.prefix, t.created_at, t.last_used_at
        FROM api_token t JOIN agent a ON a.id = t.agent_id
        WHERE t.revoked_at IS NULL
        ORDER BY a.login, t.created_at, t.id
        """
    )
    return [TokenInfo(r["login"], r["name"], r["prefix"], r["created_at"], r["last_used_at"]) for r in rows]


async def revoke_token(connection: asyncpg.Connection, prefix: str) -> TokenInfo:
    """Revoke the one live token starting with `prefix`; refuse a prefix matching none or several."""
    if len(prefix) < MIN_REVOKE_PREFIX:
        raise TokenError(f"the prefix must have at least {MIN_REVOKE_PREFIX} characters")
    stored_prefix = prefix[:PREFIX_LENGTH]
    async with connection.transaction():
        rows = await connection.fetch(
            """
            SELECT t.id, t.token_hash, a.login, t.name, t.prefix, t.created_at, t.last_used_at
            FROM api_token t JOIN agent a ON a.id = t.agent_id
            WHERE t.revoked_at IS NULL AND starts_with(t.prefix, $1)
            FOR UPDATE OF t
            """,
            stored_prefix,
        )
        if len(prefix) > PREFIX_LENGTH:
            # Longer than the stored prefix: only the whole token can be checked, by its hash.
            rows = [row for row in rows if row["token_hash"] == hash_token(prefix)]
        if not rows:
            raise TokenError(f"no token starts with {prefix!r}")
        if len(rows) > 1:
            raise TokenError(f"{len(rows)} tokens start with {prefix!r}; give a longer prefix")
        row = rows[0]
        await connection.execute("UPDATE api_token SET revoked_at = now() WHERE id = $1", row["id"])
    return TokenInfo(row["login"], row["name"], row["prefix"], row["created_at"], row["last_used_at"])


async def viewer_by_token(pool: asyncpg.Pool, token: str) -> asyncpg.Record | None:
    """The agent behind a live token, with the queues it may read and has chosen; None when
    the token is unknown or revoked.

    Records the token's use (`last_used_at`, at most once a minute) in the same statement,
    which is why this runs on the primary and is not a loader. The agent's widget settings
    come along (`viewer_widget_settings`, to prime the loader): read on the primary, an
    agent sees their own change on the next request even while a read replica lags.
    """
    async with pool.acquire() as connection:
        row: asyncpg.Record | None = await connection.fetchrow(
            f"""
            WITH live AS (
                SELECT id, agent_id, last_used_at FROM api_token
                WHERE token_hash = $1 AND revoked_at IS NULL
            ), touched AS (
                UPDATE api_token a SET last_used_at = now() FROM live
                WHERE a.id = live.id
                  AND (live.last_used_at IS NULL OR live.last_used_at < now() - interval '1 minute')
            )
            SELECT {AGENT_COLUMNS},
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
