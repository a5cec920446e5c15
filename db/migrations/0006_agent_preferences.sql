-- Issue 15 (ticket widgets agents can work with): per-agent preferences, and the
-- helpdesk's own ids of tickets and configuration items for links into it.

-- What an agent chose for the screen, so that it looks the same on every device. A null
-- column was not chosen: the screen decides (the browser's language and time zone, the
-- language's name order).
CREATE TABLE agent_preference (
    agent_id   integer PRIMARY KEY REFERENCES agent ON DELETE CASCADE,
    locale     text CHECK (locale IN ('EN', 'JA')),
    name_order text CHECK (name_order IN ('first_last', 'last_first')),
    time_zone  text CHECK (time_zone <> ''),
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- The helpdesk's id of a ticket (OTOBO's TicketID) or configuration item (ConfigItemID):
-- the `{id}` of CUIC_TICKET_URL_TEMPLATE and CUIC_CONFIG_ITEM_URL_TEMPLATE. Adding a
-- column without a default rewrites nothing, whatever the table's size.
ALTER TABLE ticket ADD COLUMN source_id text CHECK (source_id <> '');
ALTER TABLE config_item ADD COLUMN source_id text CHECK (source_id <> '');
