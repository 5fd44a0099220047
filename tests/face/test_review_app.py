"""The review app's pages and verdicts, through FastAPI's test client (no browser)."""
from __future__ import annotations

import re
import subprocess
import sys

import duckdb
import pytest
from fastapi.testclient import TestClient

from escucha.review import create_app
from tests.conftest import REPO

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
def client(face_db):
    return TestClient(create_app(face_db, reviewer="tester"))


def _ids(html: str, attr: str) -> list[str]:
    return re.findall(rf'{attr}="([^"]+)"', html)


def test_queue_lists_flagged_calls_worst_first(client):
    html = client.get("/").text
    calls = _ids(html, "data-call-id")
    assert calls[0] in {"es_01_culpa_facturacion", "en_05_billing_blame"}  # high severity, most findings
    assert "es_03_limpia_disculpa" not in calls  # praise only: not flagged


@pytest.mark.parametrize("query, expected", [
    ("rule=blame_shifting", {"es_01_culpa_facturacion", "en_05_billing_blame"}),
    ("agent=AG-ES-102", {"es_02_grabacion_amenaza"}),
    ("language=en&severity=high", {"en_05_billing_blame", "en_06_recorded_threat"}),
    ("since=2024-05-10&until=2024-05-10", {"es_09_transferencia_innecesaria"}),
    ("rule=x%27%3B+DROP+TABLE+calls%3B--", set()),
])
def test_queue_filters(client, query, expected):
    assert set(_ids(client.get(f"/?{query}").text, "data-call-id")) == expected


def test_call_page_shows_transcript_evidence_audio_and_metrics(client):
    html = client.get("/calls/es_01_culpa_facturacion").text
    assert 'id="player"' in html and "/audio/es_01_culpa_facturacion" in html
    assert "<mark>Mire, eso es culpa del departamento" in html
    assert len(_ids(html, "data-finding-id")) == 5
    assert "talk_ratio" in html
    assert html.count('class="turn') >= 6


def test_audio_is_served_with_ranges_only_for_calls_in_the_warehouse(client):
    r = client.get("/audio/es_01_culpa_facturacion", headers={"range": "bytes=0-99"})
    assert r.status_code == 206 and r.content[:4] == b"OggS"
    for bad in ("/audio/..%2F..%2Fpyproject.toml", "/audio/nope", "/audio/%2Fetc%2Fpasswd"):
        assert client.get(bad).status_code == 404


def test_verdicts_go_into_reviews_and_change_precision(client, face_db):
    html = client.get("/calls/en_05_billing_blame").text
    transfer = re.findall(r'data-finding-id="([^"]+)" data-rule="needless_transfer"', html)
    assert len(transfer) == 2
    for fid, verdict in zip(transfer, ("confirmed", "rejected")):
        r = client.post(f"/findings/{fid}/review", content=f"verdict={verdict}", headers=FORM, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/calls/en_05_billing_blame#finding-")
    client.post(f"/findings/{transfer[0]}/review", content="verdict=comment&note=clear+case", headers=FORM)
    page = client.get("/precision").text
    row = re.search(r'data-rule="needless_transfer">(.*?)</tr>', page, re.S).group(1)
    assert 'class="num precision">50%<' in row and 'class="num reviewed">2<' in row
    con = duckdb.connect(str(face_db), read_only=True)
    assert con.execute("SELECT verdict, reviewer, note FROM reviews ORDER BY reviewed_at").fetchall() == [
        ("confirmed", "tester", None), ("rejected", "tester", None), ("unsure", "tester", "clear case")]
    con.close()
    assert "clear case" in client.get("/calls/en_05_billing_blame").text


def test_bad_verdicts_and_unknown_things_are_refused(client):
    assert client.post("/findings/nope/review", content="verdict=confirmed", headers=FORM).status_code == 404
    fid = _ids(client.get("/calls/es_01_culpa_facturacion").text, "data-finding-id")[0]
    assert client.post(f"/findings/{fid}/review", content="verdict=maybe", headers=FORM).status_code == 400
    assert client.post(f"/findings/{fid}/review", content="verdict=comment", headers=FORM).status_code == 400
    assert client.get("/calls/nope").status_code == 404


def test_a_locked_database_is_a_clear_503(face_db):
    import textwrap

    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(face_db)!r}); print("locked", flush=True); sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        r = TestClient(create_app(face_db)).get("/")
        assert r.status_code == 503 and "locked" in r.text
    finally:
        holder.communicate("")


def test_the_app_imports_no_pipeline_stack():
    code = ("import sys, escucha.review, escucha.reports.build; "
            "bad = {'prefect', 'spacy', 'faster_whisper', 'whisper', 'torch', 'typer'} & set(sys.modules); "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_with_a_token_every_page_and_the_audio_need_it(face_db):
    app = TestClient(create_app(face_db, token="s3cret"))
    assert app.get("/").status_code == 401
    assert app.get("/audio/en_05_billing_blame").status_code == 401
    assert app.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert app.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    browser = TestClient(create_app(face_db, token="s3cret"))
    assert browser.get("/?token=s3cret").status_code == 200  # once, then the cookie carries it
    assert browser.get("/precision").status_code == 200


def test_binding_beyond_loopback_without_a_token_is_refused(face_db):
    import os

    from typer.testing import CliRunner

    from escucha.cli import app as cli

    env = {k: v for k, v in os.environ.items() if k != "ESCUCHA_REVIEW_TOKEN"}
    result = CliRunner(env=env).invoke(cli, ["review", "--db", str(face_db), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "token" in result.output


ATTACKS = ["' OR '1'='1", "x'; DROP TABLE findings; --", "%' UNION SELECT call_id, call_id FROM calls --"]


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("field", ["rule", "agent", "language", "severity", "since", "until"])
def test_every_queue_filter_binds_its_value(client, face_db, field, attack):
    page = client.get("/", params={field: attack})
    assert page.status_code in (200, 400)
    if field in ("rule", "agent", "language"):  # a value no call has: an empty queue, not every call
        assert "/calls/" not in page.text
    with duckdb.connect(str(face_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM findings").fetchone()[0] > 0


@pytest.mark.parametrize("attack", ATTACKS + ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd"])
def test_call_and_audio_paths_bind_their_id(client, attack):
    assert client.get(f"/calls/{attack}").status_code == 404
    assert client.get(f"/audio/{attack}").status_code == 404
