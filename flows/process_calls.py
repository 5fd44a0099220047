"""The main job: every call in the given files and folders, from input to findings in DuckDB.

    process_batch: discover -> transcribe the calls in parallel (bounded: `workers`, on threads or a Dask
                   cluster) -> for each call, in input order: detect -> redact -> load (one writer)
    process_call:  the same for one file

Transcripts are cached by audio sha256 + model + backend + settings (speech.cache): an unchanged call is
never transcribed twice. `only_new` skips files whose call is already loaded from the same bytes (the
inbox deployment). Detection reads the words as said; what is stored (utterances, words, findings'
evidence and explanation) is redacted unless `redact=False` (nlp.redact), with the redacted spans' times
in `redactions`.

One bad input never stops the batch: its error goes to `ingest_errors` with the stage that failed, and
the flow goes on. Loads run in the flow's own thread, one call at a time: DuckDB has one writer, however
many calls are transcribed at once.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import flows  # noqa: F401  (Prefect environment defaults)
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.artifacts import publish_flagged_calls, publish_run_summary
from flows.runs import code_version, flow_run_id
from nlp.detect import analyse, rule_versions
from nlp.redact import RedactedCall, redact_call
from nlp.types import CallAnalysis
from speech.cache import TranscriptCache, default_cache_dir, file_sha256
from speech.ingest import transcript_for
from speech.sources import discover
from speech.types import CallSource, Transcript
from warehouse import db

RUNNERS = ("thread", "dask")
SUMMARY_KEY = "process-batch-summary"
FLAGGED_KEY = "process-batch-flagged-calls"
MAX_FLAGGED_ROWS = 1000  # in the table artifact, most severe first; the rest are in the flagged_calls view


@dataclass
class BatchSummary:
    db: str
    run_id: str | None = None  # the row in `runs`: the Prefect flow run's id when there is one
    loaded: list[str] = field(default_factory=list)
    findings_per_rule: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (source_path, stage, error)
    audio_s: float = 0.0
    transcribed: int = 0  # audio calls that went through Whisper
    cache_hits: int = 0  # audio calls whose transcript came from the cache
    skipped: list[str] = field(default_factory=list)  # only_new: files already loaded, unchanged
    flagged: list = field(default_factory=list)  # warehouse.summaries.FlaggedCall of this batch, most severe first
    stage_seconds: Counter = field(default_factory=Counter)  # summed work per stage (transcribe, detect, ...)


@dataclass(frozen=True)
class Transcribed:
    """What the transcribe task hands back: the transcript and how it was obtained."""

    transcript: Transcript
    sha256: str | None  # of the input file (None when it could not be read)
    cache_hit: bool
    seconds: float  # the task's own work, wherever it ran


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
# Prefect's own cache is off: speech.cache keys transcripts by the audio's hash, not by task inputs.
@task(name="transcribe", retries=1, retry_delay_seconds=2, retry_condition_fn=_not_bad_input, cache_policy=NO_CACHE)
def transcribe_call(source: CallSource, options=None, cache_dir: str | None = None) -> Transcribed:
    started = time.perf_counter()
    try:
        sha = file_sha256(source.path)
    except OSError:
        sha = None  # unreadable: transcript_for below raises the error that names the cause
    if source.kind != "audio" or sha is None or cache_dir is None:
        transcript = transcript_for(source, options)
        return Transcribed(transcript, sha, False, time.perf_counter() - started)
    from speech.transcribe import TranscribeOptions

    cache = TranscriptCache(Path(cache_dir))
    key = cache.key(sha, source, options or TranscribeOptions())
    cached = cache.get(key, source)
    if cached is None:
        cache.put(key, transcript_for(source, options))
        cached = cache.get(key, source)  # a miss returns what a later hit will: the stored form
    else:
        return Transcribed(cached, sha, True, time.perf_counter() - started)
    return Transcribed(cached, sha, False, time.perf_counter() - started)


@task(name="detect", cache_policy=NO_CACHE)
def detect_findings(transcript: Transcript) -> CallAnalysis:
    return analyse(transcript)


@task(name="redact", cache_policy=NO_CACHE)
def redact_pii(transcript: Transcript, analysis: CallAnalysis, enabled: bool = True) -> RedactedCall:
    return redact_call(transcript, analysis) if enabled else RedactedCall(transcript, analysis, ())


@task(name="load", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def load_call(db_path: str, call: RedactedCall, run_id: str | None = None, sha256: str | None = None) -> db.LoadResult:
    with db.connect(db_path) as con:
        loaded = db.load_call(con, call.transcript, call.analysis.findings, call.analysis.events, run_id=run_id,
                              redactions=call.redactions)
        if sha256:
            db.record_source(con, call.transcript.call_id, call.transcript.source_path, sha256)
        return loaded


def _timed(summary: BatchSummary, name: str, fn, *args):
    """Run one stage of one call; its failure becomes a StageError named for what went wrong."""
    started = time.perf_counter()
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - every failure of one call is recorded, never raised
        raise StageError(_INPUT_STAGES.get(type(exc).__name__, name), exc) from exc
    finally:
        summary.stage_seconds[name] += time.perf_counter() - started


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
    cache_hit: bool = False


# Told after every call, in this process: the CLI draws its progress bar from it. A listener is not a flow
# parameter because parameters are sent to the Prefect API and must serialise.
progress_listeners: list[Callable[[CallProgress], None]] = []


def _notify(progress: CallProgress) -> None:
    for listener in progress_listeners:
        listener(progress)


def task_runner_for(runner: str, workers: int):
    """Where transcriptions run: `workers` threads here, or a Dask cluster (a local one with `workers`
    processes, or the scheduler at $ESCUCHA_DASK_ADDRESS, e.g. GPU machines running `dask worker`)."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if runner == "thread":
        return ThreadPoolTaskRunner(max_workers=workers)
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        address = os.environ.get("ESCUCHA_DASK_ADDRESS")
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                              "dashboard_address": None})
    raise ValueError(f"unknown runner {runner!r}: choose one of {', '.join(RUNNERS)}")


