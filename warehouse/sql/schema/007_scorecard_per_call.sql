-- The weekly scorecard at 100,000 calls: agent_scorecard joined a million findings and 300,000 events
-- per query. Forward-only; nothing of 001-006 changes.
--
-- call_scores: one row per call with what the scorecard sums per agent and week, written by the loader
-- from the same records in the same transaction as the call's rows, and replaced with them (a per-call
-- table, like call_flags), so it equals what it summarises by construction. Derived data; filled here
-- from what is already stored.
--
-- Rules are stored as integer codes (rule_codes): a list of strings is read in full by a scan even when a
-- filter keeps 200 of 100,000 rows, a list of integers costs a tenth of that.
CREATE TABLE rule_codes (
    code     INTEGER NOT NULL,            -- 1, 2, ...: assigned by the loader to rule ids it has not seen
    rule_id  VARCHAR NOT NULL
);
INSERT INTO rule_codes
SELECT row_number() OVER (ORDER BY rule_id)::INTEGER, rule_id FROM (SELECT DISTINCT rule_id FROM findings);

CREATE TABLE call_scores (
    call_id          VARCHAR NOT NULL,
    agent_id         VARCHAR NOT NULL,    -- the call's (calls.agent_id)
    week             DATE,                -- date_trunc('week', calls.started_at)
    duration_s       DOUBLE NOT NULL,
    talk_ratio       DOUBLE,              -- call_metrics; NULL without metrics
    dead_air_s       DOUBLE,
    rule_codes       INTEGER[] NOT NULL,  -- problem findings (severity <> 'positive') per rule: codes, ascending rule_id
    rule_findings    INTEGER[] NOT NULL,  -- and their counts, position by position
    complaints       INTEGER NOT NULL,    -- call_events of kind 'complaint'
    apology_delays_s DOUBLE[] NOT NULL    -- per complaint followed by an apology: seconds from its end to the
                                          -- start of the first apology that starts at or after it, ascending
);
INSERT INTO call_scores
WITH delays AS (
    SELECT k.call_id,
           (SELECT min(a.start_s) FROM call_events a
             WHERE a.call_id = k.call_id AND a.kind = 'apology' AND a.start_s >= k.end_s) - k.end_s AS delay_s
    FROM call_events k WHERE k.kind = 'complaint'
), per_call_delays AS (
    SELECT call_id, count(*) AS complaints,
           coalesce(list(delay_s ORDER BY delay_s) FILTER (WHERE delay_s IS NOT NULL), []) AS delays
    FROM delays GROUP BY call_id
), per_rule AS (
    SELECT f.call_id, r.code, f.rule_id, count(*) AS n
    FROM findings f JOIN rule_codes r USING (rule_id)
    WHERE f.severity <> 'positive'
    GROUP BY ALL
), per_call_rules AS (
    SELECT call_id, list(code ORDER BY rule_id) AS codes, list(n::INTEGER ORDER BY rule_id) AS counts
    FROM per_rule GROUP BY call_id
)
SELECT c.call_id, c.agent_id, date_trunc('week', c.started_at)::DATE, c.duration_s, m.talk_ratio, m.dead_air_s,
       coalesce(r.codes, []), coalesce(r.counts, []), coalesce(d.complaints, 0)::INTEGER, coalesce(d.delays, [])
FROM calls c
LEFT JOIN call_metrics m USING (call_id)
LEFT JOIN per_call_rules r USING (call_id)
LEFT JOIN per_call_delays d USING (call_id);
