-- Which file each call was last loaded from, and its sha256: `process_batch(only_new=True)` (the inbox
-- deployment) skips a file whose call is loaded from the same bytes, and `escucha forget` finds the
-- cached transcripts of a forgotten call by the hash.
CREATE TABLE source_files (
    call_id     VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    loaded_at   TIMESTAMP NOT NULL
);
