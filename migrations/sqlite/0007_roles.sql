-- Roles on a single desk (issue 11). The desk's file has no users of its
-- own; what it can hold is the supervisor password: chosen by the first
-- person who switches the desk to Teamleitung, asked for at every later
-- switch, stored as an argon2 hash (PHC string), never the password.
-- Wrong tries are counted here so that a restart does not reset the
-- slow-down after three of them.
CREATE TABLE supervisor_password (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    hash             TEXT    NOT NULL CHECK (hash LIKE '$argon2%'),
    set_at           INTEGER NOT NULL,
    set_by           INTEGER REFERENCES agents (id),
    failures         INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_failure_at  INTEGER
);

-- The same column as the centre's store (postgres/0003), unused on a
-- single desk: which login a person's agent row belongs to.
ALTER TABLE agents ADD COLUMN login_role TEXT;
CREATE UNIQUE INDEX agents_login_role ON agents (login_role) WHERE login_role IS NOT NULL;

-- What the figures and the export read of calls, as on the centre's store
-- (see postgres/0003): no notes, no caller, the agent only while the
-- per-agent figures are on.
CREATE VIEW call_facts AS
    SELECT id, started_at, ended_at, outcome, anonymised_at,
           CASE WHEN EXISTS (SELECT 1 FROM centre_settings
                             WHERE key = 'per_agent_figures' AND value = 'on')
                THEN agent_id END AS agent_id
    FROM calls;

-- A change of a centre setting is audited by the store itself, whoever
-- makes it (as on the centre's store).
CREATE TRIGGER centre_settings_audit_insert AFTER INSERT ON centre_settings
BEGIN
    INSERT INTO audit_log (at, agent_id, action, record_table, record_id, detail)
    VALUES (NEW.changed_at, NEW.changed_by, 'centre.setting', 'centre_settings', NULL,
            NEW.key || '=' || NEW.value);
END;
CREATE TRIGGER centre_settings_audit_update AFTER UPDATE ON centre_settings
BEGIN
    INSERT INTO audit_log (at, agent_id, action, record_table, record_id, detail)
    VALUES (NEW.changed_at, NEW.changed_by, 'centre.setting', 'centre_settings', NULL,
            NEW.key || '=' || NEW.value);
END;
