-- Full-text search over utterances: rebuilt from scratch (cheap), one BM25 index per stemmer.
-- Spanish turns (the turn's language, else the call's) get the Spanish stemmer; every other turn the
-- English one. Accents are stripped, no stop words are dropped (so "otro departamento" keeps both words).
-- The docs tables carry what a hit shows (agent, speaker, times), so a search joins nothing else.
CREATE OR REPLACE TABLE search_docs_es AS
SELECT row_number() OVER (ORDER BY u.call_id, u.turn_index) AS doc_id, u.call_id, u.turn_index, u.text,
       c.agent_id, u.speaker, u.start_s, u.end_s
FROM utterances u JOIN calls c USING (call_id)
WHERE coalesce(u.language, c.language) = 'es';

CREATE OR REPLACE TABLE search_docs_en AS
SELECT row_number() OVER (ORDER BY u.call_id, u.turn_index) AS doc_id, u.call_id, u.turn_index, u.text,
       c.agent_id, u.speaker, u.start_s, u.end_s
FROM utterances u JOIN calls c USING (call_id)
WHERE coalesce(u.language, c.language) <> 'es';

PRAGMA create_fts_index('search_docs_es', 'doc_id', 'text', stemmer = 'spanish', stopwords = 'none',
                        strip_accents = 1, lower = 1, overwrite = 1);
PRAGMA create_fts_index('search_docs_en', 'doc_id', 'text', stemmer = 'english', stopwords = 'none',
                        strip_accents = 1, lower = 1, overwrite = 1);

-- Term frequencies per (term, utterance), with the utterance's length, sorted by term: a query reads only
-- the row groups of its own terms (the index's terms table has one row per word, in document order).
CREATE OR REPLACE TABLE search_docs_es_tf AS
SELECT t.termid, d.name AS doc_id, count(*) AS tf, any_value(d.len) AS len
FROM fts_main_search_docs_es.terms t JOIN fts_main_search_docs_es.docs d USING (docid)
GROUP BY t.termid, d.name
ORDER BY t.termid, d.name;

CREATE OR REPLACE TABLE search_docs_en_tf AS
SELECT t.termid, d.name AS doc_id, count(*) AS tf, any_value(d.len) AS len
FROM fts_main_search_docs_en.terms t JOIN fts_main_search_docs_en.docs d USING (docid)
GROUP BY t.termid, d.name
ORDER BY t.termid, d.name;

-- search_utterances(q[, n := 20]): every utterance containing all the words of q (after stemming), best first;
-- with n, only the best n, whose text alone is joined.
-- BM25 exactly as the extension's match_bm25(doc_id, q, conjunctive := 1) computes it (k = 1.2, b = 0.75,
-- same formula and order of operations), but starting from the query's terms (search_docs_*_tf) instead of
-- calling match_bm25 once per utterance: only the utterances that contain a query term are read.
CREATE OR REPLACE MACRO search_utterances(q, n := NULL) AS TABLE
WITH tokens_es AS (
    SELECT DISTINCT stem(unnest(fts_main_search_docs_es.tokenize(q)), 'spanish') AS t
), qterms_es AS (
    SELECT d.termid, d.df FROM fts_main_search_docs_es.dict d JOIN tokens_es k ON d.term = k.t
), scores_es AS (
    SELECT x.doc_id,
           sum(log((((st.num_docs - q.df) + 0.5) / (q.df + 0.5)) + 1)
               * ((x.tf * (1.2 + 1)) / (x.tf + (1.2 * ((1 - 0.75) + (0.75 * (x.len / st.avgdl))))))) AS score
    FROM search_docs_es_tf x
    JOIN qterms_es q USING (termid)
    CROSS JOIN fts_main_search_docs_es.stats st
    GROUP BY x.doc_id
    HAVING count(*) = (SELECT count(*) FROM tokens_es)  -- every word of the query
), tokens_en AS (
    SELECT DISTINCT stem(unnest(fts_main_search_docs_en.tokenize(q)), 'english') AS t
), qterms_en AS (
    SELECT d.termid, d.df FROM fts_main_search_docs_en.dict d JOIN tokens_en k ON d.term = k.t
), scores_en AS (
    SELECT x.doc_id,
           sum(log((((st.num_docs - q.df) + 0.5) / (q.df + 0.5)) + 1)
               * ((x.tf * (1.2 + 1)) / (x.tf + (1.2 * ((1 - 0.75) + (0.75 * (x.len / st.avgdl))))))) AS score
    FROM search_docs_en_tf x
    JOIN qterms_en q USING (termid)
    CROSS JOIN fts_main_search_docs_en.stats st
    GROUP BY x.doc_id
    HAVING count(*) = (SELECT count(*) FROM tokens_en)  -- every word of the query
)
SELECT call_id, agent_id, turn_index, speaker, start_s, end_s, text, round(score, 4) AS score
FROM (
    -- The best n of each language first (doc_id follows call_id, turn_index within a language, so this is
    -- the same order), and only then their text: the utterances' text is read for n hits, not for all.
    SELECT d.call_id, d.agent_id, d.turn_index, d.speaker, d.start_s, d.end_s, d.text, s.score
    FROM (SELECT * FROM scores_es ORDER BY score DESC, doc_id LIMIT n) s JOIN search_docs_es d USING (doc_id)
    UNION ALL
    SELECT d.call_id, d.agent_id, d.turn_index, d.speaker, d.start_s, d.end_s, d.text, s.score
    FROM (SELECT * FROM scores_en ORDER BY score DESC, doc_id LIMIT n) s JOIN search_docs_en d USING (doc_id)
) hit
ORDER BY hit.score DESC, call_id, turn_index
LIMIT n;

CREATE OR REPLACE TABLE search_index_state AS
SELECT now()::TIMESTAMP AS built_at,
       (SELECT count(*) FROM utterances) AS n_utterances,
       (SELECT max(loaded_at) FROM calls) AS last_loaded_at;