def _parallel_options(options, workers: int, runner: str):
    """Split this machine's cores between the `workers` transcriptions: threads share one loaded model that
    takes `workers` calls at once; a local Dask cluster has one model per worker process."""
    if workers == 1 or (runner == "dask" and os.environ.get("ESCUCHA_DASK_ADDRESS")):
        return options  # a remote cluster's workers know their own cores
    from speech.transcribe import TranscribeOptions

    options = options or TranscribeOptions()
    threads = options.cpu_threads or max(1, (os.cpu_count() or 1) // workers)
    return replace(options, cpu_threads=threads, concurrent_calls=workers if runner == "thread" else 1)


@flow(name="process-batch", log_prints=False)
def process_batch(paths: list[str], db_path: str = "escucha.duckdb", options=None, redact: bool = True,
                  only_new: bool = False, workers: int = 1, runner: str = "thread",
                  use_cache: bool = True) -> BatchSummary:
    """Discover the calls, transcribe them `workers` at a time, then detect, redact and load each one
    in input order; record what fails."""
    logger = get_run_logger()
    summary = BatchSummary(db=db_path)
    sources, problems = discover([Path(p) for p in paths])
    with db.connect(db_path) as con:  # creates the file and schema before any work starts
        run_id = db.start_run(con, run_id=flow_run_id(), code_version=code_version(),
                              asr_backend=getattr(options, "backend", "faster-whisper"),
                              asr_model=getattr(options, "model", None),
                              rule_versions={lang: rule_versions(lang) for lang in ("es", "en")},
                              inputs=len(sources) + len(problems))
        summary.run_id = run_id
        db.upsert_agents(con, _manifest_agents(sources))
        for problem in problems:
            db.record_error(con, problem.path, problem.stage, problem.error)
            summary.errors.append((problem.path, problem.stage, problem.error))
        if only_new:
            sources, summary.skipped = _new_sources(con, sources)
    logger.info("%d calls to process, %d inputs rejected, %d already loaded", len(sources), len(problems),
                len(summary.skipped))

    cache_dir = str(default_cache_dir()) if use_cache else None
    call_options = _parallel_options(options, workers, runner)
    seen: dict[str, str] = {}
    _notify(CallProgress(0, len(sources), 0.0))
    with task_runner_for(runner, workers) as pool:
        futures = [pool.submit(transcribe_call, {"source": s, "options": call_options, "cache_dir": cache_dir})
                   for s in sources]
        for done, (source, future) in enumerate(zip(sources, futures), start=1):
            try:
                hit = _finish_call(summary, source, future, db_path, run_id, redact, seen, logger)
            except StageError as exc:
                logger.error("%s: %s failed: %s", source.path, exc.stage, exc)
                with db.connect(db_path) as con:
                    db.record_error(con, str(source.path), exc.stage, str(exc), call_id=source.call_id)
                summary.errors.append((str(source.path), exc.stage, str(exc)))
                _notify(CallProgress(done, len(sources), summary.audio_s, source.call_id, ok=False))
                continue
            _notify(CallProgress(done, len(sources), summary.audio_s, summary.loaded[-1], cache_hit=hit))
    _finish_run(summary, db_path, run_id, logger)
    return summary


@flow(name="process-call", log_prints=False)
def process_call(path: str, db_path: str = "escucha.duckdb", options=None, redact: bool = True,
                 use_cache: bool = True) -> BatchSummary:
    """One file (audio or transcript; a manifest beside it is read): decode, transcribe, detect, load."""
    return process_batch.fn([path], db_path, options, redact=redact, use_cache=use_cache)


def _finish_call(summary: BatchSummary, source: CallSource, transcribing, db_path: str, run_id: str,
                 redact: bool, seen: dict[str, str], logger) -> bool:
    """Wait for one call's transcript, then detect, redact and load it (here: the one writer).
    Returns whether the transcript came from the cache."""
    try:
        transcribed: Transcribed = transcribing.result()
    except Exception as exc:  # noqa: BLE001
        raise StageError(_INPUT_STAGES.get(type(exc).__name__, "transcribe"), exc) from exc
    summary.stage_seconds["transcribe"] += transcribed.seconds
    transcript = transcribed.transcript
    _timed(summary, "discover", _first_of_its_id, transcript, seen)
    analysis = _timed(summary, "detect", detect_findings, transcript)
    redacted = _timed(summary, "redact", redact_pii, transcript, analysis, redact)
    _timed(summary, "load", load_call, db_path, redacted, run_id, transcribed.sha256)
    if source.kind == "audio":
        summary.cache_hits += transcribed.cache_hit
        summary.transcribed += not transcribed.cache_hit
    summary.loaded.append(transcript.call_id)
    summary.audio_s += transcript.duration_s
    summary.findings_per_rule.update(f.rule_id for f in analysis.findings)
    logger.info("%s: %d turns, %d findings%s", transcript.call_id, len(transcript.turns), len(analysis.findings),
                " (transcript from cache)" if transcribed.cache_hit else "")
    return transcribed.cache_hit


def _new_sources(con, sources: list[CallSource]) -> tuple[list[CallSource], list[str]]:
    """Split off the files whose call is already loaded from these very bytes (same call_id and sha256)."""
    loaded = db.loaded_sources(con)
    new, skipped = [], []
    for source in sources:
        try:
            unchanged = loaded.get(source.call_id) == file_sha256(source.path)
        except OSError:
            unchanged = False  # let the per-call path report it
        (skipped if unchanged else new).append(source if not unchanged else str(source.path))
    return new, skipped


def _finish_run(summary: BatchSummary, db_path: str, run_id: str, logger) -> None:
    """The run's row, a search index that includes this batch, and the run's artifacts in the UI."""
    from warehouse.summaries import flagged_calls

    with db.connect(db_path) as con:
        db.finish_run(con, run_id, calls_loaded=len(summary.loaded), calls_failed=len(summary.errors),
                      findings=sum(summary.findings_per_rule.values()))
        summary.flagged = flagged_calls(con, call_ids=summary.loaded, limit=MAX_FLAGGED_ROWS)
        from warehouse.search import SearchUnavailable, ensure_index

        try:
            ensure_index(con)
        except SearchUnavailable as exc:
            logger.warning("search index not rebuilt: %s", exc)
    logger.info("loaded %d calls (%d transcribed, %d from the transcript cache, %d skipped as unchanged), "
                "%d failed", len(summary.loaded), summary.transcribed, summary.cache_hits, len(summary.skipped),
                len(summary.errors))
    _publish(summary)


def _publish(summary: BatchSummary) -> None:
    """A markdown summary (calls, findings per rule, errors) and a table of the flagged calls."""
    publish_run_summary(
        f"Batch into {Path(summary.db).name}",
        {"Loaded": len(summary.loaded), "Transcribed": summary.transcribed, "Transcript cache hits": summary.cache_hits,
         "Skipped (unchanged)": len(summary.skipped), "Failed": len(summary.errors)},
        summary.findings_per_rule, summary.errors, key=SUMMARY_KEY,
        description=f"Batch into {summary.db}: calls, findings per rule, errors")
    shown = (f"the {MAX_FLAGGED_ROWS} most severe flagged calls" if len(summary.flagged) == MAX_FLAGGED_ROWS
             else f"{len(summary.flagged)} flagged calls")
    publish_flagged_calls(summary.flagged, key=FLAGGED_KEY,
                          description=f"{shown} among the {len(summary.loaded)} loaded into {summary.db}")
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
