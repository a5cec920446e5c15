"""`cuic sync otobo` throughput: a first sync of N OTOBO tickets, then incremental cycles.

    uv run python bench/sync_rate.py --tickets 1000000

Builds an OTOBO database (the fixture schema of tests/sync, OTOBO's initial data, then
generated rows as OTOBO writes them: tickets in every state type with their NewTicket and
StateUpdate history, watchers, agents with group permissions, customer users with further
customer IDs) and an empty cuic database, both in a throwaway embedded PostgreSQL (or the
server of CUIC_DATABASE_URL). Prints the first sync's records/s, the seconds of an
incremental cycle with 100 changed tickets, and of the deletion check over all tickets.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from db.embedded import start_embedded
from db.migrate import apply_migrations
from db.sync import SyncOptions, run_cycle
from db.sync.otobo_pg import PgSource
from tests.sync.otobo import create_pg_otobo

QUEUES, AGENTS, COMPANIES = 50, 200, 10_000

# Ids after OTOBO's initial data: queues 5.., agents 2.., states as otobo-initial_insert.xml.
_FILL = """
INSERT INTO groups_table (name, valid_id, create_time, create_by, change_time, change_by)
SELECT 'group-' || g, 1, now(), 1, now(), 1 FROM generate_series(1, 10) g;
INSERT INTO queue (name, group_id, system_address_id, salutation_id, signature_id, follow_up_id, follow_up_lock,
                   valid_id, create_time, create_by, change_time, change_by)
SELECT 'Queue ' || g, 4 + g % 10, 1, 1, 1, 1, 0, 1, now(), 1, now(), 1 FROM generate_series(1, {queues}) g;
INSERT INTO users (login, pw, first_name, last_name, valid_id, create_time, create_by, change_time, change_by)
SELECT 'agent' || g, 'x', 'Agent', 'No ' || g, 1, now(), 1, now(), 1 FROM generate_series(1, {agents}) g;
INSERT INTO user_preferences (user_id, preferences_key, preferences_value)
SELECT id, 'UserEmail', login || '@example.com' FROM users WHERE id > 1;
INSERT INTO group_user (user_id, group_id, permission_key, create_time, create_by, change_time, change_by)
SELECT u.id, g.id, CASE WHEN u.id % 2 = 0 THEN 'rw' ELSE 'ro' END, now(), 1, now(), 1
FROM users u JOIN groups_table g ON g.id > 3 AND (u.id + g.id) % 3 = 0 WHERE u.id > 1;
INSERT INTO personal_queues (user_id, queue_id) SELECT id, 5 + id % {queues} FROM users WHERE id > 1;
INSERT INTO customer_company (customer_id, name, valid_id, create_time, create_by, change_time, change_by)
SELECT 'C' || g, 'Company ' || g, 1, t, 1, t, 1 FROM generate_series(0, {companies} - 1) g, {long_ago};
INSERT INTO customer_user (login, email, customer_id, first_name, last_name, valid_id,
                           create_time, create_by, change_time, change_by)
SELECT 'cu' || g, 'cu' || g || '@example.com', 'C' || g % {companies}, 'First', 'Last ' || g, 1, t, 1, t, 1
FROM generate_series(0, {users} - 1) g, {long_ago};
INSERT INTO customer_user_customer (user_id, customer_id, create_time, create_by, change_time, change_by)
SELECT 'cu' || g, 'C' || (g + 1) % {companies}, t, 1, t, 1 FROM generate_series(0, {users} - 1, 10) g, {long_ago};
INSERT INTO ticket (tn, title, queue_id, ticket_lock_id, type_id, user_id, responsible_user_id, ticket_priority_id,
                    ticket_state_id, customer_id, customer_user_id, timeout, until_time, escalation_time,
                    escalation_update_time, escalation_response_time, escalation_solution_time, archive_flag,
                    create_time, create_by, change_time, change_by)
SELECT 'B' || lpad(g::text, 9, '0'), 'Bench ticket ' || g, 5 + g % {queues}, CASE WHEN g % 7 = 0 THEN 2 ELSE 1 END, 1,
       2 + g % {agents}, 2 + (g * 7) % {agents}, 1 + g % 5, (ARRAY[1, 2, 3, 4, 4, 6, 7, 9])[1 + g % 8],
       'C' || (g % {users}) % {companies}, 'cu' || g % {users}, 0, 0,
       CASE WHEN g % 10 = 0 THEN extract(epoch FROM now())::integer + (g % 1000 - 500) * 3600 ELSE 0 END,
       0, 0, 0, 0, t, 1, t + interval '1 hour', 1
FROM generate_series(1, {tickets}) g, LATERAL (SELECT timestamp '2020-01-01' + g * interval '2 minutes' AS t) AS at;
INSERT INTO ticket_history (name, history_type_id, ticket_id, type_id, queue_id, owner_id, priority_id, state_id,
                            create_time, create_by, change_time, change_by)
