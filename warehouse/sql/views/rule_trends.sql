-- Per rule, language and day (with its week, to roll up): findings, calls with the rule, and the rate
-- per 100 calls of that language that day. Days on which a rule found nothing have no row.
-- rule_day_counts is the loader's running log of per-day counts (schema 003), summed here.
CREATE OR REPLACE VIEW rule_trends AS
WITH day_calls AS (
    SELECT language, started_at::DATE AS day, count(*) AS calls FROM calls GROUP BY ALL
), r AS (
    SELECT rule_id, language, day, sum(calls_with_finding)::BIGINT AS calls_with_finding,
           sum(findings)::BIGINT AS findings
    FROM rule_day_counts GROUP BY ALL HAVING sum(findings) <> 0
)
SELECT r.rule_id,
       r.language,
       r.day,
       date_trunc('week', r.day)::DATE AS week,
       d.calls,
       r.calls_with_finding,
       r.findings,
       round(100.0 * r.findings / d.calls, 1) AS findings_per_100_calls
FROM r
JOIN day_calls d ON d.language = r.language AND d.day IS NOT DISTINCT FROM r.day
ORDER BY r.day DESC NULLS LAST, r.rule_id, r.language;
