-- Retention looks for calls not yet anonymised that ended (or, never ended,
-- started) before a cut-off. A partial index holds exactly the calls not yet
-- anonymised, so each daily run reads only those instead of scanning every
-- call ever logged; anonymised calls leave it. It replaces the plain index on
-- ended_at, which nothing else needs. (PostgreSQL has partial indexes too.)
CREATE INDEX calls_retention_due ON calls (ended_at, started_at) WHERE anonymised_at IS NULL;
DROP INDEX calls_ended_at;
