-- Issue: the warehouse at 100,000 calls. Forward-only; every table and column name of 001/002 stays.
--
-- 1. No ART indexes on the big child tables. DuckDB maintains an ART index row by row on every insert
--    (half the bulk-load time) and analytical scans never use one. A call's rows are unique by
--    construction: the loader deletes all of a call's rows before it inserts the new ones, turn_index
--    comes from the position of the turn, and the loader checks finding_id itself (see db.load_calls).
--    DuckDB cannot drop a PRIMARY KEY, so utterances and findings are rebuilt with the same columns.
--    calls keeps its primary key (100,000 rows, not millions).
DROP INDEX IF EXISTS findings_call;
DROP INDEX IF EXISTS findings_agent_rule;

CREATE TABLE utterances_new (
    call_id       VARCHAR NOT NULL,
    turn_index    INTEGER NOT NULL,
    speaker       VARCHAR NOT NULL,          -- agent | customer | unknown
    start_s       DOUBLE NOT NULL,
    end_s         DOUBLE NOT NULL,
    text          VARCHAR NOT NULL,
    mean_word_probability DOUBLE,            -- ASR confidence; NULL for typed transcripts
    language              VARCHAR,           -- NULL = the call's
    speaker_confidence    DOUBLE
);
INSERT INTO utterances_new SELECT call_id, turn_index, speaker, start_s, end_s, text, mean_word_probability,
                                  language, speaker_confidence
FROM utterances ORDER BY call_id, turn_index;
DROP TABLE utterances;
ALTER TABLE utterances_new RENAME TO utterances;

CREATE TABLE findings_new (
    finding_id    VARCHAR NOT NULL,          -- stable across re-runs of the same call; unique (checked on load)
    call_id       VARCHAR NOT NULL,
    agent_id      VARCHAR NOT NULL,
    rule_id       VARCHAR NOT NULL,
    rule_version  VARCHAR NOT NULL,
    severity      VARCHAR NOT NULL,
    speaker       VARCHAR NOT NULL,          -- whose words the evidence is
    start_s       DOUBLE NOT NULL,
    end_s         DOUBLE NOT NULL,
    evidence      VARCHAR NOT NULL,
    explanation   VARCHAR NOT NULL,
    turn_index    INTEGER NOT NULL,
    pattern_id    VARCHAR NOT NULL,
    confidence    DOUBLE NOT NULL,
    detected_at   TIMESTAMP NOT NULL
);
INSERT INTO findings_new SELECT finding_id, call_id, agent_id, rule_id, rule_version, severity, speaker, start_s,
                                end_s, evidence, explanation, turn_index, pattern_id, confidence, detected_at
FROM findings ORDER BY call_id, start_s;
DROP TABLE findings;
ALTER TABLE findings_new RENAME TO findings;

-- 2. Summaries maintained by the loader in the same transaction as the rows they summarise, so that no
--    view has to aggregate a million findings. Derived data; filled here from what is already stored.

-- The QA queue: one row per call with at least one flagging finding (severity high, medium or low), with
-- the call's own columns the queue shows and sorts on. A per-call table, replaced with the call's rows.
CREATE TABLE call_flags (
    call_id        VARCHAR NOT NULL,
    agent_id       VARCHAR NOT NULL,      -- the call's (calls.agent_id)
    language       VARCHAR NOT NULL,
    started_at     TIMESTAMP,
    duration_s     DOUBLE NOT NULL,
    source_path    VARCHAR NOT NULL,
    severity_rank  INTEGER NOT NULL,      -- 3 high, 2 medium, 1 low
    findings       INTEGER NOT NULL,      -- flagging findings
    rules          VARCHAR[] NOT NULL,    -- flagging rules, sorted
    top_evidence   VARCHAR NOT NULL,      -- 'rule @m:ss "words"' of the most severe, earliest finding
    evidence       STRUCT(rule_id VARCHAR, severity VARCHAR, start_s DOUBLE, end_s DOUBLE, speaker VARCHAR,
                          evidence VARCHAR)[] NOT NULL   -- the flagging findings by start_s, rule_id
);
INSERT INTO call_flags
WITH f AS (
    SELECT f.*, CASE f.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END AS severity_rank
    FROM findings f WHERE f.severity <> 'positive'
), p AS (
    SELECT call_id, max(severity_rank) AS severity_rank, count(*) AS findings,
           list(DISTINCT rule_id ORDER BY rule_id) AS rules,
           list({'rule_id': rule_id, 'severity': severity, 'start_s': start_s, 'end_s': end_s, 'speaker': speaker,
                 'evidence': evidence} ORDER BY start_s, rule_id) AS evidence,
           arg_max({'rule_id': rule_id, 'start_s': start_s, 'evidence': evidence}, severity_rank * 1e6 - start_s) AS top
    FROM f GROUP BY call_id
)
SELECT c.call_id, c.agent_id, c.language, c.started_at, c.duration_s, c.source_path, p.severity_rank, p.findings,
       p.rules,
       p.top.rule_id || ' @' || floor(p.top.start_s / 60)::INTEGER || ':'
           || lpad(floor(p.top.start_s % 60)::INTEGER::VARCHAR, 2, '0') || ' "' || p.top.evidence || '"',
       p.evidence
FROM p JOIN calls c USING (call_id);

-- Running totals as append-only logs of signed counts: each load appends the counts of the findings it
-- inserts and, negated, of those it replaces; views sum per key; the loader folds a long log back to one
-- row per key (warehouse.db._AGGREGATES holds the same definitions). No deletes or merges per load.
CREATE TABLE rule_day_counts (           -- rule_trends: per rule, call language and call day
    rule_id             VARCHAR NOT NULL,
    language            VARCHAR NOT NULL,
    day                 DATE,            -- calls.started_at::DATE
    calls_with_finding  BIGINT NOT NULL,  -- signed: a replaced load's counts come back negated
    findings            BIGINT NOT NULL
);
INSERT INTO rule_day_counts
SELECT f.rule_id, c.language, c.started_at::DATE, count(DISTINCT f.call_id), count(*)
FROM findings f JOIN calls c USING (call_id) GROUP BY ALL;

CREATE TABLE agent_rule_counts (         -- agent_summary, agent_rule_summary: per findings.agent_id and rule
    agent_id            VARCHAR NOT NULL,
    rule_id             VARCHAR NOT NULL,
    calls_with_finding  BIGINT NOT NULL,
    findings            BIGINT NOT NULL
);
INSERT INTO agent_rule_counts
SELECT agent_id, rule_id, count(DISTINCT call_id), count(*) FROM findings GROUP BY ALL;

CREATE TABLE agent_finding_counts (      -- agent_summary: calls with any finding, per findings.agent_id
    agent_id            VARCHAR NOT NULL,
    calls_with_finding  BIGINT NOT NULL,
    findings            BIGINT NOT NULL
);
INSERT INTO agent_finding_counts
SELECT agent_id, count(DISTINCT call_id), count(*) FROM findings GROUP BY ALL;
