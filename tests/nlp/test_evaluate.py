"""Scoring against labels: the arithmetic, and `escucha eval` on text and on a warehouse."""
from __future__ import annotations

import json

import pytest

from nlp.evaluate import LabelledCall, load_labelled, score
from speech.transcript_json import TranscriptFormatError, transcript_from_dict
from tests.conftest import REPO


def _call(call_id, language, expected):
    t = transcript_from_dict({"call_id": call_id, "language": language, "turns": []})
    return LabelledCall(t, frozenset(expected), call_id)


def test_scores_count_per_call_and_rule():
    calls = [_call("a", "es", {"blame_shifting"}), _call("b", "es", set()), _call("c", "es", {"blame_shifting"}),
             _call("d", "en", {"blame_shifting"})]
    detected = {"a": {"blame_shifting"}, "b": {"blame_shifting"}, "c": set(), "d": {"blame_shifting"}}
    s = score(calls, detected, ["blame_shifting", "dead_air"])
    es = s[("es", "blame_shifting")]
    assert (es.tp, es.fp, es.fn, es.support) == (1, 1, 1, 2)
    assert es.precision == 0.5 and es.recall == 0.5 and es.f1 == 0.5
    assert es.false_positives == ["b"] and es.false_negatives == ["c"]
    assert s[("en", "blame_shifting")].f1 == 1.0
    quiet = s[("es", "dead_air")]
    assert quiet.precision is None and quiet.recall is None and quiet.f1 is None  # nothing to judge


def test_a_file_without_labels_is_refused_with_its_name(tmp_path):
    (tmp_path / "plain.json").write_text(json.dumps({"call_id": "x", "language": "es", "turns": []}))
    with pytest.raises(TranscriptFormatError, match=r"plain\.json: not a labelled call"):
        load_labelled([tmp_path])


@pytest.mark.integration
def test_eval_on_text_and_on_a_warehouse_agree(prefect_backend, tmp_path):
    import os

    os.environ["COLUMNS"] = "200"
    from typer.testing import CliRunner

    from escucha.cli import app

    runner = CliRunner()
    scenarios = REPO / "examples" / "scenarios"
    on_text = runner.invoke(app, ["eval", str(scenarios), "--json"])
    assert on_text.exit_code == 0, on_text.output
    text_scores = {(r["language"], r["rule_id"]): r for r in json.loads(on_text.stdout)}
    for (language, rule), r in text_scores.items():  # the example scripts are labelled to the letter
        assert r["fp"] == 0 and r["fn"] == 0, (language, rule, r)

    db = tmp_path / "w.duckdb"
    assert runner.invoke(app, ["run", str(scenarios), "--db", str(db)]).exit_code == 0
    on_db = runner.invoke(app, ["eval", str(scenarios), "--db", str(db), "--json"])
    assert on_db.exit_code == 0, on_db.output
    assert {(r["language"], r["rule_id"]): (r["tp"], r["fp"], r["fn"]) for r in json.loads(on_db.stdout)} == \
        {k: (r["tp"], r["fp"], r["fn"]) for k, r in text_scores.items()}
