-- Persisted queries, shared by every worker and host: the SHA-256 of a document (lowercase
-- hex, as clients send it) and the document, written once. Each worker keeps an LRU in front.
--   source 'client':   registered by a client (automatic persisted queries). Bounded and
--                      expiring: rows unused for CUIC_PERSISTED_QUERIES_TTL_DAYS, and the
--                      least recently used beyond CUIC_PERSISTED_QUERIES_MAX, are deleted.
--   source 'manifest': imported by `cuic persisted-queries import`; never expire, and the
--                      only ones that run under CUIC_PERSISTED_QUERIES=only.
CREATE TABLE persisted_query (
    sha256         text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    document       text NOT NULL,
    source         text NOT NULL CHECK (source IN ('client', 'manifest')),
    operation_name text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- Coarse: workers record use in batches, at most once an hour per row.
    last_used_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persisted_query_client_use_idx ON persisted_query (last_used_at) WHERE source = 'client';
