-- What a token may do: `read` (GraphQL queries and subscriptions) or `ingest` (POST /ingest).
-- The two never mix, so a helpdesk's event hook holds no key to the agents' data.
ALTER TABLE api_token
    ADD COLUMN scope text NOT NULL DEFAULT 'read' CHECK (scope IN ('read', 'ingest'));
