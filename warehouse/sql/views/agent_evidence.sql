-- Every finding, for coaches: the agent, the call, where in it (seconds, and m:ss in start_mmss), the words said, the
-- whole turn they were said in, why it is a finding, and the latest QA verdict on it (NULL: not reviewed).
CREATE OR REPLACE VIEW agent_evidence AS
SELECT f.agent_id,
       a.team,
       f.call_id,
       c.started_at,
       f.finding_id,
       f.rule_id,
       f.rule_version,
       f.severity,
       f.speaker,
       f.start_s,
       f.end_s,
       floor(f.start_s / 60)::INTEGER || ':' || lpad(floor(f.start_s % 60)::INTEGER::VARCHAR, 2, '0') AS start_mmss,
       f.evidence,
       u.text AS turn_text,
       f.explanation,
       f.pattern_id,
       f.confidence,
       r.verdict AS review_verdict,
       r.reviewer
FROM findings f
JOIN calls c USING (call_id)
LEFT JOIN utterances u ON u.call_id = f.call_id AND u.turn_index = f.turn_index
LEFT JOIN agents a ON a.agent_id = f.agent_id
LEFT JOIN (SELECT finding_id, arg_max(verdict, reviewed_at) AS verdict, arg_max(reviewer, reviewed_at) AS reviewer
           FROM reviews GROUP BY finding_id) r ON r.finding_id = f.finding_id
ORDER BY f.agent_id, c.started_at NULLS LAST, f.call_id, f.start_s;
