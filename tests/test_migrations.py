import asyncpg

from db.migrate import apply_migrations, latest_version, migrations_current


async def test_template_is_migrated_and_rerun_applies_nothing(connection: asyncpg.Connection) -> None:
    assert await migrations_current(connection)
    assert await apply_migrations(connection) == []
    versions = await connection.fetch("SELECT version FROM schema_migration ORDER BY version")
    assert versions[-1]["version"] == latest_version()


async def test_migrations_from_empty_database(server_url: str) -> None:
    from tests.conftest import with_database

    admin = await asyncpg.connect(with_database(server_url, "postgres"))
    await admin.execute("DROP DATABASE IF EXISTS cuic_test_empty WITH (FORCE)")
    await admin.execute("CREATE DATABASE cuic_test_empty")
    try:
        connection = await asyncpg.connect(with_database(server_url, "cuic_test_empty"))
        try:
            assert not await migrations_current(connection)
            applied = await apply_migrations(connection)
            assert applied and applied[-1] == latest_version()
            assert await migrations_current(connection)
            statuses = await connection.fetchval("SELECT count(*) FROM ticket_status")
            assert statuses == 14
        finally:
            await connection.close()
    finally:
        await admin.execute("DROP DATABASE IF EXISTS cuic_test_empty WITH (FORCE)")
        await admin.close()


async def test_status_category_check_matches_the_python_enum(connection: asyncpg.Connection) -> None:
    from db.catalog import StatusCategory

    for category in StatusCategory:
        await connection.execute(
            "INSERT INTO ticket_status (name, category) VALUES ($1, $2)", f"x_{category}", category.value
        )
    try:
        await connection.execute("INSERT INTO ticket_status (name, category) VALUES ('bad', 'NOPE')")
    except asyncpg.CheckViolationError:
        pass
    else:
        raise AssertionError("unknown category accepted")
