"""API tokens: only hashes stored, prefixes, revocation."""

import asyncpg
import pytest

from db.tokens import (
    PREFIX_LENGTH,
    TOKEN_LENGTH,
    TokenError,
    create_token,
    hash_token,
    list_tokens,
    revoke_token,
    token_is_live,
)


@pytest.fixture
async def agents(connection: asyncpg.Connection) -> None:
    await connection.execute(
        "INSERT INTO agent (login, first_name, last_name) VALUES ('alice', 'Alice', 'A'), ('bob', 'Bob', 'B')"
    )


async def test_only_the_hash_is_stored(connection: asyncpg.Connection, agents: None) -> None:
    token = await create_token(connection, "alice", "laptop")
    rows = await connection.fetch("SELECT * FROM api_token")
    assert len(rows) == 1
    assert bytes(rows[0]["token_hash"]) == hash_token(token)
    assert rows[0]["prefix"] == token[:PREFIX_LENGTH]
    stored = " ".join(str(value) for value in rows[0].values())
    assert token not in stored
    assert len(token) >= 40


async def test_unknown_agent_is_refused(connection: asyncpg.Connection) -> None:
    with pytest.raises(TokenError, match="no agent"):
        await create_token(connection, "nobody")


async def test_revoke_by_prefix(connection: asyncpg.Connection, agents: None) -> None:
    alice = await create_token(connection, "alice")
    bob = await create_token(connection, "bob")
    info = await revoke_token(connection, alice[:10])
    assert info.agent_login == "alice"
    assert [t.agent_login for t in await list_tokens(connection)] == ["bob"]
    with pytest.raises(TokenError, match="no live token starts with"):
        await revoke_token(connection, alice[:10])
    with pytest.raises(TokenError, match="at least 8"):
        await revoke_token(connection, bob[:7])
    # The whole token works as a prefix too, checked against its hash.
    assert (await revoke_token(connection, bob)).agent_login == "bob"


async def test_ambiguous_prefix_is_refused_and_wildcards_are_literal(
    connection: asyncpg.Connection, agents: None
) -> None:
    for prefix, secret in (("cuic_AAAAAAA", b"1"), ("cuic_AAAAAAB", b"2")):
        await connection.execute(
            """INSERT INTO api_token (agent_id, token_hash, prefix)
               SELECT id, sha256($1), $2 FROM agent WHERE login = 'alice'""",
            secret,
            prefix,
        )
    with pytest.raises(TokenError, match="2 live tokens start with 'cuic_AAAAAA'; give a longer prefix"):
        await revoke_token(connection, "cuic_AAAAAA")
    with pytest.raises(TokenError, match="no live token starts with"):
        await revoke_token(connection, "cuic_AA%")
    assert (await revoke_token(connection, "cuic_AAAAAAB")).prefix == "cuic_AAAAAAB"
    assert len(await list_tokens(connection)) == 1


@pytest.mark.parametrize("length", [PREFIX_LENGTH + 1, 20, TOKEN_LENGTH - 1])
async def test_a_true_prefix_longer_than_the_stored_one_revokes(
    connection: asyncpg.Connection, agents: None, length: int
) -> None:
    alice = await create_token(connection, "alice")
    bob = await create_token(connection, "bob")
    revoked = await revoke_token(connection, alice[:length])
    assert revoked.agent_login == "alice"
    # Only the stored characters identified it; the rest of the prefix could not be checked.
    assert revoked.unchecked == length - PREFIX_LENGTH
    assert not await token_is_live(connection, alice) and await token_is_live(connection, bob)
    with pytest.raises(TokenError, match=f"no live token starts with '{alice[:PREFIX_LENGTH]}…'"):
        await revoke_token(connection, alice[:length])


async def test_the_whole_token_is_checked_by_its_hash(connection: asyncpg.Connection, agents: None) -> None:
    alice = await create_token(connection, "alice")
    typo = alice[:-1] + ("A" if alice[-1] != "A" else "B")
    with pytest.raises(TokenError, match="no live token is"):
        await revoke_token(connection, typo)
    assert await token_is_live(connection, alice)
    assert (await revoke_token(connection, alice)).unchecked == 0
    assert not await token_is_live(connection, alice)


async def test_a_longer_prefix_shared_by_two_tokens_asks_for_the_whole_token(
    connection: asyncpg.Connection, agents: None
) -> None:
    for secret in (b"1", b"2"):
        await connection.execute(
            """INSERT INTO api_token (agent_id, token_hash, prefix)
               SELECT id, sha256($1), 'cuic_SAMEPRE' FROM agent WHERE login = 'alice'""",
            secret,
        )
    with pytest.raises(TokenError, match="2 live tokens start with 'cuic_SAMEPRE…'; give the whole token"):
        await revoke_token(connection, "cuic_SAMEPREFIX-and-more")
    assert len(await list_tokens(connection)) == 2
