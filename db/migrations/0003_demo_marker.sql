-- One row while the database holds only the demo data: the demo load writes it, and every
-- import that writes removes it in its own transaction. `cuic serve` offers the demo agent's
-- token to anyone who opens its pages only while this row exists (and only on a loopback
-- address), so a database holding real data never hands out a token.
CREATE TABLE demo_marker (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    loaded_at timestamptz NOT NULL DEFAULT now()
);