SELECT '%%NewTicket', 1, id, 1, queue_id, user_id, ticket_priority_id, 1, create_time, 1, create_time, 1 FROM ticket;
INSERT INTO ticket_history (name, history_type_id, ticket_id, type_id, queue_id, owner_id, priority_id, state_id,
                            create_time, create_by, change_time, change_by)
SELECT '%%StateUpdate', 27, id, 1, queue_id, user_id, ticket_priority_id, ticket_state_id, change_time, 1,
       change_time, 1
FROM ticket WHERE ticket_state_id <> 1;
INSERT INTO ticket_watcher (ticket_id, user_id, create_time, create_by, change_time, change_by)
SELECT id, 2 + id % {agents}, create_time, 1, create_time, 1 FROM ticket WHERE id % 10 = 0;
"""

# 100 tickets change state now, as Ticket::TicketStateSet does it.
_CHANGE = """
WITH changed AS (
    UPDATE ticket SET ticket_state_id = 4, change_time = (now() AT TIME ZONE 'UTC')::timestamp(0), change_by = 1
    WHERE id IN (SELECT id FROM ticket WHERE ticket_state_id = 1 ORDER BY id LIMIT 100)
    RETURNING id, queue_id, user_id, ticket_priority_id
)
INSERT INTO ticket_history (name, history_type_id, ticket_id, type_id, queue_id, owner_id, priority_id, state_id,
                            create_time, create_by, change_time, change_by)
SELECT '%%StateUpdate', 27, id, 1, queue_id, user_id, ticket_priority_id, 4, at, 1, at, 1
FROM changed, LATERAL (SELECT (now() AT TIME ZONE 'UTC')::timestamp(0) AS at) AS stamp
"""


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


async def build(server_url: str, tickets: int, users: int) -> tuple[str, str]:
    admin = await asyncpg.connect(with_database(server_url, "postgres"))
    for name in ("otobo_bench", "cuic_sync_bench"):
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    await admin.close()
    otobo_url, cuic_url = with_database(server_url, "otobo_bench"), with_database(server_url, "cuic_sync_bench")
    otobo = await asyncpg.connect(otobo_url, server_settings={"timezone": "UTC"})
    started = time.perf_counter()
    await create_pg_otobo(otobo)
    long_ago = "LATERAL (SELECT timestamp '2019-06-01' + g * interval '1 minute' AS t) AS at"
    fill = _FILL.format(
        queues=QUEUES, agents=AGENTS, companies=COMPANIES, users=users, tickets=tickets, long_ago=long_ago
    )
    await otobo.execute(fill)
    await otobo.execute("ANALYZE")
    await otobo.close()
    print(f"OTOBO with {tickets:,} tickets, {users:,} customer users built in {time.perf_counter() - started:.0f} s")
    cuic = await asyncpg.connect(cuic_url)
    await apply_migrations(cuic)
    await cuic.close()
    return otobo_url, cuic_url


async def cycle(cuic_url: str, otobo_url: str, options: SyncOptions) -> tuple[float, int, int]:
    cuic = await asyncpg.connect(cuic_url)
    source = await PgSource.connect(otobo_url)
    started = time.perf_counter()
    report = await run_cycle(cuic, source, options)
    elapsed = time.perf_counter() - started
    await source.close()
    await cuic.close()
    return elapsed, report.records, report.changed.get("ticket", 0) + report.created.get("ticket", 0)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--customer-users", type=int, default=0, help="default: tickets / 10")
    args = parser.parse_args()
    users = args.customer_users or max(args.tickets // 10, 100)
    with tempfile.TemporaryDirectory(prefix="cuic-sync-bench-") as scratch:
        server_url = os.environ.get("CUIC_DATABASE_URL") or start_embedded(Path(scratch) / "data")
        otobo_url, cuic_url = await build(server_url, args.tickets, users)

        def progress(copied: int, total: int) -> None:
            if copied % 200_000 < 20_000:
                print(f"  {copied:,} / {total:,} tickets", flush=True)

        elapsed, records, _ = await cycle(cuic_url, otobo_url, SyncOptions(progress=progress))
        print(
            f"first sync: {records:,} records ({args.tickets:,} tickets) in {elapsed:.1f} s"
            f" = {records / elapsed:,.0f} records/s"
        )
        otobo = await asyncpg.connect(otobo_url)
        quiet = SyncOptions(reconcile_every=timedelta(days=1))
        elapsed, _, _ = await cycle(cuic_url, otobo_url, quiet)
        print(f"incremental cycle, nothing changed: {elapsed:.2f} s")
        await otobo.execute(_CHANGE)
        elapsed, _, changed = await cycle(cuic_url, otobo_url, quiet)
        print(f"incremental cycle, 100 tickets changed in OTOBO: {changed} tickets written in {elapsed:.2f} s")
        elapsed, _, _ = await cycle(cuic_url, otobo_url, SyncOptions(reconcile_every=timedelta(0)))
        print(f"cycle with the deletion check over all {args.tickets:,} tickets: {elapsed:.1f} s")
        await otobo.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
