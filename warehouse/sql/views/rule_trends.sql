-- Per rule, language and day (with its week, to roll up): findings, calls with the rule, and the rate
-- per 100 calls of that language that day. Days on which a rule found nothing have no row.
CREATE OR REPLACE VIEW rule_trends AS
WITH c AS (
    SELECT call_id, language, started_at::DATE AS day FROM calls
), day_calls AS (
    SELECT language, day, count(*) AS calls FROM c GROUP BY language, day
)
SELECT f.rule_id,
       c.language,
       c.day,
       date_trunc('week', c.day)::DATE AS week,
       d.calls,
       count(DISTINCT f.call_id) AS calls_with_finding,
       count(*) AS findings,
       round(100.0 * count(*) / d.calls, 1) AS findings_per_100_calls
FROM findings f
JOIN c USING (call_id)
JOIN day_calls d ON d.language = c.language AND d.day IS NOT DISTINCT FROM c.day
GROUP BY f.rule_id, c.language, c.day, d.calls
ORDER BY c.day DESC NULLS LAST, f.rule_id, c.language;
