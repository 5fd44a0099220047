-- The QA queue: every call with at least one finding (praise, severity 'positive', does not flag a call),
-- most severe first, then most findings, then newest; with its evidence in time order and how many of
-- its findings a reviewer has already judged.
CREATE OR REPLACE VIEW flagged_calls AS
WITH f AS (
    SELECT f.call_id, f.finding_id, f.rule_id, f.severity, f.start_s, f.end_s, f.speaker, f.evidence,
           CASE f.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END AS severity_rank
    FROM findings f
    WHERE f.severity <> 'positive'
), per_call AS (
    SELECT f.call_id,
           max(f.severity_rank) AS severity_rank,
           count(*) AS findings,
           count(r.finding_id) AS reviewed_findings,
           list(DISTINCT f.rule_id ORDER BY f.rule_id) AS rules,
           list({'rule_id': f.rule_id, 'severity': f.severity, 'start_s': f.start_s, 'end_s': f.end_s,
                 'speaker': f.speaker, 'evidence': f.evidence} ORDER BY f.start_s, f.rule_id) AS evidence,
           arg_max({'rule_id': f.rule_id, 'start_s': f.start_s, 'evidence': f.evidence},
                   f.severity_rank * 1e6 - f.start_s) AS top
    FROM f
    LEFT JOIN (SELECT DISTINCT finding_id FROM reviews) r ON r.finding_id = f.finding_id
    GROUP BY f.call_id
)
SELECT c.call_id,
       c.agent_id,
       a.team,
       c.language,
       c.started_at,
       round(c.duration_s, 1) AS duration_s,
       CASE p.severity_rank WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END AS max_severity,
       p.findings,
       p.reviewed_findings,
       p.rules,
       p.top.rule_id || ' @' || floor(p.top.start_s / 60)::INTEGER || ':'
           || lpad(floor(p.top.start_s % 60)::INTEGER::VARCHAR, 2, '0') || ' "' || p.top.evidence || '"' AS top_evidence,
       p.evidence,
       c.source_path
FROM per_call p
JOIN calls c USING (call_id)
LEFT JOIN agents a USING (agent_id)
ORDER BY p.severity_rank DESC, p.findings DESC, c.started_at DESC NULLS LAST, c.call_id;
