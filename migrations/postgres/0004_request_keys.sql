-- Request keys (issue 10), as sqlite/0008: a write sent again after a
-- connection lost at COMMIT finds its first row by the key the window
-- chose. The agents' table-level INSERT grants (0003) cover the column.
ALTER TABLE calls ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX calls_request_key ON calls (request_key);
ALTER TABLE forwards ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX forwards_request_key ON forwards (request_key);
