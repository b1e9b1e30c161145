-- Request keys (issue 10): a desk sends a write again when the connection
-- was lost at COMMIT and its fate is unknown. The key the window chose for
-- "take a call" or for a forward dialog is kept with the row, so a second
-- arrival finds the first row instead of writing another. NULL for rows
-- written before this migration (NULLs never collide in a unique index).
ALTER TABLE calls ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX calls_request_key ON calls (request_key);
ALTER TABLE forwards ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX forwards_request_key ON forwards (request_key);
