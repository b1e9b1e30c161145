-- Centre-wide settings live in the store, not in each desk's settings.toml:
-- with twenty desks on one store, a retention period or the staff
-- council's switch for per-agent figures must be one value, changed once,
-- with an audit row naming who changed it (the audit row is written by
-- the same transaction, see src/cases/centre.rs). A key without a row has
-- its default (retention 90 days, per-agent figures off).
CREATE TABLE centre_settings (
    key         TEXT    PRIMARY KEY CHECK (key IN ('retention_days', 'per_agent_figures')),
    value       TEXT    NOT NULL,
    changed_at  BIGINT  NOT NULL,
    changed_by  BIGINT  REFERENCES agents (id)
);

-- Retention empties the search texts agents typed (they can hold a
-- caller's name) after the retention period; this index names the texts
-- not yet emptied, so each daily run reads only the new ones.
CREATE INDEX search_log_retention ON search_log (at) WHERE query <> '';
