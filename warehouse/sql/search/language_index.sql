-- Full-text search over utterances, one BM25 index per stemmer: this file runs once per language
-- (warehouse/search.py fills in {language}, {stemmer} and {turns}): Spanish turns (the turn's language, else
-- the call's) get the Spanish stemmer; every other turn the English one. Rebuilt from scratch (cheap).
-- Accents are stripped, no stop words are dropped (so "otro departamento" keeps both words).
-- The docs table carries what a hit shows (agent, speaker, times), so a search joins nothing else.
CREATE OR REPLACE TABLE search_docs_{language} AS
SELECT row_number() OVER (ORDER BY u.call_id, u.turn_index) AS doc_id, u.call_id, u.turn_index, u.text,
       c.agent_id, u.speaker, u.start_s, u.end_s
FROM utterances u JOIN calls c USING (call_id)
WHERE coalesce(u.language, c.language) {turns};

PRAGMA create_fts_index('search_docs_{language}', 'doc_id', 'text', stemmer = '{stemmer}', stopwords = 'none',
                        strip_accents = 1, lower = 1, overwrite = 1);

-- One row per (term, utterance) with w, the term's part of the utterance's BM25 score as the extension's
-- match_bm25 computes it (k = 1.2, b = 0.75, same formula and order of operations, from the term's
-- frequency in the utterance, the utterance's length and the index's statistics), sorted by term: a query
-- reads only the row groups of its own terms (the index's terms table has one row per word, in document
-- order) and sums w instead of evaluating the formula for every (term, utterance) it reads.
CREATE OR REPLACE TABLE search_docs_{language}_tf AS
WITH tf AS (
    SELECT t.termid, d.name AS doc_id, count(*) AS tf, any_value(d.len) AS len
    FROM fts_main_search_docs_{language}.terms t JOIN fts_main_search_docs_{language}.docs d USING (docid)
    GROUP BY t.termid, d.name
)
SELECT x.termid, x.doc_id,
       log((((st.num_docs - q.df) + 0.5) / (q.df + 0.5)) + 1)
       * ((x.tf * (1.2 + 1)) / (x.tf + (1.2 * ((1 - 0.75) + (0.75 * (x.len / st.avgdl)))))) AS w
FROM tf x JOIN fts_main_search_docs_{language}.dict q USING (termid) CROSS JOIN fts_main_search_docs_{language}.stats st
ORDER BY x.termid, x.doc_id;
