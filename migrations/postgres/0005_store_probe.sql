-- The server's floor for one durable write (issue 10): `demo centre` times
-- an upsert of this one-row table, sent after pauses like a desk's writes,
-- beside the simulated desks (cases::bench::commit_floor). The row holds
-- only a counter; nothing reads it but the probe.
CREATE TABLE store_probe (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    probes BIGINT NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON store_probe TO auskunft_agent;
