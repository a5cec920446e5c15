"""The JSON Lines importer: a whole file or nothing, upserted by natural keys.

The modules: `fields` (the record types and their fields), `parsing` (checking a line),
`staging`, `upserts` and `bulk` (the SQL), `summary` (what an import reports) and `run`
(the transaction: `import_records`).

How it works, all in one transaction:

1. Stream: every line is parsed and checked in Python (JSON, type, fields, field types,
   timestamps with an offset, categories, priorities, permissions). Good records flow
   through ONE binary COPY into a TEMP staging table (partitioned by record type) that
   keeps each record's line number. asyncpg pulls the rows as it sends them, so the
   server stores rows while Python checks the next lines, and memory stays bounded (a
   COPY buffer) whatever the file's size.
2. Split the staging table into one typed TEMP table per record type; drop superseded
   duplicates (the last line with a key wins).
3. Check every reference with set-based SQL: a name is known when the database has it
   or the file defines it, so lines may refer to records further down.
4. Any bad line: roll back and raise `ImportFailed` (bad lines in line order, at most
   `MAX_REPORTED_ERRORS`). Nothing is written.
5. Otherwise, per type in dependency order: one UPDATE of the stored records that
   differ, one INSERT of the new ones, and the statements that replace sets, counting
   created / changed / unchanged records.

Choices:
- Unknown fields are errors (a misspelt optional field would otherwise vanish quietly).
- JSON null for an optional field means "absent"; for a required field, "missing".
- A record states its whole self: an absent optional field stores NULL (or its default),
  and list fields (agent groups and my_queues, ticket watchers, customer user
  customer_ids) replace the stored set. Repeats inside a list are ignored.
- Duplicate keys in one file: the last line wins; every line is still checked.
- A line referring to a record that only a *bad* line defines is reported too (bad
  lines are not staged).
- Timestamps: whatever ISO 8601 Python's datetime.fromisoformat reads, with an offset
  (Z, +09:00, ...); a timestamp without one is an error. They travel as exact integer
  microseconds.
- Updates and inserts are separate statements rather than INSERT ... ON CONFLICT, which
  draws a fresh identity value for every stored row on every import: ticket_status's
  smallint id would run out after a couple of thousand re-imports. Imports take an
  advisory lock, so two never interleave.
- For a superuser, tickets and config items skip the per-row foreign key triggers (see
  db.importer.bulk); other roles keep them, and import at about half the speed.
- Input reaches SQL only as COPY data; the SQL text here is built from constants.
"""

from __future__ import annotations

from db.importer.fields import RECORD_TYPES
from db.importer.run import PROGRESS_EVERY, import_records
from db.importer.summary import MAX_REPORTED_ERRORS, ImportFailed, ImportSummary

__all__ = ["MAX_REPORTED_ERRORS", "PROGRESS_EVERY", "RECORD_TYPES", "ImportFailed", "ImportSummary", "import_records"]
