-- The walking-skeleton tables. One row per call; its utterances and findings hang off call_id.
CREATE TABLE calls (
    call_id              VARCHAR PRIMARY KEY,
    agent_id             VARCHAR NOT NULL,
    language             VARCHAR NOT NULL,
    started_at           TIMESTAMP,          -- UTC
    duration_s           DOUBLE NOT NULL,
    source_path          VARCHAR NOT NULL,
    asr_backend          VARCHAR,            -- NULL when the input was a transcript file
    asr_model            VARCHAR,
    asr_compute_type     VARCHAR,
    language_probability DOUBLE,
    n_turns              INTEGER NOT NULL,
    loaded_at            TIMESTAMP NOT NULL
);

CREATE TABLE utterances (
    call_id       VARCHAR NOT NULL,
    turn_index    INTEGER NOT NULL,
    speaker       VARCHAR NOT NULL,          -- agent | customer | unknown
    start_s       DOUBLE NOT NULL,
    end_s         DOUBLE NOT NULL,
    text          VARCHAR NOT NULL,
    mean_word_probability DOUBLE,            -- ASR confidence; NULL for typed transcripts
    PRIMARY KEY (call_id, turn_index)
);

CREATE TABLE findings (
    finding_id    VARCHAR PRIMARY KEY,       -- stable across re-runs of the same call
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

-- Open problems: one row per input that could not be processed, replaced on every new attempt.
CREATE TABLE ingest_errors (
    source_path   VARCHAR NOT NULL,
    call_id       VARCHAR,
    stage         VARCHAR NOT NULL,          -- discover | manifest | decode | transcribe | detect | load
    error         VARCHAR NOT NULL,
    occurred_at   TIMESTAMP NOT NULL
);

CREATE INDEX findings_call ON findings (call_id);
CREATE INDEX findings_agent_rule ON findings (agent_id, rule_id);
