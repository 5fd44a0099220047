-- Issue #8: PII redaction. One row per redacted span of a stored transcript (the text itself is stored
-- redacted, e.g. "[CARD]"); the times let the audio be muted there later. Replaced with the call's rows.
CREATE TABLE redactions (
    call_id     VARCHAR NOT NULL,
    turn_index  INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,            -- CARD | PHONE | EMAIL | DNI | SSN | IBAN | ACCOUNT | PERSON
    start_s     DOUBLE NOT NULL,
    end_s       DOUBLE NOT NULL
);
