-- Who may see what, enforced by the server for any client (issue 11).
--
-- Each person signs in with a login role of their own that is a member of
-- one of the group roles below; the desk learns the role from the server
-- (auskunft_role()), never from a dialog. The role that owns the schema
-- and runs these migrations is the centre's administrator: desks are
-- never given its credentials (the owner is not subject to the policies,
-- like any table owner without FORCE ROW LEVEL SECURITY).
--
--   auskunft_agent       takes calls: own calls, notes, topics, searches;
--                        reads the centre's forwards and marks them done
--   auskunft_supervisor  also an agent; reads the aggregates, the centre's
--                        lists and audit log, per-agent figures only while
--                        the centre-wide switch is on; changes the centre's
--                        settings (each change audited by a trigger)
--   auskunft_editor      reads the knowledge gaps and the topic figures
--   auskunft_retention   anonymises, and only past the retention period
--   auskunft_delivery    the central delivery service: the outbox only
--
-- Group roles are cluster-wide. They are created here when missing, which
-- needs CREATEROLE for the migrating role; a DBA may create them first.

DO $$
DECLARE
    r TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['auskunft_agent', 'auskunft_supervisor', 'auskunft_editor',
                             'auskunft_retention', 'auskunft_delivery'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            -- Another database of the cluster may create it at this very
            -- moment: then it exists, which is all this wants.
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
    -- A supervisor takes calls too.
    IF NOT pg_has_role('auskunft_supervisor', 'auskunft_agent', 'MEMBER') THEN
        BEGIN
            GRANT auskunft_agent TO auskunft_supervisor;
        EXCEPTION WHEN unique_violation OR duplicate_object THEN
            NULL;
        END;
    END IF;
END;
$$;

-- The person behind an agent row: their login role's name. Rows created
-- by name only (a single desk's, the demo's, or before this migration)
-- have none until that person first signs in with a login of that name.
ALTER TABLE agents ADD COLUMN login_role TEXT UNIQUE;
ALTER TABLE agents DROP CONSTRAINT agents_role_check;
ALTER TABLE agents ADD CONSTRAINT agents_role_check CHECK (role IN ('agent', 'supervisor', 'editor'));

-- ---- who is asking ----------------------------------------------------
-- SECURITY DEFINER functions run as the owner, so they read the tables the
-- caller may not; each is STABLE and reads one row. `session_user` is the
-- login role, whatever SET ROLE did since.

CREATE FUNCTION auskunft_role() RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT CASE
        WHEN pg_has_role(session_user, 'auskunft_supervisor', 'MEMBER') THEN 'supervisor'
        WHEN pg_has_role(session_user, 'auskunft_agent', 'MEMBER') THEN 'agent'
        WHEN pg_has_role(session_user, 'auskunft_editor', 'MEMBER') THEN 'editor'
    END
$$;

CREATE FUNCTION auskunft_agent_id() RETURNS BIGINT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT id FROM agents WHERE login_role = session_user
$$;

CREATE FUNCTION auskunft_per_agent_on() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT EXISTS (SELECT 1 FROM centre_settings WHERE key = 'per_agent_figures' AND value = 'on')
$$;

-- Calls that ended (or, never ended, started) before this instant are past
-- the retention period: the server's clock and the centre's setting, so
-- the retention role cannot choose a shorter period.
CREATE FUNCTION auskunft_retention_cutoff() RETURNS BIGINT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT CAST(EXTRACT(EPOCH FROM statement_timestamp()) * 1000 AS BIGINT)
         - COALESCE((SELECT CAST(value AS BIGINT) FROM centre_settings WHERE key = 'retention_days'), 90)
           * 86400000
$$;

-- Signs the session's person in: their agent row is found by login role,
-- or a row of the same name without a login is claimed, or one is
-- created; its role is the server's. Returns the agent's id. A login that
-- is a member of no Auskunft role is refused.
CREATE FUNCTION auskunft_sign_in(at_ms BIGINT) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    who  TEXT := session_user;
    r    TEXT := auskunft_role();
    aid  BIGINT;
    old  TEXT;
BEGIN
    IF r IS NULL THEN
        RAISE EXCEPTION 'login % is a member of no Auskunft role (auskunft_agent, auskunft_supervisor, auskunft_editor)', who
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT id, role INTO aid, old FROM agents WHERE login_role = who FOR UPDATE;
    IF aid IS NULL THEN
        UPDATE agents SET login_role = who WHERE name = who AND login_role IS NULL
            RETURNING id, role INTO aid, old;
    END IF;
    IF aid IS NULL THEN
        INSERT INTO agents (name, role, created_at, login_role) VALUES (who, r, at_ms, who)
            ON CONFLICT (name) DO NOTHING RETURNING id INTO aid;
        IF aid IS NULL THEN
            RAISE EXCEPTION 'the name % belongs to another login', who USING ERRCODE = 'unique_violation';
        END IF;
        INSERT INTO audit_log (at, agent_id, action, record_table, record_id, detail)
            VALUES (at_ms, aid, 'agent.create', 'agents', aid, r);
    ELSIF old IS DISTINCT FROM r THEN
        UPDATE agents SET role = r WHERE id = aid;
        INSERT INTO audit_log (at, agent_id, action, record_table, record_id, detail)
            VALUES (at_ms, aid, 'agent.role', 'agents', aid, r);
    END IF;
    RETURN aid;
END;
$$;

-- Different agents with calls in a period: a count, never who. For the
-- team figure, which supervisors see whether per-agent figures are on or
-- off.
CREATE FUNCTION auskunft_team(from_ms BIGINT, to_ms BIGINT) RETURNS BIGINT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT COUNT(*) FROM agents a WHERE EXISTS
        (SELECT 1 FROM calls c WHERE c.agent_id = a.id AND c.started_at >= from_ms AND c.started_at < to_ms)
$$;

-- ---- the facts of calls, without the person ---------------------------
-- What the figures and the export read of other agents' calls: no notes,
-- no caller, and the agent only while per-agent figures are on. A view
-- runs with its owner's rights, so supervisors read it without reading
-- `calls`.
CREATE VIEW call_facts AS
    SELECT id, started_at, ended_at, outcome, anonymised_at,
           CASE WHEN auskunft_per_agent_on() THEN agent_id END AS agent_id
    FROM calls;

-- ---- privileges ---------------------------------------------------------
-- The store's schema is wherever the migrations ran (public by default).
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM PUBLIC', current_schema());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO auskunft_agent, auskunft_editor, auskunft_retention, '
                   'auskunft_delivery', current_schema());
