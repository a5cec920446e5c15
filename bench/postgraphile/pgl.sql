-- PostGraphile's view of the cuic bench database: schema `pgl` only, created by
-- bench/postgraphile/setup (never by cuic's migrations). cuic's tables stay untouched.
--
-- Permissions: the equivalent of cuic's readable-queue filter. PostGraphile puts the
-- SHA-256 of the request's bearer token into the transaction setting `cuic.token_sha256`
-- (pgSettings); `pgl.viewer_*` resolve it to the agent, its readable queues and its chosen
-- queues inside the same statement, and every ticket view filters on them. A ticket the
-- viewer may not read is in no list or count, as in cuic.
DROP SCHEMA IF EXISTS pgl CASCADE;
CREATE SCHEMA pgl;

CREATE FUNCTION pgl.viewer_agent_id() RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT t.agent_id FROM public.api_token t
    WHERE t.token_hash = decode(nullif(current_setting('cuic.token_sha256', true), ''), 'hex')
      AND t.revoked_at IS NULL
$$;
CREATE FUNCTION pgl.viewer_readable_queue_ids() RETURNS integer[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(q.id), '{}') FROM public.agent_group g JOIN public.queue q ON q.group_id = g.group_id
    WHERE g.agent_id = pgl.viewer_agent_id()
$$;
CREATE FUNCTION pgl.viewer_my_queue_ids() RETURNS integer[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(queue_id), '{}') FROM public.agent_queue WHERE agent_id = pgl.viewer_agent_id()
$$;
COMMENT ON FUNCTION pgl.viewer_agent_id() IS '@behavior -*';
COMMENT ON FUNCTION pgl.viewer_readable_queue_ids() IS '@behavior -*';
COMMENT ON FUNCTION pgl.viewer_my_queue_ids() IS '@behavior -*';

CREATE VIEW pgl.customer_user AS SELECT * FROM public.customer_user;
COMMENT ON VIEW pgl.customer_user IS E'@primaryKey id\n@unique login';
CREATE VIEW pgl.customer_company AS SELECT * FROM public.customer_company;
COMMENT ON VIEW pgl.customer_company IS E'@primaryKey id\n@unique customer_id';
CREATE VIEW pgl.agent AS SELECT id, login, first_name, last_name, email FROM public.agent;
COMMENT ON VIEW pgl.agent IS '@primaryKey id';
CREATE VIEW pgl.queue AS SELECT id, name FROM public.queue;
COMMENT ON VIEW pgl.queue IS '@primaryKey id';
CREATE VIEW pgl.ticket_status AS SELECT id, name, category FROM public.ticket_status;
COMMENT ON VIEW pgl.ticket_status IS '@primaryKey id';
CREATE VIEW pgl.config_item AS SELECT * FROM public.config_item;
COMMENT ON VIEW pgl.config_item IS E'@primaryKey id\n@foreignKey (owner_id) references pgl.customer_user (id)|@fieldName owner|@foreignFieldName assignedConfigItems';

-- The five ticket widgets, one view each (the widget's rule in its WHERE); the user's
-- widget is the backward relation `<widget>Tickets` on CustomerUser, paged, ordered and
-- counted by PostGraphile itself.
DO $do$
DECLARE
    widget record;
BEGIN
    FOR widget IN SELECT * FROM (VALUES
        ('reminder', $w$t.status_category = 'PENDING' AND t.status_changed_at <= now() - interval '24 hours'$w$),
        ('escalated', $w$t.status_category IN ('NEW', 'IN_PROGRESS', 'PENDING') AND t.escalation_at <= now()$w$),
        ('new', $w$t.status_category = 'NEW'$w$),
        ('open', $w$t.status_category = 'IN_PROGRESS'$w$),
        ('closed', $w$t.status_category = 'CLOSED'$w$)
    ) AS w(name, rule) LOOP
        EXECUTE format(
            'CREATE VIEW pgl.%I AS SELECT t.* FROM public.ticket t
             WHERE %s AND t.queue_id = ANY ((SELECT pgl.viewer_readable_queue_ids())::integer[])',
            widget.name || '_ticket', widget.rule);
        EXECUTE format(
            'COMMENT ON VIEW pgl.%I IS %L', widget.name || '_ticket',
            concat_ws(E'\n',
                '@primaryKey id',
                '@foreignKey (customer_user_id) references pgl.customer_user (id)|@fieldName customerUser|@foreignFieldName ' || widget.name || 'Tickets',
                '@foreignKey (status_id) references pgl.ticket_status (id)|@fieldName status|@foreignFieldName ' || widget.name || 'Tickets',
                '@foreignKey (queue_id) references pgl.queue (id)|@fieldName queue|@foreignFieldName ' || widget.name || 'Tickets',
                '@foreignKey (owner_id) references pgl.agent (id)|@fieldName owner|@foreignFieldName owned' || initcap(widget.name) || 'Tickets',
                '@foreignKey (responsible_id) references pgl.agent (id)|@fieldName responsible|@foreignFieldName responsible' || initcap(widget.name) || 'Tickets'));
    END LOOP;
END $do$;

-- scopeCounts of a widget: one computed column per widget, all five counts in one pass.
CREATE TYPE pgl.scope_counts AS (
    "all" integer, my_locked integer, my_responsibilities integer, my_queues integer, my_watched integer
);
DO $do$
DECLARE
    widget text;
BEGIN
    FOREACH widget IN ARRAY ARRAY['reminder', 'escalated', 'new', 'open', 'closed'] LOOP
        EXECUTE format($f$
            CREATE FUNCTION pgl.customer_user_%1$s_ticket_scope_counts(u pgl.customer_user)
            RETURNS pgl.scope_counts LANGUAGE sql STABLE AS $body$
                SELECT count(*)::int,
                       (count(*) FILTER (WHERE t.locked AND t.owner_id = pgl.viewer_agent_id()))::int,
                       (count(*) FILTER (WHERE t.responsible_id = pgl.viewer_agent_id()))::int,
                       (count(*) FILTER (WHERE t.queue_id = ANY (pgl.viewer_my_queue_ids())))::int,
                       (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM public.ticket_watcher w
                            WHERE w.ticket_id = t.id AND w.agent_id = pgl.viewer_agent_id())))::int
                FROM pgl.%1$s_ticket t WHERE t.customer_user_id = u.id
            $body$$f$, widget);
    END LOOP;
