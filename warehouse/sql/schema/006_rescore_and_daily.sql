-- Rescoring (flows/rescore.py) and the daily per-agent report (flows/daily_report.py). Forward-only.

-- The rule versions a call's findings were computed with: JSON {rule_id: version} of the rules of the
-- call's language, written when a rescore recomputes the findings. NULL: the versions of the run that
-- loaded the call (runs.rule_versions, the call's language, through calls.run_id). A load replaces the
-- calls row, so these go back to NULL when a call is loaded again, which is right: the load ran the rules.
-- Kept per call because a call with no findings has no rule_version to read from findings.
ALTER TABLE calls ADD COLUMN rules_version VARCHAR;
ALTER TABLE calls ADD COLUMN rescore_run_id VARCHAR;   -- the rescore run that last recomputed the findings

-- What kind of run a runs row is: process (transcribe or read, detect, load) or rescore (rules only).
ALTER TABLE runs ADD COLUMN kind VARCHAR;
UPDATE runs SET kind = 'process';

-- One row per agent and day (the day of calls.started_at, UTC), rebuilt as a whole for a day on every
-- daily_report run of that day (warehouse.summaries.build_agent_daily). Calls without a start time have
-- no day and are not counted. Findings are problems (severity high, medium or low); praise (severity
-- positive) is counted apart and never flags a call. Unique per (day, agent_id) by construction: a
-- rebuild deletes the day before inserting it.
CREATE TABLE agent_daily (
    day               DATE NOT NULL,
    agent_id          VARCHAR NOT NULL,      -- calls.agent_id
    calls             INTEGER NOT NULL,
    audio_minutes     DOUBLE NOT NULL,
    flagged_calls     INTEGER NOT NULL,      -- calls with at least one problem finding
    findings          INTEGER NOT NULL,      -- problem findings
    findings_per_rule MAP(VARCHAR, INTEGER) NOT NULL,  -- problem rule_id to findings, e.g. findings_per_rule[blame_shifting]
    praise            INTEGER NOT NULL,      -- positive findings (ownership, follow_up, empathy)
    praise_per_rule   MAP(VARCHAR, INTEGER) NOT NULL,
    reviewed_findings INTEGER NOT NULL,      -- problem findings with at least one QA review when built
    built_at          TIMESTAMP NOT NULL
);
