"""A warehouse built from the example scenarios (examples/scenarios/*.json), without Whisper.

The same thing `escucha run examples/scenarios --db x.duckdb` builds, plus teams and hire dates (what a
manifest's `team` and `hire_date` columns give) and conversation metrics from the turn times (what the
audio path measures), so every column of every view has something to show.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.detect import analyse
from speech.transcript_json import read_transcript, transcript_from_dict
from speech.types import ConversationMetrics, Interval, Transcript
from tests.conftest import REPO, case_to_transcript_dict, labelled_cases
from warehouse import db
from warehouse.search import build_index

SCENARIOS = sorted((REPO / "examples" / "scenarios").glob("*.json"))
TEAMS = {"es": ("ES-Madrid", "2023-02-01"), "en": ("EN-Austin", "2022-09-15")}
DEAD_AIR_S = 5.0


def turn_metrics(t: Transcript) -> ConversationMetrics:
    """Simple metrics from turn times: talk per party, silences between turns (dead air from 5 s)."""
    talk = {s: sum(u.end_s - u.start_s for u in t.turns if u.speaker == s) for s in ("agent", "customer")}
    gaps, end = [], None
    for u in t.turns:
        if end is not None and u.start_s > end:
            gaps.append(Interval(end, u.start_s))
        end = u.end_s if end is None else max(end, u.end_s)
    dead = [g for g in gaps if g.end_s - g.start_s >= DEAD_AIR_S]
    total = talk["agent"] + talk["customer"]
    return ConversationMetrics(
        agent_talk_s=talk["agent"], customer_talk_s=talk["customer"],
        talk_ratio=talk["agent"] / total if total else None,
        silence_s=sum(g.end_s - g.start_s for g in gaps),
        longest_silence_s=max((g.end_s - g.start_s for g in gaps), default=0.0),
        overtalk_s=0.0, interruptions_by_agent=0, interruptions_by_customer=0,
        time_to_first_agent_word_s=next((u.start_s for u in t.turns if u.speaker == "agent"), None),
        dead_air_threshold_s=DEAD_AIR_S, dead_air_count=len(dead),
        dead_air_s=sum(g.end_s - g.start_s for g in dead), agent_wpm=None, customer_wpm=None,
        silences=tuple(dead))


def build_example_warehouse(path: Path) -> Path:
    import dataclasses

    with db.connect(path) as con:
        for file in SCENARIOS:
            transcript = read_transcript(file)
            transcript = dataclasses.replace(transcript, metrics=turn_metrics(transcript))
            analysis = analyse(transcript)
            db.load_call(con, transcript, analysis.findings, analysis.events)
        agents = [r[0] for r in con.execute("SELECT agent_id FROM agents").fetchall()]
        db.upsert_agents(con, [(a, *TEAMS[a.split("-")[1].lower()]) for a in agents])
        build_index(con)
    return path


@pytest.fixture(scope="session")
def example_warehouse(tmp_path_factory) -> Path:
    """The file, built once per session; open it read-only (or copy it) in tests."""
    return build_example_warehouse(tmp_path_factory.mktemp("example") / "examples.duckdb")


def labelled_records(language: str = "es") -> list[db.CallRecord]:
    """The hand-labelled calls of one language, analysed, as loader records (agent per language)."""
    out = []
    for case in labelled_cases(language):
        transcript = transcript_from_dict(case_to_transcript_dict(case, language, f"agent_{language}"))
        analysis = analyse(transcript)
        out.append(db.CallRecord(transcript, analysis.findings, analysis.events))
    return out
