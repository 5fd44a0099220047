"""Full-text search (stemming, accents, staleness) and the Parquet export."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from speech.transcript_json import transcript_from_dict
from warehouse import db
from warehouse.export import export_parquet
from warehouse.search import SearchUnavailable, build_index, ensure_index, is_stale, search


@pytest.fixture
def writable(example_warehouse, tmp_path):
    return shutil.copy(example_warehouse, tmp_path / "w.duckdb")


def test_search_stems_and_strips_accents_in_both_languages(example_warehouse):
    with db.connect(example_warehouse, read_only=True, search=True) as con:
        hits = search(con, "departamentos facturacion")
        assert [(h.call_id, h.speaker) for h in hits] == [("es_01_culpa_facturacion", "agent")]
        assert "departamento de facturación" in hits[0].text
        assert {h.call_id for h in search(con, "grabando")} >= {"es_02_grabacion_amenaza", "es_03_limpia_disculpa"}
        assert [h.call_id for h in search(con, "departments")] == ["en_05_billing_blame"]
        assert search(con, "departamento inexistente") == []  # every word must occur
        scores = [h.score for h in search(con, "llamada")]
        assert scores == sorted(scores, reverse=True) and len(scores) >= 2


def test_the_index_goes_stale_on_a_load_and_is_rebuilt(writable):
    with db.connect(writable, search=True) as con:
        assert not is_stale(con)
        db.load_call(con, transcript_from_dict({"call_id": "new", "agent_id": "A", "language": "es", "turns": [
            {"speaker": "customer", "start": 0, "end": 2, "text": "Quiero hablar con otro departamento"}]}), [])
        assert is_stale(con)
        assert ensure_index(con) and not ensure_index(con)
        assert [h.call_id for h in search(con, "otro departamento")] == ["new"]


def test_search_before_any_index_says_how_to_build_it(tmp_path):
    with db.connect(tmp_path / "w.duckdb", search=True) as con:
        with pytest.raises(SearchUnavailable, match="escucha search"):
            search(con, "hola")
        build_index(con)  # an empty warehouse indexes fine
        assert search(con, "hola") == []


def test_export_writes_every_table_partitioned_by_date(example_warehouse, tmp_path):
    with db.connect(example_warehouse, read_only=True) as con:
        done = {t.table: t for t in export_parquet(con, tmp_path / "out")}
        export_parquet(con, tmp_path / "out")  # a second export replaces the first
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in done}
    assert {"calls", "utterances", "findings", "words", "call_metrics", "call_events", "agents", "runs",
            "reviews", "rule_versions", "schema_version", "ingest_errors"} <= set(done)
    assert not any(t.startswith("search_") for t in done)
    assert not {"call_flags", "rule_day_counts", "agent_rule_counts", "agent_finding_counts", "call_scores",
                "rule_codes"} & set(done)  # derived
    assert done["findings"].partition_by == "call_date" and done["agents"].partition_by is None
    assert {p.name for p in (tmp_path / "out" / "calls").iterdir()} >= {"call_date=2024-05-06", "call_date=2024-05-10"}
    for table, exported in done.items():
        if exported.rows:
            back = duckdb.sql(f"SELECT count(*) FROM read_parquet('{exported.path}/**/*.parquet', "
                              "hive_partitioning = true)").fetchone()[0]
            assert back == counts[table] == exported.rows, table
    joined = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/out/findings/**/*.parquet') f "
                        f"JOIN read_parquet('{tmp_path}/out/calls/**/*.parquet') c USING (call_id)").fetchone()[0]
    assert joined == counts["findings"] > 0
