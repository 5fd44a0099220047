"""Stored calls read back: the transcript as speech.types.Transcript, its findings, and which calls were
scored with rules other than the current ones (what a rescore recomputes).

One query per table, parameters bound. What comes back is what was stored: the text as stored (redacted
unless the call was loaded with redaction off), word texts without their leading space, `started_at` in
UTC. Metrics and ASR quality come back where the call has them.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timezone

import duckdb
import pyarrow as pa

from nlp.types import Finding
from speech.types import AsrInfo, AsrQuality, ConversationMetrics, Interval, Transcript, Turn, Word

_METRIC_COLUMNS = tuple(f.name for f in fields(ConversationMetrics) if f.name not in ("silences", "overlaps"))
_FINDING_COLUMNS = tuple(f.name for f in fields(Finding))
_INTERVALS = {"silence": "silences", "overlap": "overlaps"}  # call_intervals.kind -> ConversationMetrics field


class CallNotStored(LookupError):
    """A call_id that is not in the warehouse."""


def stored_transcript(con: duckdb.DuckDBPyConnection, call_id: str) -> Transcript:
    """The stored call as a Transcript: call metadata, turns in order with their words, metrics, ASR quality."""
    call = con.execute(
        "SELECT call_id, agent_id, language, started_at, duration_s, source_path, asr_backend, asr_model, "
        "asr_compute_type, language_probability, asr_mean_word_probability, asr_low_confidence_share, "
        "asr_n_words, asr_dropped_segments FROM calls WHERE call_id = ?", [call_id]).fetchone()
    if call is None:
        raise CallNotStored(f"{call_id}: no such call in the warehouse")
    (call_id, agent_id, language, started_at, duration_s, source_path, backend, model, compute_type,
     language_probability, mean_word_probability, low_confidence_share, n_words, dropped_segments) = call

    words: dict[int, list[Word]] = {}
    for turn_index, start_s, end_s, word, probability in con.execute(
            "SELECT turn_index, start_s, end_s, word, probability FROM words WHERE call_id = ? "
            "ORDER BY turn_index, word_index", [call_id]).fetchall():
        # probability is NULL only where no recogniser gave one: read as certain, as a typed transcript is
        words.setdefault(turn_index, []).append(Word(start_s, end_s, word, 1.0 if probability is None else probability))
    turns = tuple(
        Turn(speaker, start_s, end_s, text, tuple(words.get(turn_index, ())), language=turn_language,
             speaker_confidence=1.0 if speaker_confidence is None else speaker_confidence)
        for turn_index, speaker, start_s, end_s, text, turn_language, speaker_confidence in con.execute(
            "SELECT turn_index, speaker, start_s, end_s, text, language, speaker_confidence FROM utterances "
            "WHERE call_id = ? ORDER BY turn_index", [call_id]).fetchall())

    return Transcript(
        call_id=call_id, agent_id=agent_id, language=language,
        started_at=started_at.replace(tzinfo=timezone.utc).isoformat() if isinstance(started_at, datetime) else None,
        duration_s=duration_s, turns=turns, source_path=source_path,
        asr=AsrInfo(backend, model or "", compute_type or "", language_probability) if backend is not None else None,
        metrics=_stored_metrics(con, call_id),
        quality=(AsrQuality(mean_word_probability, low_confidence_share, n_words, dropped_segments or 0)
                 if n_words is not None else None))


def _stored_metrics(con: duckdb.DuckDBPyConnection, call_id: str) -> ConversationMetrics | None:
    # Column names come from the dataclass (this module's constant), never from input.
    row = con.execute(f"SELECT {', '.join(_METRIC_COLUMNS)} FROM call_metrics WHERE call_id = ?", [call_id]).fetchone()
    if row is None:
        return None
    intervals: dict[str, list[Interval]] = {"silences": [], "overlaps": []}
    for kind, start_s, end_s, by in con.execute(
            'SELECT kind, start_s, end_s, "by" FROM call_intervals WHERE call_id = ? ORDER BY kind, start_s, end_s',
            [call_id]).fetchall():
        if kind in _INTERVALS:
            intervals[_INTERVALS[kind]].append(Interval(start_s, end_s, by))
    return ConversationMetrics(**dict(zip(_METRIC_COLUMNS, row)),
                               **{name: tuple(found) for name, found in intervals.items()})


def stored_findings(con: duckdb.DuckDBPyConnection, call_id: str) -> list[Finding]:
    """The call's findings as stored, in time order."""
    rows = con.execute(f"SELECT {', '.join(_FINDING_COLUMNS)} FROM findings WHERE call_id = ? "
                       "ORDER BY start_s, rule_id, finding_id", [call_id]).fetchall()
    return [Finding(*row) for row in rows]


