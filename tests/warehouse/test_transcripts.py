"""Stored calls read back (warehouse.transcripts), the calls a rescore would pick, and db.replace_findings."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from nlp.detect import analyse, rule_versions
from nlp.redact import redact_call
from speech.transcript_json import read_transcript, transcript_from_dict
from speech.types import AsrInfo, AsrQuality, Interval, Transcript, Word
from tests.conftest import REPO
from tests.warehouse.conftest import labelled_records, turn_metrics
from warehouse import db
from warehouse.transcripts import (CallNotStored, encode_rules_version, rescore_candidates, stored_findings,
                                   stored_transcript)

VERSIONS = {language: rule_versions(language) for language in ("es", "en")}


def _with_words(t: Transcript) -> Transcript:
    """What a recognised call carries: words (Whisper's leading spaces), ASR info, metrics with intervals,
    quality, a turn in another language and an inferred role."""
    turns = []
    for i, turn in enumerate(t.turns):
        tokens = turn.text.split()
        step = (turn.end_s - turn.start_s) / len(tokens)
        words = tuple(Word(round(turn.start_s + k * step, 3), round(turn.start_s + (k + 1) * step, 3), " " + w,
                           round(0.5 + k / (2 * len(tokens)), 4)) for k, w in enumerate(tokens))
        turns.append(replace(turn, words=words, language="en" if i == 1 else None,
                             speaker_confidence=0.75 if i == 2 else 1.0))
    t = replace(t, turns=tuple(turns), asr=AsrInfo("faster-whisper", "base", "int8", 0.97),
                quality=AsrQuality(0.81, 0.12, sum(len(u.words) for u in turns), 1))
    metrics = turn_metrics(t)
    return replace(t, metrics=replace(metrics, overlaps=(Interval(3.0, 3.5, "customer"),), overtalk_s=0.5))


def _as_stored(t: Transcript) -> Transcript:
    """What comes back: word texts without the leading space, started_at in UTC."""
    turns = tuple(replace(u, words=tuple(replace(w, text=w.text.strip()) for w in u.words)) for u in t.turns)
    return replace(t, turns=turns, started_at="2024-05-06T07:12:00+00:00")


def test_a_stored_call_reads_back_as_the_transcript_that_was_loaded(tmp_path):
    t = _with_words(read_transcript(REPO / "examples" / "scenarios" / "es_01_culpa_facturacion.json"))
    assert t.started_at == "2024-05-06T09:12:00+02:00"
    with db.connect(tmp_path / "w.duckdb") as con:
        db.load_call(con, t, analyse(t).findings)
        back = stored_transcript(con, t.call_id)
    assert back == _as_stored(t)  # text, times, speakers, words, languages, roles, asr, metrics, quality
    assert [w.text for w in back.turns[0].words] == t.turns[0].text.split()


def test_a_redacted_call_reads_back_redacted_with_its_findings(tmp_path):
    t = transcript_from_dict(json.loads((REPO / "examples" / "scenarios" / "en_05_billing_blame.json").read_text()))
    loaded = redact_call(t, analyse(t))
    with db.connect(tmp_path / "w.duckdb") as con:
        db.load_call(con, loaded.transcript, loaded.analysis.findings, loaded.analysis.events,
                     redactions=loaded.redactions)
        back = stored_transcript(con, t.call_id)
        findings = stored_findings(con, t.call_id)
    assert [u.text for u in back.turns] == [u.text for u in loaded.transcript.turns]
    assert "[PERSON]" in back.turns[0].text and back.metrics is None and back.asr is None and back.quality is None
    assert sorted(findings, key=lambda f: f.finding_id) == sorted(loaded.analysis.findings, key=lambda f: f.finding_id)


def test_an_unknown_call_is_named(tmp_path):
    with db.connect(tmp_path / "w.duckdb") as con, pytest.raises(CallNotStored, match="nope: no such call"):
        stored_transcript(con, "nope")


def _load_with_run(con, records, versions=VERSIONS) -> str:
    run_id = db.start_run(con, rule_versions=versions)
    db.load_calls(con, records, run_id=run_id)
    return run_id


def test_rescore_candidates_follow_the_rule_versions_each_call_was_scored_with(tmp_path):
    es, en = labelled_records("es")[:4], labelled_records("en")[:3]
    with db.connect(tmp_path / "w.duckdb") as con:
        _load_with_run(con, es)
        db.load_calls(con, en)  # no run: the versions are unknown
        ids = sorted(r.transcript.call_id for r in es + en)
        es_ids = sorted(r.transcript.call_id for r in es)
        en_ids = sorted(r.transcript.call_id for r in en)
        found = rescore_candidates(con, VERSIONS)
        assert (list(found.stale), list(found.current)) == (en_ids, es_ids)

        # The English rules change: only the English calls are stale, whatever their run says.
        changed = {"es": VERSIONS["es"], "en": {**VERSIONS["en"], "blame_shifting": "2.0+en.00000000"}}
        for r in en:
            db.replace_findings(con, r, rules_version=encode_rules_version(VERSIONS["en"]))
        assert list(rescore_candidates(con, VERSIONS).stale) == []
        assert list(rescore_candidates(con, changed).stale) == en_ids

        # A finding from a version that is not current marks its call, even if the call says otherwise.
        with_findings = next(r.transcript.call_id for r in es if r.findings)
        con.execute("UPDATE findings SET rule_version = '0.9+es.deadbeef' WHERE call_id = ?", [with_findings])
        assert list(rescore_candidates(con, VERSIONS).stale) == [with_findings]

        asked = rescore_candidates(con, VERSIONS, [en_ids[0], "not-a-call"])
        assert (asked.stale, asked.current, asked.missing) == ((), (en_ids[0],), ("not-a-call",))
        assert len(ids) == len(found.stale) + len(found.current)


def _totals(con):
    """Every derived number a replacement must keep right, recomputed from the views and tables."""
    return {name: con.execute(sql).fetchall() for name, sql in {
        "agent_summary": "SELECT * FROM agent_summary ORDER BY agent_id",
        "agent_rule_summary": "SELECT * FROM agent_rule_summary ORDER BY agent_id, rule_id",
        "rule_trends": "SELECT * FROM rule_trends ORDER BY rule_id, language, day",
        "flagged_calls": "SELECT call_id, findings, rules, top_evidence FROM flagged_calls ORDER BY call_id",
    }.items()}


def test_replace_findings_swaps_the_rules_output_and_keeps_the_rest(tmp_path):
    records = labelled_records("es")[:6]
    target = next(r for r in records if r.findings)
    call_id = target.transcript.call_id
    with db.connect(tmp_path / "w.duckdb") as con:
        _load_with_run(con, records)
        kept = {table: con.execute(f"SELECT * FROM {table} WHERE call_id = ? ORDER BY ALL", [call_id]).fetchall()
                for table in ("utterances", "words", "redactions", "call_metrics")}
        before = _totals(con)
        review = db.add_review(con, target.findings[0].finding_id, "confirmed", reviewer="qa")
        db.record_error(con, target.transcript.source_path, "rescore", "earlier failure", call_id=call_id)

        # Everything found again with the same ids: the warehouse reads the same afterwards.
        db.replace_findings(con, target, rules_version="{}", run_id="rescore-1")
        assert _totals(con) == before
        assert con.execute("SELECT rules_version, rescore_run_id FROM calls WHERE call_id = ?", [call_id]).fetchone() == \
            ("{}", "rescore-1")
        assert con.execute("SELECT count(*) FROM ingest_errors WHERE call_id = ?", [call_id]).fetchone() == (0,)

        # Only the first finding still found: the rest go, from the totals too; its review stays.
        db.replace_findings(con, replace(target, findings=target.findings[:1]))
        assert con.execute("SELECT finding_id FROM findings WHERE call_id = ?", [call_id]).fetchall() == \
            [(target.findings[0].finding_id,)]
        fresh = tmp_path / "fresh.duckdb"
        with db.connect(fresh) as other:
            _load_with_run(other, [replace(target, findings=target.findings[:1]) if r is target else r
                                   for r in records])
            assert _totals(con) == _totals(other)
        for table, rows in kept.items():
            assert con.execute(f"SELECT * FROM {table} WHERE call_id = ? ORDER BY ALL", [call_id]).fetchall() == rows
        assert con.execute("SELECT review_id FROM reviews").fetchall() == [(review,)]
        assert con.execute("SELECT review_verdict FROM agent_evidence WHERE call_id = ?", [call_id]).fetchall() == \
            [("confirmed",)]

        with pytest.raises(LookupError, match="nope: no such call"):
            db.replace_findings(con, replace(target, transcript=replace(target.transcript, call_id="nope")))
