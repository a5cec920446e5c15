-- `cuic sync otobo`: where each source table was read up to, and the state of a sync.

-- Per source table, the latest change_time (create_time for insert-only tables) that a
-- completed sync cycle saw. It is the source's own value (OTOBO stores local times
-- without a zone), compared only with the source's values again, never with cuic's.
CREATE TABLE sync_watermark (
    source       text NOT NULL,
    source_table text NOT NULL,
    change_time  timestamp NOT NULL,
    PRIMARY KEY (source, source_table)
);

CREATE TABLE sync_state (
    source            text PRIMARY KEY,
    -- While the first copy runs: the last source ticket id committed, so that an
    -- interrupted first copy resumes there. NULL once the first copy is complete.
    first_copy_after  bigint,
    synced_at         timestamptz,
    -- The last deletion check (an id comparison over the whole source, run less often).
    reconciled_at     timestamptz
);
