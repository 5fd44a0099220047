"""The main job: every call in the given files and folders, from input to findings in DuckDB.

    discover -> for each call: transcribe (or read the transcript) -> detect -> redact -> load

Detection reads the words as said; what is stored (utterances, words, findings' evidence and
explanation) is redacted unless `redact=False` (nlp.redact: cards, phones, emails, DNI/NIE, SSN, IBAN,
accounts, names), with the redacted spans' times in `redactions`.

One bad input never stops the batch: its error goes to `ingest_errors` with the stage that failed,
and the flow goes on. Loads run in this process, one call at a time: DuckDB has one writer.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import flows  # noqa: F401  (Prefect environment defaults)
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from nlp.detect import analyse, rule_versions
from nlp.redact import RedactedCall, redact_call
from nlp.types import CallAnalysis
from speech.ingest import transcript_for
from speech.sources import discover
from speech.types import CallSource, Transcript
from warehouse import db


@dataclass
class BatchSummary:
    db: str
    loaded: list[str] = field(default_factory=list)
    findings_per_rule: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (source_path, stage, error)
    audio_s: float = 0.0


class StageError(RuntimeError):
    def __init__(self, stage: str, cause: BaseException):
        super().__init__(str(cause))
        self.stage = stage


def _not_bad_input(task, task_run, state) -> bool:
    """Retry transient failures only: a corrupt file or malformed transcript (a ValueError) stays bad."""
    try:
        state.result()
    except ValueError:
        return False
    except Exception:  # noqa: BLE001
        return True
    return True


# Transcription is deterministic on the same input: a retry only helps a transient failure (disk, memory).
@task(name="transcribe", retries=1, retry_delay_seconds=2, retry_condition_fn=_not_bad_input, cache_policy=NO_CACHE)
def transcribe_call(source: CallSource, options=None) -> Transcript:
    return transcript_for(source, options)


@task(name="detect", cache_policy=NO_CACHE)
def detect_findings(transcript: Transcript) -> CallAnalysis:
    return analyse(transcript)


@task(name="redact", cache_policy=NO_CACHE)
def redact_pii(transcript: Transcript, analysis: CallAnalysis, enabled: bool = True) -> RedactedCall:
    return redact_call(transcript, analysis) if enabled else RedactedCall(transcript, analysis, ())


@task(name="load", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def load_call(db_path: str, call: RedactedCall, run_id: str | None = None) -> db.LoadResult:
    with db.connect(db_path) as con:
        return db.load_call(con, call.transcript, call.analysis.findings, call.analysis.events, run_id=run_id,
                            redactions=call.redactions)


def _stage(name, fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - every failure of one call is recorded, never raised
        raise StageError(_INPUT_STAGES.get(type(exc).__name__, name), exc) from exc


# Input errors are named for what was wrong with the input, not for the task that met them.
_INPUT_STAGES = {"AudioDecodeError": "decode", "TranscriptFormatError": "read", "InputTooLarge": "limits",
                 "FileNotFoundError": "read", "DuplicateCall": "discover"}


class DuplicateCall(ValueError):
    """Two inputs of one batch whose transcripts name the same call_id (discovery sees only file names)."""


def _first_of_its_id(transcript: Transcript, seen: dict[str, str]) -> None:
    first = seen.setdefault(transcript.call_id, transcript.source_path)
    if first != transcript.source_path:
        raise DuplicateCall(f"{transcript.source_path}: duplicate call_id '{transcript.call_id}' "
                            f"(already loaded from {first} in this batch)")


@dataclass(frozen=True)
class CallProgress:
    """Where a batch stands, after each call (and once before the first)."""

    done: int  # calls finished so far, loaded or failed
    total: int
    audio_s: float  # audio of the calls loaded so far
    call_id: str = ""
    ok: bool = True


# Told after every call, in this process: the CLI draws its progress bar from it. A listener is not a flow
# parameter because parameters are sent to the Prefect API and must serialise.
progress_listeners: list[Callable[[CallProgress], None]] = []


def _notify(progress: CallProgress) -> None:
    for listener in progress_listeners:
        listener(progress)


@flow(name="process-calls", log_prints=False)
def process_calls(paths: list[str], db_path: str = "escucha.duckdb", options=None, redact: bool = True) -> BatchSummary:
    """Discover the calls, then transcribe, detect, redact and load each one; record what fails."""
    logger = get_run_logger()
    summary = BatchSummary(db=db_path)
    sources, problems = discover([Path(p) for p in paths])
    with db.connect(db_path) as con:  # creates the file and schema before any work starts
        run_id = db.start_run(con, run_id=_flow_run_id(), code_version=_code_version(),
                              asr_backend="faster-whisper", asr_model=getattr(options, "model", None),
                              rule_versions={lang: rule_versions(lang) for lang in ("es", "en")},
                              inputs=len(sources) + len(problems))
        db.upsert_agents(con, _manifest_agents(sources))
        for problem in problems:
            db.record_error(con, problem.path, problem.stage, problem.error)
            summary.errors.append((problem.path, problem.stage, problem.error))
    logger.info("%d calls to process, %d inputs rejected", len(sources), len(problems))

    seen: dict[str, str] = {}
    _notify(CallProgress(0, len(sources), 0.0))
    for done, source in enumerate(sources, start=1):
        try:
            transcript = _stage("transcribe", transcribe_call, source, options)
            _stage("discover", _first_of_its_id, transcript, seen)
            analysis = _stage("detect", detect_findings, transcript)
            findings = analysis.findings
            redacted = _stage("redact", redact_pii, transcript, analysis, redact)
            _stage("load", load_call, db_path, redacted, run_id)
        except StageError as exc:
            logger.error("%s: %s failed: %s", source.path, exc.stage, exc)
            with db.connect(db_path) as con:
                db.record_error(con, str(source.path), exc.stage, str(exc), call_id=source.call_id)
            summary.errors.append((str(source.path), exc.stage, str(exc)))
            _notify(CallProgress(done, len(sources), summary.audio_s, source.call_id, ok=False))
            continue
        summary.loaded.append(transcript.call_id)
        summary.audio_s += transcript.duration_s
        summary.findings_per_rule.update(f.rule_id for f in findings)
        logger.info("%s: %d turns, %d findings", transcript.call_id, len(transcript.turns), len(findings))
        _notify(CallProgress(done, len(sources), summary.audio_s, transcript.call_id))
    with db.connect(db_path) as con:  # the run's row, and a search index that includes this batch
        db.finish_run(con, run_id, calls_loaded=len(summary.loaded), calls_failed=len(summary.errors),
                      findings=sum(summary.findings_per_rule.values()))
        from warehouse.search import SearchUnavailable, ensure_index

        try:
            ensure_index(con)
        except SearchUnavailable as exc:
            logger.warning("search index not rebuilt: %s", exc)
    return summary


def _manifest_agents(sources: list[CallSource]) -> list[tuple[str, str | None, str | None]]:
    """(agent_id, team, hire_date) from the manifest's extra columns, once per agent."""
    agents = {}
    for source in sources:
        team, hired = source.extra.get("team"), source.extra.get("hire_date")
        if hired and not _is_date(hired):
            hired = None  # a bad date in an optional column never blocks the batch
        if source.from_manifest and (team or hired):
            agents[source.agent_id] = (source.agent_id, team, hired)
    return list(agents.values())


def _is_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _flow_run_id() -> str | None:
    from prefect.runtime import flow_run

    return str(flow_run.id) if flow_run.id else None


def _code_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"escucha {version('escucha')}"
    except PackageNotFoundError:
        return "escucha (not installed)"
