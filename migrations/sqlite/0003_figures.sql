-- The supervisor's figures (issue 6): pre-aggregated tables, kept in step
-- by the writes of the call log (src/stats/maintain.rs, called inside the
-- same CaseStore::write transaction as the change and its audit row) and by
-- the demo seed's bulk loader; backfilled here from the calls already
-- logged. The figures of a year then read a few thousand aggregate rows
-- instead of 400,000 calls with their topics.
--
-- Only counts: no agent, no caller, no text. The aggregates cannot reveal
-- who took a call, and the retention job never needs to touch them.
--
-- `outcome` is the call's outcome once it has ended, and '' while it runs
-- (an outcome chosen during the call counts from the end on).

-- Calls by the hour they started in: hour = started_at / 3,600,000, a UTC
-- hour. UTC, not local time: Europe/Berlin is a whole number of hours off
-- UTC, so every UTC hour lies in exactly one Berlin hour and every Berlin
-- day is a run of whole UTC hours (23, 24 or 25). The reader maps hours to
-- Berlin days, weekdays and hours with the time-zone database, so daylight
-- saving is applied in one place (chrono-tz) and never stored.
CREATE TABLE stats_hours (
    hour         BIGINT  NOT NULL,
    outcome      TEXT    NOT NULL CHECK (outcome IN ('', 'answered', 'forwarded', 'portal_handoff', 'referred', 'dropped')),
    calls        BIGINT  NOT NULL,
    -- Sum of ended_at - started_at in milliseconds (0 for running calls).
    handling_ms  BIGINT  NOT NULL,
    PRIMARY KEY (hour, outcome)
) WITHOUT ROWID;

-- Topics by the Berlin calendar day the call started on (days since
-- 1970-01-01). A day, not an hour: figures per topic need no hour, and a
-- day holds about 60 topics where its ten service hours hold 500 rows.
CREATE TABLE stats_topic_days (
    day       BIGINT  NOT NULL,
    entry_id  TEXT    NOT NULL,
    outcome   TEXT    NOT NULL CHECK (outcome IN ('', 'answered', 'forwarded', 'portal_handoff', 'referred', 'dropped')),
    calls     BIGINT  NOT NULL,
    PRIMARY KEY (day, entry_id, outcome)
) WITHOUT ROWID;

-- Handling times of ended calls in whole seconds, by Berlin day: the
-- median comes from this histogram (a few hundred rows a day) instead of
-- sorting every call of the period.
CREATE TABLE stats_durations (
    day      BIGINT  NOT NULL,
    seconds  BIGINT  NOT NULL CHECK (seconds >= 0),
    calls    BIGINT  NOT NULL,
    PRIMARY KEY (day, seconds)
) WITHOUT ROWID;

-- Knowledge gaps read only the searches that found nothing or from which
-- nothing was opened, by time, with their text: a partial covering index.
-- The figures' query repeats this WHERE clause verbatim, which is what lets
-- SQLite use a partial index.
CREATE INDEX search_log_gaps ON search_log (at, query)
    WHERE opened_entry_id IS NULL OR result_count = 0;

-- Forwards of a period with what the 24-hour compliance needs, covering.
CREATE INDEX forwards_created ON forwards (created_at, due_at, done_at);

-- Backfill. The Berlin day of an instant needs its UTC offset: +2 h from
-- the last Sunday of March 01:00 UTC to the last Sunday of October 01:00
-- UTC, +1 h otherwise (the EU rule, in force since 1996). This one-off
-- backfill only reads instants that have passed, under that rule; every
-- later write computes the day in Rust from the time-zone database
-- (src/stats/keys.rs), and tests/figures_migration.rs checks that both agree
-- around every switch. `date(Y-03-25, 'weekday 0')` is the first Sunday on
-- or after 25 March, i.e. the last Sunday of March.
INSERT INTO stats_hours (hour, outcome, calls, handling_ms)
SELECT started_at / 3600000,
       CASE WHEN ended_at IS NULL THEN '' ELSE outcome END,
       COUNT(*),
       COALESCE(SUM(ended_at - started_at), 0)
FROM calls
GROUP BY 1, 2;

INSERT INTO stats_topic_days (day, entry_id, outcome, calls)
SELECT (started_at + 3600000 * (1 + (started_at >= dst_start AND started_at < dst_end))) / 86400000,
       entry_id, outcome, COUNT(*)
FROM (
    SELECT c.started_at, t.entry_id,
           CASE WHEN c.ended_at IS NULL THEN '' ELSE c.outcome END AS outcome,
           (CAST(strftime('%s', date(strftime('%Y', c.started_at / 1000, 'unixepoch') || '-03-25', 'weekday 0')) AS INTEGER) + 3600) * 1000 AS dst_start,
           (CAST(strftime('%s', date(strftime('%Y', c.started_at / 1000, 'unixepoch') || '-10-25', 'weekday 0')) AS INTEGER) + 3600) * 1000 AS dst_end
    FROM call_topics t JOIN calls c ON c.id = t.call_id
)
GROUP BY 1, 2, 3;

INSERT INTO stats_durations (day, seconds, calls)
SELECT (started_at + 3600000 * (1 + (started_at >= dst_start AND started_at < dst_end))) / 86400000,
       (ended_at - started_at) / 1000, COUNT(*)
FROM (
    SELECT started_at, ended_at,
           (CAST(strftime('%s', date(strftime('%Y', started_at / 1000, 'unixepoch') || '-03-25', 'weekday 0')) AS INTEGER) + 3600) * 1000 AS dst_start,
           (CAST(strftime('%s', date(strftime('%Y', started_at / 1000, 'unixepoch') || '-10-25', 'weekday 0')) AS INTEGER) + 3600) * 1000 AS dst_end
    FROM calls
    WHERE ended_at IS NOT NULL
)
GROUP BY 1, 2;
