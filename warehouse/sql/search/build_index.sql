-- search_utterances(q[, n := 20]): every utterance containing all the words of q (after stemming), best first;
-- with n, only the best n, whose text alone is read.
-- BM25 exactly as the extension's match_bm25(doc_id, q, conjunctive := 1) computes it: the sum of the
-- query terms' w (above), starting from the query's terms (search_docs_*_tf) instead of calling match_bm25
-- once per utterance: only the utterances that contain a query term are read.
CREATE OR REPLACE MACRO search_utterances(q, n := NULL) AS TABLE
WITH tokens_es AS (
    SELECT DISTINCT stem(unnest(fts_main_search_docs_es.tokenize(q)), 'spanish') AS t
), scores_es AS (
    SELECT x.doc_id, sum(x.w) AS score
    FROM search_docs_es_tf x JOIN fts_main_search_docs_es.dict d USING (termid) JOIN tokens_es k ON d.term = k.t
    GROUP BY x.doc_id
    HAVING count(*) = (SELECT count(*) FROM tokens_es)  -- every word of the query
), top_es AS (  -- the best n (doc_id follows call_id, turn_index within a language: the same order)
    SELECT * FROM scores_es ORDER BY score DESC, doc_id LIMIT n
), tokens_en AS (
    SELECT DISTINCT stem(unnest(fts_main_search_docs_en.tokenize(q)), 'english') AS t
), scores_en AS (
    SELECT x.doc_id, sum(x.w) AS score
    FROM search_docs_en_tf x JOIN fts_main_search_docs_en.dict d USING (termid) JOIN tokens_en k ON d.term = k.t
    GROUP BY x.doc_id
    HAVING count(*) = (SELECT count(*) FROM tokens_en)  -- every word of the query
), top_en AS (
    SELECT * FROM scores_en ORDER BY score DESC, doc_id LIMIT n
)
SELECT call_id, agent_id, turn_index, speaker, start_s, end_s, text, round(score, 4) AS score
FROM (
    -- Only then their text: the utterances are filtered by doc_id (a semi-join) before they meet the scores.
    SELECT d.call_id, d.agent_id, d.turn_index, d.speaker, d.start_s, d.end_s, d.text, s.score
    FROM (SELECT * FROM search_docs_es WHERE doc_id IN (SELECT doc_id FROM top_es)) d JOIN top_es s USING (doc_id)
    UNION ALL
    SELECT d.call_id, d.agent_id, d.turn_index, d.speaker, d.start_s, d.end_s, d.text, s.score
    FROM (SELECT * FROM search_docs_en WHERE doc_id IN (SELECT doc_id FROM top_en)) d JOIN top_en s USING (doc_id)
) hit
ORDER BY hit.score DESC, call_id, turn_index
LIMIT n;

CREATE OR REPLACE TABLE search_index_state AS
SELECT now()::TIMESTAMP AS built_at,
       (SELECT count(*) FROM utterances) AS n_utterances,
       (SELECT max(loaded_at) FROM calls) AS last_loaded_at;
