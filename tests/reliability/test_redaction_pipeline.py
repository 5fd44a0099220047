"""Redaction in the pipeline: what the flow stores is redacted by default, with the spans' times."""
from __future__ import annotations

import json

import duckdb
import pytest

pytestmark = pytest.mark.integration

CARD_TURN = "Mire, mi tarjeta es la 4111 1111 1111 1111 y no me corresponde pagar esto, llámeme al 612 345 678."


def _folder(tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    words = [{"start": 2.0 + 0.4 * i, "end": 2.3 + 0.4 * i, "word": " " + w, "probability": 0.9}
             for i, w in enumerate(CARD_TURN.split())]
    call = {"call_id": "pii-call", "agent_id": "AG-1", "language": "es", "started_at": "2026-11-20T10:00:00Z",
            "turns": [{"speaker": "customer", "start": 2.0, "end": 2.0 + 0.4 * len(words), "text": CARD_TURN,
                       "words": words},
                      {"speaker": "agent", "start": 10.0, "end": 14.0,
                       "text": "Eso no me corresponde, la tarjeta 4111 1111 1111 1111 la lleva otro departamento."}]}
    (folder / "pii-call.json").write_text(json.dumps(call, ensure_ascii=False), encoding="utf-8")
    return folder


def _q(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_stored_text_words_and_evidence_are_redacted(prefect_backend, tmp_path):
    from flows.process_calls import process_batch

    db = tmp_path / "w.duckdb"
    process_batch([str(_folder(tmp_path))], str(db))
    texts = [t for (t,) in _q(db, "SELECT text FROM utterances ORDER BY turn_index")]
    assert "[CARD]" in texts[0] and "[PHONE]" in texts[0] and "4111" not in " ".join(texts)
    assert not _q(db, "SELECT word FROM words WHERE word LIKE '%4111%' OR word LIKE '%612%'")
    assert _q(db, "SELECT count(*) FROM words WHERE word = '[CARD]'") == [(4,)]
    assert _q(db, "SELECT count(*) FROM findings") != [(0,)]
    assert not _q(db, "SELECT evidence FROM findings WHERE evidence LIKE '%4111%' OR explanation LIKE '%4111%'")
    assert not _q(db, "SELECT top_evidence FROM call_flags WHERE top_evidence LIKE '%4111%'")
    spans = _q(db, "SELECT turn_index, kind, start_s, end_s FROM redactions ORDER BY turn_index, start_s")
    assert [(t, k) for t, k, _, _ in spans] == [(0, "CARD"), (0, "PHONE"), (1, "CARD")]
    assert spans[0][2:] == (4.0, 5.5)  # the card's four words: 6th to 9th, word times
    assert 10.0 < spans[2][2] < spans[2][3] < 14.0  # no words: the turn's time spread over its characters


def test_no_redact_keeps_the_words(prefect_backend, tmp_path):
    from flows.process_calls import process_batch

    db = tmp_path / "w.duckdb"
    process_batch([str(_folder(tmp_path))], str(db), redact=False)
    assert "4111 1111 1111 1111" in _q(db, "SELECT text FROM utterances WHERE turn_index = 0")[0][0]
    assert _q(db, "SELECT count(*) FROM redactions") == [(0,)]
