"""Amazon Transcribe Call Analytics JSON read as our Transcript, and our rules run on it."""
from __future__ import annotations

import json

import pytest

from speech.transcript_json import TranscriptFormatError, read_transcript, transcript_from_dict
from speech.vendor_formats import AWS_CALL_ANALYTICS, detect_format

MINI = {"JobName": "call-7.wav", "LanguageCode": "es-US", "Participants": [{"ParticipantRole": "AGENT"}],
        "Transcript": [
            {"ParticipantRole": "CUSTOMER", "BeginOffsetMillis": 3000, "EndOffsetMillis": 5000,
             "Content": "Me cobraron de más.", "Items": [
                 {"Type": "pronunciation", "Content": "Me", "Confidence": 0.9, "BeginOffsetMillis": 3000, "EndOffsetMillis": 3200},
                 {"Type": "punctuation", "Content": ".", "Confidence": 0.0}]},
            {"ParticipantRole": "AGENT", "BeginOffsetMillis": 100, "EndOffsetMillis": 2500, "Content": "Buenos días."}],
        "ConversationCharacteristics": {"TotalConversationDurationMillis": 6000}}


def test_the_format_is_detected_and_mapped():
    assert detect_format(MINI) == AWS_CALL_ANALYTICS
    assert detect_format({"call_id": "x", "turns": []}) is None
    t = transcript_from_dict(MINI, agent_id="AG-1")
    assert (t.call_id, t.agent_id, t.language, t.duration_s) == ("call-7", "AG-1", "es", 6.0)
    assert [(u.speaker, u.start_s, u.end_s, u.text) for u in t.turns] == [
        ("agent", 0.1, 2.5, "Buenos días."), ("customer", 3.0, 5.0, "Me cobraron de más.")]
    assert [(w.text, w.probability) for w in t.turns[1].words] == [("Me", 0.9)]
    assert t.asr.backend == AWS_CALL_ANALYTICS and t.quality.n_words == 1


def test_an_unsupported_language_is_a_format_error():
    with pytest.raises(TranscriptFormatError, match="LanguageCode 'de-DE'"):
        transcript_from_dict(dict(MINI, LanguageCode="de-DE"), source="x.json")


def test_the_staged_aws_example_call_loads_and_runs_our_rules(real_calls, tmp_path):
    path = real_calls / "text" / "en_aws-transcribe-call-analytics_example-call.json"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    raw = json.loads(path.read_text(encoding="utf-8"))
    t = read_transcript(path)
    assert t.language == "en" and len(t.turns) == len(raw["Transcript"])
    assert t.turns[0].speaker == "agent" and t.turns[0].text.startswith("Thank you for calling")
    assert {u.speaker for u in t.turns} == {"agent", "customer"}
    assert all(u.start_s <= u.end_s for u in t.turns) and t.duration_s == pytest.approx(182.89)
    assert all(u.start_s - 0.01 <= w.start_s <= w.end_s <= u.end_s + 0.01 for u in t.turns for w in u.words)
    assert 0 < t.quality.mean_word_probability <= 1 and t.quality.n_words > 300

    from nlp.detect import analyse
    from warehouse import db

    analysis = analyse(t)
    with db.connect(tmp_path / "w.duckdb") as con:
        db.load_call(con, t, analysis.findings, analysis.events)
        assert con.execute("SELECT asr_backend, n_turns FROM calls").fetchone() == (AWS_CALL_ANALYTICS, len(t.turns))
        assert con.execute("SELECT count(*) FROM words").fetchone()[0] == t.quality.n_words
        assert con.execute("SELECT count(*) FROM findings").fetchone()[0] == len(analysis.findings)
