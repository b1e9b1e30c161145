-- Request keys for the search log (issue 10): opening an entry writes its
-- search row and the call's topic after the answer is shown; when the store
-- was away, the window sends the write again once it is back. The key the
-- window chose for that opening is kept with the search row, so a write
-- whose first COMMIT did land is not logged twice. NULL for older rows and
-- for searches logged without a key.
ALTER TABLE search_log ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX search_log_request_key ON search_log (request_key);
