-- Alerts on new mentions. `alerted` holds every (watch, url) already told to a channel ('event'
-- for the Prefect event, 'webhook' for the watch's own webhook), so a mention is alerted once per
-- channel, whatever reruns and re-extractions rewrite in `mentions`. `alerts` records each
-- delivery a run made.

CREATE TABLE alerted (
    watch VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    run_id VARCHAR,
    alerted_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE alerts (
    watch VARCHAR NOT NULL,
    run_id VARCHAR,
    target VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    mentions INTEGER NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    error VARCHAR
);

-- The mentions stored before alerts existed are history, not news: the first run after the
-- upgrade alerts only what it finds.
INSERT INTO alerted
SELECT DISTINCT m.watch, m.url, c.channel, NULL, now()
FROM mentions m, (VALUES ('event'), ('webhook')) AS c(channel);
