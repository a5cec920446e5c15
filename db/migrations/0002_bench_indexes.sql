-- Indexes the million-ticket bench showed missing (bench/README.md, bench/results/plans).

-- All scope counts of a ticket widget in one index-only pass: every column a widget rule
-- or a scope filter reads is in the index, so counting a heavy customer user's 20 000
-- tickets touches no heap page (the watcher scope probes ticket_watcher by id).
CREATE INDEX ticket_user_counts_idx ON ticket (customer_user_id, status_category)
    INCLUDE (queue_id, locked, owner_id, responsible_id, status_changed_at, escalation_at, id);

-- `customerUsers(search:)`: a trigram index over everything the search matches, used as a
-- prefilter (the exact per-field conditions still decide), and the further customer IDs.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customer_user_search_trgm_idx ON customer_user USING gin (
    (login || ' ' || first_name || ' ' || last_name || ' ' || last_name || ' ' || first_name || ' '
     || coalesce(email, '') || ' ' || coalesce(customer_id, '')) gin_trgm_ops);
CREATE INDEX customer_user_customer_id_trgm_idx ON customer_user_customer_id USING gin (customer_id gin_trgm_ops);

-- The Escalated widget's counts: its partial index, covering the scope columns too.
CREATE INDEX ticket_user_escalation_counts_idx ON ticket (customer_user_id, escalation_at)
    INCLUDE (queue_id, locked, owner_id, responsible_id, id)
    WHERE escalation_at IS NOT NULL AND status_category IN ('NEW', 'IN_PROGRESS', 'PENDING');