END $do$;

-- Customer IDs widget: primary first, then the further IDs, with company and counts.
CREATE TYPE pgl.customer_id_summary AS (
    customer_id text, is_primary boolean, name text, in_progress_count integer, closed_count integer
);
CREATE FUNCTION pgl.customer_user_customer_ids(u pgl.customer_user)
RETURNS SETOF pgl.customer_id_summary LANGUAGE sql STABLE AS $$
    SELECT ids.customer_id, ids.is_primary, cc.name,
           (SELECT count(*) FROM public.ticket t WHERE t.customer_id = ids.customer_id
              AND t.status_category = 'IN_PROGRESS' AND t.queue_id = ANY (pgl.viewer_readable_queue_ids()))::int,
           (SELECT count(*) FROM public.ticket t WHERE t.customer_id = ids.customer_id
              AND t.status_category = 'CLOSED' AND t.queue_id = ANY (pgl.viewer_readable_queue_ids()))::int
    FROM (
        SELECT u.customer_id, true AS is_primary WHERE u.customer_id IS NOT NULL
        UNION
        SELECT x.customer_id, false FROM public.customer_user_customer_id x
        WHERE x.customer_user_id = u.id AND x.customer_id IS DISTINCT FROM u.customer_id
    ) ids
    LEFT JOIN public.customer_company cc ON cc.customer_id = ids.customer_id
    ORDER BY ids.is_primary DESC, ids.customer_id
$$;
COMMENT ON FUNCTION pgl.customer_user_customer_ids(pgl.customer_user) IS '@behavior -connection +list';

-- Customer Information widget: the company of the primary customer ID.
CREATE FUNCTION pgl.customer_user_customer(u pgl.customer_user)
RETURNS pgl.customer_company LANGUAGE sql STABLE AS $$
    SELECT c.* FROM pgl.customer_company c WHERE c.customer_id = u.customer_id
$$;
