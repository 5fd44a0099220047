-- Full-text search over utterances: rebuilt from scratch (cheap), one BM25 index per stemmer.
-- Spanish turns (the turn's language, else the call's) get the Spanish stemmer; every other turn the
-- English one. Accents are stripped, no stop words are dropped (so "otro departamento" keeps both words).
CREATE OR REPLACE TABLE search_docs_es AS
SELECT row_number() OVER (ORDER BY u.call_id, u.turn_index) AS doc_id, u.call_id, u.turn_index, u.text
FROM utterances u JOIN calls c USING (call_id)
WHERE coalesce(u.language, c.language) = 'es';

CREATE OR REPLACE TABLE search_docs_en AS
SELECT row_number() OVER (ORDER BY u.call_id, u.turn_index) AS doc_id, u.call_id, u.turn_index, u.text
FROM utterances u JOIN calls c USING (call_id)
WHERE coalesce(u.language, c.language) <> 'es';

PRAGMA create_fts_index('search_docs_es', 'doc_id', 'text', stemmer = 'spanish', stopwords = 'none',
                        strip_accents = 1, lower = 1, overwrite = 1);
PRAGMA create_fts_index('search_docs_en', 'doc_id', 'text', stemmer = 'english', stopwords = 'none',
                        strip_accents = 1, lower = 1, overwrite = 1);

-- search_utterances(q): every utterance containing all the words of q (after stemming), best first.
CREATE OR REPLACE MACRO search_utterances(q) AS TABLE
SELECT d.call_id, c.agent_id, d.turn_index, u.speaker, u.start_s, u.end_s, d.text, round(d.score, 4) AS score
FROM (
    SELECT call_id, turn_index, text, fts_main_search_docs_es.match_bm25(doc_id, q, conjunctive := 1) AS score
    FROM search_docs_es
    UNION ALL
    SELECT call_id, turn_index, text, fts_main_search_docs_en.match_bm25(doc_id, q, conjunctive := 1) AS score
    FROM search_docs_en
) d
JOIN utterances u USING (call_id, turn_index)
JOIN calls c USING (call_id)
WHERE d.score IS NOT NULL
ORDER BY d.score DESC, d.call_id, d.turn_index;

CREATE OR REPLACE TABLE search_index_state AS
SELECT now()::TIMESTAMP AS built_at,
       (SELECT count(*) FROM utterances) AS n_utterances,
       (SELECT max(loaded_at) FROM calls) AS last_loaded_at;
