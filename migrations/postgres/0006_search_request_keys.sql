-- Request keys for the search log (issue 10), as sqlite/0009: an opened
-- entry's write sent again after the server was away finds its first
-- search row by the key the window chose. The agents' table-level INSERT
-- grants (0003) cover the column.
ALTER TABLE search_log ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX search_log_request_key ON search_log (request_key);
