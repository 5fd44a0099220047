-- Issue #5: what the analyst needs beyond the walking skeleton. Forward-only; 001's names stay.

-- ASR quality per call (speech.types.AsrQuality); NULL when the transcript did not come from our ASR.
ALTER TABLE calls ADD COLUMN asr_mean_word_probability DOUBLE;
ALTER TABLE calls ADD COLUMN asr_low_confidence_share DOUBLE;
ALTER TABLE calls ADD COLUMN asr_n_words INTEGER;
ALTER TABLE calls ADD COLUMN asr_dropped_segments INTEGER;

-- Per turn: its language where it differs from the call's (NULL = the call's), and how sure the role is.
ALTER TABLE utterances ADD COLUMN language VARCHAR;
ALTER TABLE utterances ADD COLUMN speaker_confidence DOUBLE;

-- Conversation metrics (speech.types.ConversationMetrics): one row per call that had audio to measure.
CREATE TABLE call_metrics (
    call_id                    VARCHAR PRIMARY KEY,
    agent_talk_s               DOUBLE,
    customer_talk_s            DOUBLE,
    talk_ratio                 DOUBLE,       -- agent talk / (agent + customer talk)
    silence_s                  DOUBLE,
    longest_silence_s          DOUBLE,
    overtalk_s                 DOUBLE,
    interruptions_by_agent     INTEGER,
    interruptions_by_customer  INTEGER,
    time_to_first_agent_word_s DOUBLE,
    dead_air_threshold_s       DOUBLE,
    dead_air_count             INTEGER,
    dead_air_s                 DOUBLE,
    agent_wpm                  DOUBLE,
    customer_wpm               DOUBLE
);

-- The silences (over the dead-air threshold) and overlaps the metrics list.
CREATE TABLE call_intervals (
    call_id   VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,               -- silence | overlap
    start_s   DOUBLE NOT NULL,
    end_s     DOUBLE NOT NULL,
    "by"      VARCHAR                         -- overlap: who started talking over the other
);

-- Word timings from the recogniser: the biggest table, so it has its own.
CREATE TABLE words (
    call_id     VARCHAR NOT NULL,
    turn_index  INTEGER NOT NULL,
    word_index  INTEGER NOT NULL,
    start_s     DOUBLE NOT NULL,
    end_s       DOUBLE NOT NULL,
    word        VARCHAR NOT NULL,
    probability DOUBLE
);

-- Conversation events the rules saw (complaint, apology, ...): the median time to apology reads them.
CREATE TABLE call_events (
    call_id     VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,             -- complaint | apology | ... (free: whatever detect reports)
    start_s     DOUBLE NOT NULL,
    end_s       DOUBLE NOT NULL,
    turn_index  INTEGER,
    detail      VARCHAR                       -- e.g. the pattern id or the words
);

-- Agents: from the manifest's extra columns (team, hire_date); every loaded agent_id gets a row.
CREATE TABLE agents (
    agent_id    VARCHAR PRIMARY KEY,
    team        VARCHAR,
    hire_date   DATE,
    updated_at  TIMESTAMP NOT NULL
);

-- Every (rule, version, language) that produced or could produce findings, and when first seen.
CREATE TABLE rule_versions (
    rule_id       VARCHAR NOT NULL,
    rule_version  VARCHAR NOT NULL,
    language      VARCHAR NOT NULL,
    first_seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (rule_id, rule_version, language)
);

-- One row per pipeline run (flow run or import): when, with what code/models/rules, how much.
CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL,           -- running | completed | completed_with_errors | failed
    code_version  VARCHAR,
    asr_backend   VARCHAR,
    asr_model     VARCHAR,
    rule_versions VARCHAR,                    -- JSON {language: {rule_id: version}}
    inputs        INTEGER,
    calls_loaded  INTEGER,
    calls_failed  INTEGER,
    findings      INTEGER
);

-- QA verdicts on findings. Never touched by loads: finding_id is stable across re-runs.
CREATE TABLE reviews (
    review_id    VARCHAR PRIMARY KEY,
    finding_id   VARCHAR NOT NULL,
    verdict      VARCHAR NOT NULL,            -- confirmed | rejected | unsure
    reviewer     VARCHAR,
    note         VARCHAR,
    reviewed_at  TIMESTAMP NOT NULL
);

-- Which run loaded each call last.
ALTER TABLE calls ADD COLUMN run_id VARCHAR;
