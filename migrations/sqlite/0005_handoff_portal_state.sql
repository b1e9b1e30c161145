-- What the office decided about a delivered application, as the portal
-- last said (`GET /v1/applications/{id}`): submitted (not decided yet),
-- accepted or rejected; NULL until the desk asked. Asked on demand, when a
-- citizen calls about their application. `portal_checked_at`: when the desk
-- asked last (UTC milliseconds).
ALTER TABLE handoff_outbox ADD COLUMN portal_state TEXT
    CHECK (portal_state IS NULL OR portal_state IN ('submitted', 'accepted', 'rejected'));
ALTER TABLE handoff_outbox ADD COLUMN portal_checked_at BIGINT;
