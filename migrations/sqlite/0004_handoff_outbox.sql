-- The portal handoff's outbox (issue 5). An application an agent hands to
-- the "Mein Bochum" portal is written here in the same transaction as the
-- call event and its audit row; a delivery worker sends it, and nothing
-- reaches the portal any other way. A row is kept until the portal has the
-- application (delivered) or refused its data (rejected, correctable).
--
-- Exactly once: `idempotency_key` is made once per row and sent with every
-- attempt, also after a correction; the portal binds a key only when it
-- creates an application, so retries and lost replies never file twice.
--
-- Leases: a worker claims due rows by setting state 'delivering',
-- lease_owner and lease_until in one write transaction, so two desks on one
-- store never send the same row at the same time; a lease that runs out
-- (the worker died) makes the row claimable again. Instants are UTC
-- milliseconds like everywhere in the store.
--
-- Personal data: `body` (the request JSON) is the only column holding the
-- citizen's data. It is cleared once the portal has the application and by
-- the retention job for rejected rows of anonymised calls. `last_error`
-- holds a status and a problem type or a network failure in words, never a
-- token, an URL with credentials or a field's value.
CREATE TABLE handoff_outbox (
    id               INTEGER PRIMARY KEY,
    call_id          BIGINT  NOT NULL REFERENCES calls (id),
    service          TEXT    NOT NULL CHECK (service IN ('personenstandsurkunde', 'wunschkennzeichen',
                                 'bewohnerparkausweis', 'kfz-abmeldung', 'kfz-wiederzulassung')),
    idempotency_key  TEXT    NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    body             TEXT,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'delivering', 'delivered', 'rejected')),
    attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  BIGINT  NOT NULL,
    lease_owner      TEXT,
    lease_until      BIGINT,
    -- The last attempt's failure, and its HTTP status (NULL: no answer).
    last_error       TEXT,
    last_status      INTEGER,
    -- The portal refused the request for a reason a retry cannot fix (400,
    -- 401, 409, …): the row stays pending, retried rarely, and supervisors
    -- see it.
    flagged          BOOLEAN NOT NULL DEFAULT FALSE,
    reference        TEXT,
    citizen_link     TEXT,
    portal_id        TEXT,
    -- JSON list of {field, message} of a 422, paths relative to the form's data.
    problems         TEXT,
    created_by       BIGINT  REFERENCES agents (id),
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    delivered_at     BIGINT,
    CHECK ((state = 'delivering') = (lease_owner IS NOT NULL AND lease_until IS NOT NULL)),
    CHECK (state <> 'delivered' OR (reference IS NOT NULL AND delivered_at IS NOT NULL)),
    CHECK (state <> 'rejected' OR problems IS NOT NULL),
    CHECK (body IS NOT NULL OR state IN ('delivered', 'rejected'))
);

-- Claiming reads only the rows that can be due: partial indexes hold the
-- pending rows by due time and the leased rows by lease end, so the
-- thousands of delivered rows never slow a claim down (PostgreSQL has
-- partial indexes too).
CREATE INDEX handoff_outbox_pending_due ON handoff_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX handoff_outbox_lease_end ON handoff_outbox (lease_until) WHERE state = 'delivering';
CREATE INDEX handoff_outbox_call ON handoff_outbox (call_id);
CREATE INDEX handoff_outbox_created ON handoff_outbox (created_at);
