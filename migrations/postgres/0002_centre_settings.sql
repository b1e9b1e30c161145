-- Centre-wide settings in the store (see migrations/sqlite/0006).
CREATE TABLE centre_settings (
    key         TEXT    PRIMARY KEY CHECK (key IN ('retention_days', 'per_agent_figures')),
    value       TEXT    NOT NULL,
    changed_at  BIGINT  NOT NULL,
    changed_by  BIGINT  REFERENCES agents (id)
);

-- Changes reach the other desks' windows within about a second: each
-- statement that changes what a window lists (forwards, the outbox, calls
-- starting or ending, centre settings) notifies the channel
-- `auskunft_changes` with the table's name. PostgreSQL delivers a
-- notification at commit and folds repeats within one transaction, so a
-- desk wakes once per change, never for a rolled-back one. Notes saved
-- while an agent types do not notify (no other window shows them).
CREATE FUNCTION auskunft_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('auskunft_changes', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
CREATE TRIGGER forwards_notify AFTER INSERT OR UPDATE OR DELETE ON forwards
    FOR EACH STATEMENT EXECUTE FUNCTION auskunft_notify_change();
CREATE TRIGGER handoff_outbox_notify AFTER INSERT OR UPDATE OF state, flagged, portal_state OR DELETE ON handoff_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION auskunft_notify_change();
CREATE TRIGGER calls_notify AFTER INSERT OR UPDATE OF ended_at, outcome ON calls
    FOR EACH STATEMENT EXECUTE FUNCTION auskunft_notify_change();
CREATE TRIGGER centre_settings_notify AFTER INSERT OR UPDATE ON centre_settings
    FOR EACH STATEMENT EXECUTE FUNCTION auskunft_notify_change();

-- Search texts not yet emptied by retention (see migrations/sqlite/0006).
CREATE INDEX search_log_retention ON search_log (at) WHERE query <> '';
