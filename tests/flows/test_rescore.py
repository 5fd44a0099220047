"""The rescore flow on a real (temporary) Prefect backend, on a warehouse loaded as the process flow loads
one (rules run on the words as said, then stored redacted, with a run recording the rule versions)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from nlp.detect import analyse, rule_versions
from nlp.redact import redact_call
from nlp.rulebook import LANGUAGES, RULES_DIR, load_rulebook  # the real one: edited_rules patches its users
from speech.transcript_json import read_transcript, transcript_from_dict
from tests.conftest import REPO
from tests.flows.artifacts import run_artifacts, table_columns
from tests.nlp.test_stored import NAMED_BLAME
from warehouse import db
from warehouse.transcripts import encode_rules_version, stored_findings, stored_transcript

pytestmark = pytest.mark.integration

SCENARIOS = sorted((REPO / "examples" / "scenarios").glob("*.json"))
FINDINGS = "SELECT finding_id, call_id, rule_id, rule_version, evidence, explanation, detected_at FROM findings ORDER BY ALL"


def _rows(path, sql, params=()):
    with db.connect(path) as con:
        return con.execute(sql, list(params)).fetchall()


def _load_like_the_process_flow(path: Path) -> Path:
    transcripts = [read_transcript(f) for f in SCENARIOS] + [transcript_from_dict(NAMED_BLAME)]
    with db.connect(path) as con:
        run_id = db.start_run(con, rule_versions={lang: rule_versions(lang) for lang in LANGUAGES},
                              inputs=len(transcripts))
        for t in transcripts:
            call = redact_call(t, analyse(t))
            db.load_call(con, call.transcript, call.analysis.findings, call.analysis.events, run_id=run_id,
                         redactions=call.redactions)
        db.finish_run(con, run_id, calls_loaded=len(transcripts), calls_failed=0, findings=0)
    return path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    return _load_like_the_process_flow(tmp_path_factory.mktemp("rescore") / "loaded.duckdb")


@pytest.fixture
def warehouse(loaded, tmp_path) -> Path:
    return Path(shutil.copy(loaded, tmp_path / "w.duckdb"))


def _totals(path):
    return {sql: _rows(path, sql) for sql in (
        "SELECT * FROM agent_summary ORDER BY agent_id",
        "SELECT * FROM agent_rule_summary ORDER BY agent_id, rule_id",
        "SELECT * FROM rule_trends ORDER BY rule_id, language, day",
        "SELECT call_id, findings, rules, top_evidence FROM flagged_calls ORDER BY call_id")}


def _age_the_rules(path) -> tuple[str, str]:
    """Make every call look scored with older rules: the loading run's versions, and the findings', are
    0.9; one call also has a finding of a rule that no longer exists. Returns (that call, the finding)."""
    old = {lang: {rule: "0.9+" + lang + ".00000000" for rule in rule_versions(lang)} for lang in LANGUAGES}
    with db.connect(path) as con:
        con.execute("UPDATE runs SET rule_versions = ?", [json.dumps(old)])
        con.execute("UPDATE findings SET rule_version = '0.9+' || (SELECT language FROM calls c "
                    "WHERE c.call_id = findings.call_id) || '.00000000'")
        call_id = "es_01_culpa_facturacion"
        t, findings = stored_transcript(con, call_id), stored_findings(con, call_id)
        retired = replace(findings[0], finding_id="retired0000000000", rule_id="retired_rule", turn_index=0)
        db.replace_findings(con, db.CallRecord(t, [*findings, retired]), rules_version=None)
    return call_id, retired.finding_id


def test_a_rescore_with_nothing_changed_does_nothing(prefect_backend, warehouse):
    from flows.rescore import rescore

    before = _rows(warehouse, FINDINGS)
    summary = rescore(db_path=str(warehouse))
    assert summary.rescored == [] and summary.errors == [] and summary.up_to_date == len(SCENARIOS) + 1
    assert _rows(warehouse, FINDINGS) == before  # not even detected_at moved
    assert _rows(warehouse, "SELECT kind, status, calls_loaded FROM runs WHERE run_id = ?", [summary.run_id]) == \
        [("rescore", "completed", 0)]


def test_a_rescore_after_a_rule_version_change_recomputes_with_the_current_rules(prefect_backend, warehouse, loaded):
    from flows.rescore import rescore

    named_blame = _rows(warehouse, "SELECT finding_id FROM findings WHERE call_id = 'en_named_blame' "
                                   "AND rule_id = 'blame_shifting'")[0][0]
    call_id, retired = _age_the_rules(warehouse)
    with db.connect(warehouse) as con:
        kept = db.add_review(con, named_blame, "confirmed", reviewer="qa")  # after a [PERSON] in its turn
        db.add_review(con, retired, "rejected", reviewer="qa")
    transcripts_before = _rows(warehouse, "SELECT * FROM utterances ORDER BY ALL")

    summary = rescore(db_path=str(warehouse))

    assert sorted(summary.rescored) == sorted(r[0] for r in _rows(loaded, "SELECT call_id FROM calls"))
    assert summary.errors == [] and summary.up_to_date == 0
    assert summary.changed == [call_id]  # the retired rule's finding went; every other finding is the same
    # The current versions on every finding and call; the same findings, ids and evidence as when loaded.
    current = {lang: rule_versions(lang) for lang in LANGUAGES}
    for finding_call, rule_id, version, language in _rows(
            warehouse, "SELECT f.call_id, f.rule_id, f.rule_version, c.language FROM findings f JOIN calls c USING (call_id)"):
        assert version == current[language][rule_id], (finding_call, rule_id)
    for stored_call, language, rules_version in _rows(warehouse, "SELECT call_id, language, rules_version FROM calls"):
        assert rules_version == encode_rules_version(current[language]), stored_call
    same = "SELECT finding_id, call_id, rule_id, start_s, end_s, evidence, explanation FROM findings ORDER BY ALL"
    assert _rows(warehouse, same) == _rows(loaded, same)
    assert _rows(warehouse, "SELECT count(*), count(DISTINCT finding_id) FROM findings")[0] == \
        _rows(loaded, "SELECT count(*), count(*) FROM findings")[0]
    assert _totals(warehouse) == _totals(loaded)  # running totals and the QA queue lost the retired finding
    assert _rows(warehouse, "SELECT * FROM utterances ORDER BY ALL") == transcripts_before
    assert _rows(warehouse, "SELECT review_verdict FROM agent_evidence WHERE finding_id = ?", [named_blame]) == \
        [("confirmed",)]
    assert _rows(warehouse, "SELECT review_id FROM reviews WHERE finding_id = ?", [named_blame]) == [(kept,)]
    run = _rows(warehouse, "SELECT kind, status, rule_versions, calls_loaded FROM runs WHERE run_id = ?", [summary.run_id])
    assert run == [("rescore", "completed", json.dumps(current, sort_keys=True), len(summary.rescored))]

    after = _rows(warehouse, FINDINGS)
    again = rescore(db_path=str(warehouse))
    assert again.rescored == [] and again.up_to_date == len(summary.rescored)
    assert _rows(warehouse, FINDINGS) == after  # not even detected_at moved


@pytest.fixture
def edited_rules(tmp_path, monkeypatch):
    """The rule pack copied, with one English phrase removed: nlp reads the copy until the test ends."""
    import nlp.cues
    import nlp.detect
    import nlp.pipeline
    import nlp.rulebook

    copy = Path(shutil.copytree(RULES_DIR, tmp_path / "rules"))
    cue_file = copy / "en" / "deflection.jsonl"
    lines = cue_file.read_text(encoding="utf-8").splitlines()
    cue_file.write_text("\n".join(line for line in lines if '"deflection.not_my_department"' not in line) + "\n",
                        encoding="utf-8")
    assert len(cue_file.read_text(encoding="utf-8").splitlines()) == len(lines) - 1

    real = nlp.rulebook.load_rulebook

    def from_copy(language, rules_dir=copy):
        return real(language, rules_dir)

    for module in (nlp.detect, nlp.cues, nlp.pipeline):
        monkeypatch.setattr(module, "load_rulebook", from_copy)
    nlp.pipeline.build_nlp.cache_clear()  # the spaCy pipelines hold the patterns
    yield copy
    nlp.pipeline.build_nlp.cache_clear()


def test_editing_a_rule_file_rescores_the_calls_of_that_language_only(prefect_backend, warehouse, edited_rules):
    from flows.rescore import rescore

    english = sorted(r[0] for r in _rows(warehouse, "SELECT call_id FROM calls WHERE language = 'en'"))
    spanish_before = _rows(warehouse, "SELECT * FROM findings f SEMI JOIN calls c ON c.call_id = f.call_id "
                                      "AND c.language = 'es' ORDER BY ALL")
    assert _rows(warehouse, "SELECT count(*) FROM findings WHERE pattern_id = 'deflection.not_my_department'")[0][0]

    summary = rescore(db_path=str(warehouse))

    assert sorted(summary.rescored) == english and summary.errors == []
    assert _rows(warehouse, "SELECT count(*) FROM findings WHERE pattern_id = 'deflection.not_my_department'") == [(0,)]
    new_en = rule_versions("en")  # from the edited copy
    assert summary.rule_versions["en"] == new_en
    assert new_en["blame_shifting"] != load_rulebook("en").rule_version("blame_shifting")  # the pack in the repo
    assert {v for (v,) in _rows(warehouse, "SELECT DISTINCT rules_version FROM calls WHERE language = 'en'")} == \
        {encode_rules_version(new_en)}
    for rule_id, version in _rows(warehouse, "SELECT rule_id, rule_version FROM findings f SEMI JOIN calls c "
                                             "ON c.call_id = f.call_id AND c.language = 'en'"):
        assert version == new_en[rule_id]
    assert _rows(warehouse, "SELECT * FROM findings f SEMI JOIN calls c ON c.call_id = f.call_id "
                            "AND c.language = 'es' ORDER BY ALL") == spanish_before


def test_a_call_that_fails_is_recorded_and_the_others_go_on(prefect_backend, warehouse):
    from flows.rescore import rescore

    with db.connect(warehouse) as con:
        con.execute("UPDATE calls SET language = 'fr' WHERE call_id = 'en_07_clean_wait'")
    summary = rescore(db_path=str(warehouse), call_ids=["en_07_clean_wait", "en_05_billing_blame", "no-such-call"],
                      only_changed=False)

    assert summary.rescored == ["en_05_billing_blame"]
    errors = {call_id: error for call_id, stage, error in summary.errors}
    assert set(errors) == {"en_07_clean_wait", "no-such-call"}
    assert "en_07_clean_wait" in errors["en_07_clean_wait"] and "'fr'" in errors["en_07_clean_wait"]
    assert "no such call" in errors["no-such-call"]
    recorded = _rows(warehouse, "SELECT call_id, stage, error FROM ingest_errors")
    assert recorded == [("en_07_clean_wait", "rescore", errors["en_07_clean_wait"])]
    assert _rows(warehouse, "SELECT status, calls_loaded, calls_failed FROM runs WHERE run_id = ?", [summary.run_id]) == \
        [("completed_with_errors", 1, 2)]


def test_rescore_never_transcribes(prefect_backend, warehouse, monkeypatch):
    """No Whisper: the recognisers cannot even be imported while the flow runs, and transcription raises."""
    import speech.ingest

    for module in ("faster_whisper", "whisper", "ctranslate2"):
        monkeypatch.setitem(sys.modules, module, None)  # importing it raises ImportError

    def no_asr(*args, **kwargs):
        raise AssertionError("rescore transcribed a call")

    monkeypatch.setattr(speech.ingest, "transcript_for", no_asr)
    from flows.rescore import rescore

    summary = rescore(db_path=str(warehouse), only_changed=False)
    assert summary.errors == [] and len(summary.rescored) == len(SCENARIOS) + 1


def test_importing_the_rescore_flow_imports_no_recogniser():
    # (torch may be imported: spaCy's thinc loads it when installed)
    code = ("import sys, flows.rescore; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'faster_whisper', 'whisper', 'ctranslate2', 'av'} or m.startswith('speech.') and m not in ('speech.types', 'speech.home')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_rescore_publishes_its_summary_and_flagged_calls(prefect_backend, warehouse):
    from flows.rescore import FLAGGED_KEY, SUMMARY_KEY, rescore

    summary = rescore(db_path=str(warehouse), only_changed=False)
    artifacts = run_artifacts(summary.run_id)

    assert set(artifacts) == {SUMMARY_KEY, FLAGGED_KEY}
    markdown = artifacts[SUMMARY_KEY]
    assert markdown.type == "markdown"
    text = markdown.data
    assert f"**Rescored:** {len(summary.rescored)}" in text and "## Findings per rule" in text
    for rule, n in summary.findings_per_rule.items():
        assert f"| {rule} | {summary.findings_before[rule]} | {n} | 0 |" in text
    assert "## Errors (0)" in text and summary.run_id in text and summary.rule_versions["es"]["blame_shifting"] in text
    table = artifacts[FLAGGED_KEY]
    assert table.type == "table"
    data = table_columns(table)
    flagged = {r[0] for r in _rows(warehouse, "SELECT call_id FROM flagged_calls")}
    assert sorted(data["call_id"]) == sorted(flagged) and len(flagged) >= 7
    assert Counter(data["max_severity"])["high"] >= 1


def test_the_rescore_and_daily_report_commands(prefect_backend, warehouse, monkeypatch):
    from typer.testing import CliRunner

    from escucha.cli import app

    for name in ("PREFECT_LOGGING_LEVEL", "PREFECT_SERVER_LOGGING_LEVEL"):  # the commands set them if unset
        monkeypatch.setenv(name, "CRITICAL")
    runner = CliRunner()
    _age_the_rules(warehouse)

    result = runner.invoke(app, ["rescore", "--db", str(warehouse), "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["rescored"]) == len(SCENARIOS) + 1

    result = runner.invoke(app, ["rescore", "--db", str(warehouse)])
    assert result.exit_code == 0 and "Rescored 0 calls" in result.output and "--all" in result.output

    result = runner.invoke(app, ["rescore", "--db", str(warehouse), "--call", "en_05_billing_blame", "--call", "nope",
                                 "--all"])
    assert result.exit_code == 2 and "Rescored 1 calls" in result.output and "nope" in result.output

    result = runner.invoke(app, ["rescore", "--db", str(warehouse.with_name("missing.duckdb"))])
    assert result.exit_code == 1 and "no such database" in " ".join(result.output.split())

    result = runner.invoke(app, ["report", "daily", "--db", str(warehouse), "--day", "2024-05-08"])
    assert result.exit_code == 0, result.output
    assert "AG-EN-201" in result.output and "AG-EN-299" in result.output and "agent_daily" in result.output
    result = runner.invoke(app, ["report", "daily", "--db", str(warehouse), "--day", "08/05/2024"])
    assert result.exit_code == 1 and "--day must be a date like 2024-05-06" in result.output