def encode_rules_version(versions: Mapping[str, str]) -> str:
    """What calls.rules_version holds: the rules of one language and their versions, as JSON."""
    return json.dumps(dict(versions), sort_keys=True)


@dataclass(frozen=True, slots=True)
class RescoreCandidates:
    stale: tuple[str, ...]  # scored with other rule versions than the current ones, or with unknown ones
    current: tuple[str, ...]  # scored with exactly the current versions of their language's rules
    missing: tuple[str, ...] = ()  # asked for, but not in the warehouse


def rescore_candidates(con: duckdb.DuckDBPyConnection, current_versions: Mapping[str, Mapping[str, str]],
                       call_ids: Sequence[str] | None = None) -> RescoreCandidates:
    """Which calls (all, or those of `call_ids`) were scored with rules other than `current_versions`
    ({language: {rule_id: version}}, as nlp.detect.rule_versions gives per language).

    A call's versions are calls.rules_version (set by a rescore), else those its loading run recorded
    (runs.rule_versions); a call with neither is stale. So is a call with a finding whose rule version is
    not a current one (e.g. a finding of a rule that no longer exists), whatever its calls row says.
    """
    wanted = sorted(set(call_ids)) if call_ids is not None else None
    # Inputs as tables to join (the ids may be many; the versions are (language, rule_id, version) rows).
    con.register("_wanted_calls", pa.table({"call_id": pa.array(wanted or [], pa.string())}))
    con.register("_current_rule_versions", pa.table({
        "language": pa.array([lang for lang, vs in current_versions.items() for _ in vs], pa.string()),
        "rule_id": pa.array([r for vs in current_versions.values() for r in vs], pa.string()),
        "rule_version": pa.array([v for vs in current_versions.values() for v in vs.values()], pa.string())}))
    try:
        calls = con.execute(
            "SELECT c.call_id, c.language, c.rules_version, r.rule_versions FROM calls c LEFT JOIN runs r USING (run_id) "
            "WHERE NOT $1 OR c.call_id IN (SELECT call_id FROM _wanted_calls) ORDER BY c.call_id",
            [wanted is not None]).fetchall()
        off_version = {r[0] for r in con.execute(
            "SELECT DISTINCT f.call_id FROM findings f JOIN calls c USING (call_id) "
            "ANTI JOIN _current_rule_versions k ON k.language = c.language AND k.rule_id = f.rule_id "
            "AND k.rule_version = f.rule_version "
            "WHERE NOT $1 OR f.call_id IN (SELECT call_id FROM _wanted_calls)", [wanted is not None]).fetchall()}
    finally:
        con.unregister("_wanted_calls")
        con.unregister("_current_rule_versions")
    stale = off_version | {call_id for call_id, language, own, by_run in calls
                           if _scored_with(own, by_run, language) != dict(current_versions.get(language) or {})}
    stored = [call_id for call_id, *_ in calls]
    missing = () if wanted is None else tuple(sorted(set(wanted) - set(stored)))
    return RescoreCandidates(tuple(c for c in stored if c in stale), tuple(c for c in stored if c not in stale), missing)


def _scored_with(own: str | None, by_run: str | None, language: str) -> dict[str, str] | None:
    """The {rule_id: version} a call was scored with, from its own record or its loading run's; None: unknown."""
    try:
        if own is not None:
            return json.loads(own)
        if by_run is not None:
            return json.loads(by_run).get(language)
    except (json.JSONDecodeError, AttributeError):
        return None  # unreadable: treated as unknown, so the call is rescored
    return None
