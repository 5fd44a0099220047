"""Coach and team reports: self-contained HTML with inline SVG charts, for a known agent."""
from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from escucha.cli import app

runner = CliRunner()


def _external_refs(html: str) -> list[str]:
    return re.findall(r'(?:src|href)\s*=\s*"(?!#)([^"]+)"', html) + re.findall(r"url\((?!#)", html)


def test_agent_report_for_a_known_agent(face_db, tmp_path):
    out = tmp_path / "AG-ES-101.html"
    result = runner.invoke(app, ["report", "agent", "AG-ES-101", "--db", str(face_db), "--since", "2024-05-01",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "<path" in html  # rule chart and weekly trend, drawn inline
    assert not _external_refs(html), _external_refs(html)  # nothing to fetch: opens offline
    assert "<script" not in html
    # the agent's findings per rule against the team ES-Madrid (5 agents, 5 calls)
    rows = dict(re.findall(r'<td class="rule">(\w+)</td><td class="num">(\d+)</td>', html))
    assert rows == {"needless_transfer": "2", "blame_shifting": "1", "helpless_refusal": "1", "missing_apology": "1",
                    "recording_intimidation": "0"}
    assert "ES-Madrid" in html and "2024-05-06" in html
    for quote in ("Mire, eso es culpa del departamento", "No, yo no puedo hacer nada.", "Le transfiero ahora."):
        assert quote in html
    assert "0:24" in html  # where in the call


def test_agent_report_lists_positive_behaviours(face_db, tmp_path):
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", "agent", "AG-ES-103", "--db", str(face_db), "--out", str(out)]).exit_code == 0
    positives = out.read_text(encoding="utf-8").split('id="positives"')[1]
    assert "ownership" in positives and "Fue un error nuestro, no suyo." in positives


@pytest.mark.parametrize("args, message", [
    (["report", "agent", "AG-NOPE"], "no agent 'AG-NOPE'"),
    (["report", "agent", "AG-ES-101", "--since", "2030-01-01"], "no calls since 2030-01-01"),
    (["report", "agent", "AG-ES-101", "--since", "May"], "--since must be a date"),
    (["report", "team", "--team", "Nowhere"], "no calls for team Nowhere"),
])
def test_report_errors_exit_1_with_the_reason(face_db, tmp_path, args, message):
    result = runner.invoke(app, [*args, "--db", str(face_db), "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert message in result.output


def test_report_on_a_missing_database(tmp_path):
    result = runner.invoke(app, ["report", "team", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "escucha run" in result.output


def test_team_report(face_db, tmp_path):
    out = tmp_path / "team.html"
    result = runner.invoke(app, ["report", "team", "--db", str(face_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and not _external_refs(html)
    assert 'data-team="ES-Madrid"' in html and 'data-team="EN-Austin"' in html
    assert "AG-EN-201" in html and "No reviews yet" in html


@pytest.mark.parametrize("command", [["review"], ["report", "agent"], ["report", "team"]])
def test_face_commands_have_help_with_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
