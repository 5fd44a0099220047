"""PII redaction: the labelled set, spoken digits, times of redacted spans, findings' evidence."""
from __future__ import annotations

import json

import pytest

from nlp.detect import analyse
from nlp.redact import KINDS, find_pii_many, luhn_ok, redact_call, redact_text, rules
from speech.transcript_json import transcript_from_dict
from tests.conftest import REPO

PII = REPO / "tests" / "data" / "pii"


def test_the_rules_file_loads_and_names_every_kind():
    cfg = rules()
    assert {"digits", "tens", "context", "checks", "patterns", "person"} <= set(cfg)
    assert "[{kind}]" == cfg["placeholder"]
    assert len(KINDS) == len(set(KINDS))


@pytest.mark.parametrize("language", ["es", "en"])
def test_labelled_set_recall_and_precision(language):
    rows = [json.loads(line) for line in (PII / f"{language}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 60 and sum(not r["spans"] for r in rows) >= 20  # hard negatives included
    gold = hit = found = right = 0
    for row, spans in zip(rows, find_pii_many([r["text"] for r in rows], language)):
        g = [(s["label"], s["start"], s["end"]) for s in row["spans"]]
        gold += len(g)
        hit += sum(any(s.kind == k and s.start < b and a < s.end for s in spans) for k, a, b in g)
        found += len(spans)
        right += sum(any(k == s.kind and s.start < b and a < s.end for k, a, b in g) for s in spans)
    assert hit / gold >= 0.95
    assert right / found >= 0.9


@pytest.mark.parametrize("text,language,expected", [
    ("mi tarjeta es cuatro uno uno uno, uno uno uno uno, uno uno uno uno, uno uno uno uno", "es", "mi tarjeta es [CARD]"),
    ("it's four one one one one one one one one one one one one one one one", "en", "it's [CARD]"),
    ("card three five three oh one one one three three three three oh double oh double oh", "en", "card [CARD]"),
    ("Llámeme al seis uno dos, treinta y cuatro, cincuenta y seis, setenta y ocho.", "es", "Llámeme al [PHONE]."),
    ("call me at five five five, two three four, double five six seven", "en", "call me at [PHONE]"),
    ("escriba a juan punto garcia arroba gmail punto com", "es", "escriba a [EMAIL]"),
    ("DNI 12345678Z, IBAN ES91 2100 0418 4502 0005 1332", "es", "DNI [DNI], IBAN [IBAN]"),
    ("SSN 123-45-6789", "en", "SSN [SSN]"),
])
def test_spoken_and_written_pii_is_replaced(text, language, expected):
    assert redact_text(text, language, names=False) == expected


@pytest.mark.parametrize("text,language", [
    ("El número de pedido es 4111 1111 1111 1112.", "es"),  # fails Luhn
    ("Me cobraron 1.234,56 euros el 12/05/2024.", "es"),
    ("Order 2125550147 hasn't arrived yet.", "en"),
    ("The tracking number is 1234567890123.", "en"),
])
def test_hard_negatives_are_kept(text, language):
    assert redact_text(text, language, names=False) == text


def test_luhn():
    assert luhn_ok("4539148803436467") and not luhn_ok("4539148803436468")


def _call(words: bool):
    turn = {"speaker": "customer", "start": 10.0, "end": 16.0,
            "text": "Mi tarjeta es 4111 1111 1111 1111 y no me corresponde pagar esto."}
    if words:
        tokens = turn["text"].split()
        turn["words"] = [{"start": 10.0 + 0.5 * i, "end": 10.4 + 0.5 * i, "word": " " + w, "probability": 0.9}
                         for i, w in enumerate(tokens)]
    agent = {"speaker": "agent", "start": 17.0, "end": 20.0,
             "text": "Eso no me corresponde, señor, la tarjeta 4111 1111 1111 1111 es suya."}
    return transcript_from_dict({"call_id": "pii-1", "agent_id": "A", "language": "es", "turns": [turn, agent]})


def test_redacted_call_keeps_times_of_spans_and_redacts_words():
    call = _call(words=True)
    out = redact_call(call, analyse(call), names=False)
    first = out.transcript.turns[0]
    assert "4111" not in first.text and "[CARD]" in first.text
    assert [w.text.strip() for w in first.words[3:7]] == ["[CARD]"] * 4
    assert [w.start_s for w in first.words] == [w.start_s for w in call.turns[0].words]
    r = out.redactions[0]
    assert (r.turn_index, r.kind, r.start_s, r.end_s) == (0, "CARD", 11.5, 13.4)
    assert all(t.start_s <= x.start_s <= x.end_s <= t.end_s for x in out.redactions
               for t in [out.transcript.turns[x.turn_index]])


def test_findings_evidence_is_redacted_and_times_without_words_are_spread():
    call = _call(words=False)
    analysis = analyse(call)
    assert any("4111" in f.evidence for f in analysis.findings), "the test needs a finding quoting the card"
    out = redact_call(call, analysis, names=False)
    assert len(out.analysis.findings) == len(analysis.findings)
    for f in out.analysis.findings:
        assert "4111" not in f.evidence and "4111" not in f.explanation
    agent = [x for x in out.redactions if x.turn_index == 1][0]
    assert 17.0 < agent.start_s < agent.end_s < 20.0