END;
$$;
REVOKE ALL ON FUNCTION auskunft_sign_in(BIGINT), auskunft_team(BIGINT, BIGINT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auskunft_sign_in(BIGINT) TO auskunft_agent, auskunft_editor;
GRANT EXECUTE ON FUNCTION auskunft_team(BIGINT, BIGINT) TO auskunft_supervisor;

-- Every role reads which migrations ran (a desk refuses a newer schema),
-- the agents' names and the centre's settings.
GRANT SELECT ON _sqlx_migrations, agents, centre_settings
    TO auskunft_agent, auskunft_editor, auskunft_retention, auskunft_delivery;

GRANT SELECT, INSERT, UPDATE ON calls TO auskunft_agent;
GRANT SELECT, INSERT, UPDATE, DELETE ON call_topics TO auskunft_agent;
GRANT SELECT, INSERT ON forwards TO auskunft_agent;
GRANT UPDATE (status, done_at, done_by) ON forwards TO auskunft_agent;
GRANT SELECT, INSERT, UPDATE ON search_log TO auskunft_agent;
GRANT SELECT, INSERT, UPDATE ON handoff_outbox TO auskunft_agent;
-- The aggregates: written with every call (upserts read the row they
-- update), counts of the centre without persons.
GRANT SELECT, INSERT, UPDATE ON stats_hours, stats_topic_days, stats_durations TO auskunft_agent;
GRANT INSERT ON audit_log TO auskunft_agent, auskunft_editor, auskunft_retention, auskunft_delivery;

GRANT SELECT ON call_facts, audit_log TO auskunft_supervisor;
GRANT INSERT, UPDATE ON centre_settings TO auskunft_supervisor;

GRANT SELECT ON search_log, stats_topic_days TO auskunft_editor;

GRANT SELECT, UPDATE ON calls, forwards, search_log, handoff_outbox TO auskunft_retention;
GRANT SELECT ON call_topics TO auskunft_retention;

GRANT SELECT, UPDATE ON handoff_outbox TO auskunft_delivery;

-- ---- rows ---------------------------------------------------------------
ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_topics ENABLE ROW LEVEL SECURITY;
ALTER TABLE forwards ENABLE ROW LEVEL SECURITY;
ALTER TABLE search_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE handoff_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE centre_settings ENABLE ROW LEVEL SECURITY;

-- An agent's own calls, and nothing of another's.
CREATE POLICY calls_own ON calls TO auskunft_agent
    USING (agent_id = auskunft_agent_id()) WITH CHECK (agent_id = auskunft_agent_id());
-- Retention sees and changes only calls past the period.
CREATE POLICY calls_retention ON calls TO auskunft_retention
    USING (ended_at < auskunft_retention_cutoff()
           OR (ended_at IS NULL AND started_at < auskunft_retention_cutoff()));

-- Topics follow their call (the subquery is itself under calls' policies);
-- supervisors read all topics for the figures: entry ids, no person.
CREATE POLICY topics_own ON call_topics TO auskunft_agent
    USING (EXISTS (SELECT 1 FROM calls c WHERE c.id = call_id))
    WITH CHECK (EXISTS (SELECT 1 FROM calls c WHERE c.id = call_id));
CREATE POLICY topics_figures ON call_topics FOR SELECT TO auskunft_supervisor, auskunft_retention
    USING (TRUE);

-- The centre's forwards are everyone's work; a forward is written for an
-- own call, and marked done only as oneself, once.
CREATE POLICY forwards_read ON forwards FOR SELECT TO auskunft_agent USING (TRUE);
CREATE POLICY forwards_write ON forwards FOR INSERT TO auskunft_agent
    WITH CHECK (created_by = auskunft_agent_id() AND EXISTS (SELECT 1 FROM calls c WHERE c.id = call_id));
CREATE POLICY forwards_done ON forwards FOR UPDATE TO auskunft_agent
    USING (status = 'open') WITH CHECK (status = 'done' AND done_by = auskunft_agent_id());
CREATE POLICY forwards_retention ON forwards TO auskunft_retention
    USING (EXISTS (SELECT 1 FROM calls c WHERE c.id = call_id));

-- Search texts: an agent's own; supervisors and editors read the gaps.
CREATE POLICY searches_own ON search_log TO auskunft_agent
    USING (agent_id = auskunft_agent_id()) WITH CHECK (agent_id = auskunft_agent_id());
CREATE POLICY searches_gaps ON search_log FOR SELECT TO auskunft_supervisor, auskunft_editor
    USING (TRUE);
CREATE POLICY searches_retention ON search_log TO auskunft_retention
    USING (at < auskunft_retention_cutoff());

-- Applications: an agent's own; supervisors see all (they settle the
-- ones the portal flags); the delivery service and retention theirs.
CREATE POLICY outbox_own ON handoff_outbox TO auskunft_agent
    USING (created_by = auskunft_agent_id()) WITH CHECK (created_by = auskunft_agent_id());
CREATE POLICY outbox_supervisor ON handoff_outbox FOR SELECT TO auskunft_supervisor USING (TRUE);
CREATE POLICY outbox_delivery ON handoff_outbox TO auskunft_delivery USING (TRUE);
CREATE POLICY outbox_retention ON handoff_outbox TO auskunft_retention
    USING (EXISTS (SELECT 1 FROM calls c WHERE c.id = call_id));

-- The audit log: appended as oneself (or as a service without an agent
-- row), read by supervisors; UPDATE, DELETE and TRUNCATE are granted to
-- nobody, and the triggers of 0001 refuse them even to the owner.
CREATE POLICY audit_append ON audit_log FOR INSERT
    TO auskunft_agent, auskunft_editor, auskunft_retention, auskunft_delivery
    WITH CHECK (agent_id IS NOT DISTINCT FROM auskunft_agent_id());
CREATE POLICY audit_read ON audit_log FOR SELECT TO auskunft_supervisor USING (TRUE);

-- Centre settings: read by all, changed by supervisors.
CREATE POLICY settings_read ON centre_settings FOR SELECT
    TO auskunft_agent, auskunft_editor, auskunft_retention, auskunft_delivery USING (TRUE);
CREATE POLICY settings_change ON centre_settings FOR ALL TO auskunft_supervisor
    USING (TRUE) WITH CHECK (TRUE);

-- A change of a centre setting is audited by the server, whoever sends
-- it and however: the row names the person's agent (a client cannot
-- choose another) and the audit row is written in the same transaction.
-- (The row's agent is set BEFORE; the audit row is written AFTER, which
-- fires once for what happened: an INSERT … ON CONFLICT DO UPDATE also
-- fires BEFORE INSERT for the row it then updates.)
CREATE FUNCTION centre_settings_signed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    aid BIGINT := auskunft_agent_id();
BEGIN
    IF aid IS NOT NULL THEN
        NEW.changed_by := aid;
    END IF;
    RETURN NEW;
END;
$$;
CREATE FUNCTION centre_settings_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO audit_log (at, agent_id, action, record_table, record_id, detail)
        VALUES (NEW.changed_at, NEW.changed_by, 'centre.setting', 'centre_settings', NULL,
                NEW.key || '=' || NEW.value
                || CASE WHEN NEW.changed_by IS NULL THEN ' (login ' || session_user || ')' ELSE '' END);
    RETURN NULL;
END;
$$;
CREATE TRIGGER centre_settings_signed BEFORE INSERT OR UPDATE ON centre_settings
    FOR EACH ROW EXECUTE FUNCTION centre_settings_signed();
CREATE TRIGGER centre_settings_audited AFTER INSERT OR UPDATE ON centre_settings
    FOR EACH ROW EXECUTE FUNCTION centre_settings_audit();
