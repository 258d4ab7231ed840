-- Load one NDJSON file:  psql -v file=scan.ndjson -f load.sql
-- CSV mode with quote and delimiter bytes that JSON text never holds, so
-- every line reaches jsonb unchanged (text mode would eat backslashes).
CREATE TEMP TABLE smtplog_stage (rec jsonb NOT NULL);
\set cmd '\\copy smtplog_stage (rec) FROM ' :'file' ' WITH (FORMAT csv, QUOTE E''\\x01'', DELIMITER E''\\x02'')'
:cmd
INSERT INTO smtplog (rec, ts)
	SELECT rec, (rec->>'timestamp')::timestamptz FROM smtplog_stage;
DROP TABLE smtplog_stage;
