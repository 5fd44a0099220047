-- The QA queue: every call with at least one finding (praise, severity 'positive', does not flag a call),
-- most severe first, then most findings, then newest; with its evidence in time order and how many of
-- its findings a reviewer has already judged. The per-call part is call_flags, which the loader writes
-- with the call's rows (aggregating a million findings on every query took seconds).
CREATE OR REPLACE VIEW flagged_calls AS
SELECT p.call_id,
       p.agent_id,
       a.team,
       p.language,
       p.started_at,
       round(p.duration_s, 1) AS duration_s,
       CASE p.severity_rank WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END AS max_severity,
       p.findings,
       coalesce(r.reviewed_findings, 0) AS reviewed_findings,
       p.rules,
       p.top_evidence,
       p.evidence,
       p.source_path
FROM call_flags p
LEFT JOIN agents a USING (agent_id)
LEFT JOIN (SELECT f.call_id, count(DISTINCT f.finding_id) AS reviewed_findings
           FROM findings f SEMI JOIN reviews r USING (finding_id)
           WHERE f.severity <> 'positive'
           GROUP BY f.call_id) r USING (call_id)
ORDER BY p.severity_rank DESC, p.findings DESC, p.started_at DESC NULLS LAST, p.call_id;
