-- smtplog NDJSON in PostgreSQL: one jsonb row per record, exactly as
-- written by `smtplog scan --output ndjson`.  The other columns are
-- derived from the record for indexing: generated where the expression is
-- immutable, filled by load.sql for the timestamp (text -> timestamptz is
-- not immutable in PostgreSQL, so it cannot be a generated column).
CREATE TABLE IF NOT EXISTS smtplog (
	rec	jsonb NOT NULL,
	ts	timestamptz,
	type	text GENERATED ALWAYS AS (rec->>'type') STORED,
	code	int GENERATED ALWAYS AS ((rec->>'code')::int) STORED,
	cause	text GENERATED ALWAYS AS (rec->>'cause') STORED,
	peer_ip	text GENERATED ALWAYS AS (rec->>'peer_ip') STORED
);
CREATE INDEX IF NOT EXISTS smtplog_ts ON smtplog (ts) WHERE type = 'finding';
CREATE INDEX IF NOT EXISTS smtplog_rec ON smtplog USING gin (rec jsonb_path_ops);
