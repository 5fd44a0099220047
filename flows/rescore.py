"""Rescore: the rules again on the transcripts already in the warehouse, after rule files change. No ASR.

    find the calls to rescore -> per batch of calls: read them back -> detect, each -> replace each
    call's findings (its own transaction)

By default only calls scored with other rule versions than the current rule files' (`only_changed`):
each call's versions are recorded (calls.rules_version by a rescore, else runs.rule_versions of the run
that loaded it), so a second rescore with nothing changed does nothing. A rescore replaces a call's
findings, events and QA-queue row in one transaction; its transcript, words, metrics, redactions and QA
reviews stay (findings still there keep their ids, nlp.stored). The run is recorded in `runs` (kind
'rescore', with the rule versions); a call that fails is recorded in `ingest_errors` (stage 'rescore')
and the others go on. Publishes a markdown summary and a table of the flagged calls as Prefect artifacts.

The rule files are read once per process (nlp caches them): a deployment's flow run is a fresh process.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import flows  # noqa: F401  (Prefect environment defaults)
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.artifacts import markdown_table, publish_flagged_calls, publish_run_summary
from flows.runs import code_version, flow_run_id
from nlp.detect import rule_versions
from nlp.rulebook import LANGUAGES
from nlp.stored import analyse_stored
from nlp.types import CallAnalysis, Finding
from speech.types import Transcript
from warehouse import db
from warehouse.summaries import FlaggedCall, flagged_calls
from warehouse.transcripts import (RescoreCandidates, encode_rules_version, rescore_candidates, stored_findings,
                                   stored_transcript)

SUMMARY_KEY = "rescore-summary"
FLAGGED_KEY = "rescore-flagged-calls"
STAGE = "rescore"  # ingest_errors.stage of a call that could not be rescored
MAX_FLAGGED_ROWS = 1000  # in the summary and its table artifact, most severe first; the rest are in flagged_calls


@dataclass
class RescoreSummary:
    db: str
    run_id: str
    rule_versions: dict[str, dict[str, str]]  # {language: {rule_id: version}} the calls were rescored with
    rescored: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # rescored calls whose findings are not the same as before
    up_to_date: int = 0  # calls skipped: already scored with the current rule versions
    findings_before: Counter = field(default_factory=Counter)  # per rule, of the rescored calls, before
    findings_per_rule: Counter = field(default_factory=Counter)  # per rule, of the rescored calls, after
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (call_id, stage, error)
    flagged: list[FlaggedCall] = field(default_factory=list)  # of the rescored calls, after: the first MAX_FLAGGED_ROWS


@dataclass(frozen=True)
class StoredCall:
    transcript: Transcript
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class FailedCall:
    call_id: str
    source_path: str  # the call's, where it could be read (the key of its ingest_errors row)
    error: str  # names the call and the cause


# Calls read, and written, per opening of the warehouse: an opening costs tens of milliseconds (migration
# check, views, a checkpoint on close), as much as the rules on a short call.
BATCH_SIZE = 50


@task(name="find-calls-to-rescore", cache_policy=NO_CACHE)
def find_calls_to_rescore(db_path: str, versions: dict[str, dict[str, str]],
                          call_ids: list[str] | None) -> RescoreCandidates:
    with db.connect(db_path) as con:
        return rescore_candidates(con, versions, call_ids)


@task(name="read-stored-calls", cache_policy=NO_CACHE)
def read_stored_calls(db_path: str, call_ids: list[str]) -> list[StoredCall | FailedCall]:
    out: list[StoredCall | FailedCall] = []
    with db.connect(db_path) as con:
        for call_id in call_ids:
            try:
                out.append(StoredCall(stored_transcript(con, call_id), tuple(stored_findings(con, call_id))))
            except Exception as exc:  # noqa: BLE001 - one call's failure is recorded, the others go on
                out.append(FailedCall(call_id, call_id, _error(call_id, exc)))
    return out


@task(name="detect", cache_policy=NO_CACHE)
def detect_findings(call: StoredCall) -> CallAnalysis:
    return analyse_stored(call.transcript, call.findings)


def _transient(task, task_run, state) -> bool:
    """Retry only what may pass on a second try (the database locked, the disk); calls fail one by one inside."""
    try:
        state.result()
    except (db.WarehouseError, OSError):
        return True
    except Exception:  # noqa: BLE001
        return False
    return True


@task(name="replace-findings", retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=_transient,
      cache_policy=NO_CACHE)
def replace_findings(db_path: str, scored: list[tuple[StoredCall, CallAnalysis]],
                     versions: dict[str, dict[str, str]], run_id: str) -> list[FailedCall]:
    """Each call in its own transaction (a retry after a partial batch replaces the same findings again)."""
    failed = []
    with db.connect(db_path) as con:
        for call, analysis in scored:
            t = call.transcript
            try:
                db.replace_findings(con, db.CallRecord(t, analysis.findings, analysis.events),
                                    rules_version=encode_rules_version(versions[t.language]), run_id=run_id)
            except Exception as exc:  # noqa: BLE001 - one call's failure is recorded, the others go on
                failed.append(FailedCall(t.call_id, t.source_path or t.call_id, _error(t.call_id, exc)))
    return failed


@flow(name="rescore", log_prints=False)
def rescore(db_path: str = "escucha.duckdb", call_ids: list[str] | None = None,
            only_changed: bool = True) -> RescoreSummary:
    """Re-run the rules on stored transcripts and replace the findings; never transcribes.

    Args:
        db_path: the warehouse (a DuckDB file, or ducklake:CATALOG).
        call_ids: only these calls (default: every call).
        only_changed: skip calls already scored with the current rule versions; False rescores them too.
    """
    logger = get_run_logger()
    versions = {language: rule_versions(language) for language in LANGUAGES}
    candidates = find_calls_to_rescore(db_path, versions, call_ids)
    todo = list(candidates.stale) if only_changed else sorted(candidates.stale + candidates.current)
    with db.connect(db_path) as con:
        run_id = db.start_run(con, run_id=flow_run_id(), code_version=code_version(), rule_versions=versions,
                              inputs=len(todo) + len(candidates.missing), kind="rescore")
    summary = RescoreSummary(db=db_path, run_id=run_id, rule_versions=versions,
                             up_to_date=len(candidates.current) if only_changed else 0)
    summary.errors += [(call_id, STAGE, f"{call_id}: no such call in {db_path}") for call_id in candidates.missing]
    logger.info("%d calls to rescore, %d already scored with the current rules, %d unknown",
                len(todo), summary.up_to_date, len(candidates.missing))

    for first in range(0, len(todo), BATCH_SIZE):
        failed: list[FailedCall] = []
        scored: list[tuple[StoredCall, CallAnalysis]] = []
        for call in read_stored_calls(db_path, todo[first:first + BATCH_SIZE]):
            if isinstance(call, FailedCall):
                failed.append(call)
                continue
            try:
                scored.append((call, detect_findings(call)))
            except Exception as exc:  # noqa: BLE001 - one call's failure is recorded, the others go on
                t = call.transcript
                failed.append(FailedCall(t.call_id, t.source_path or t.call_id, _error(t.call_id, exc)))
        if scored:
            failed += replace_findings(db_path, scored, versions, run_id)
        _record_failures(db_path, failed, summary, logger)
        not_written = {f.call_id for f in failed}
        for call, analysis in scored:
            if call.transcript.call_id in not_written:
                continue
            summary.rescored.append(call.transcript.call_id)
            summary.findings_before.update(f.rule_id for f in call.findings)
            summary.findings_per_rule.update(f.rule_id for f in analysis.findings)
            if {(f.finding_id, f.rule_id) for f in call.findings} != {(f.finding_id, f.rule_id) for f in analysis.findings}:
                summary.changed.append(call.transcript.call_id)

    with db.connect(db_path) as con:
        db.finish_run(con, run_id, calls_loaded=len(summary.rescored), calls_failed=len(summary.errors),
                      findings=sum(summary.findings_per_rule.values()))
        summary.flagged = (flagged_calls(con, call_ids=summary.rescored, limit=MAX_FLAGGED_ROWS)
                           if summary.rescored else [])
    _publish(summary)
    logger.info("rescored %d calls (findings changed in %d), %d failed", len(summary.rescored),
                len(summary.changed), len(summary.errors))
    return summary


def _error(call_id: str, exc: BaseException) -> str:
    text = str(exc)
    return text if text.startswith(call_id) else f"{call_id}: {type(exc).__name__}: {text}"


def _record_failures(db_path: str, failed: list[FailedCall], summary: RescoreSummary, logger) -> None:
    if not failed:
        return
    with db.connect(db_path) as con:
        for f in failed:
            logger.error("%s: rescore failed: %s", f.call_id, f.error)
            db.record_error(con, f.source_path, STAGE, f.error, call_id=f.call_id)
            summary.errors.append((f.call_id, STAGE, f.error))


def _publish(summary: RescoreSummary) -> None:
    name = Path(summary.db).name
    rules = sorted({rule for versions in summary.rule_versions.values() for rule in versions})
    languages = sorted(summary.rule_versions)
    versions = markdown_table(["rule", *languages],
                              [(rule, *(f"`{summary.rule_versions[lang].get(rule, '')}`" for lang in languages))
                               for rule in rules])
    publish_run_summary(
        f"Rescore of {name}",
        {"Rescored": len(summary.rescored), "Findings changed in": len(summary.changed),
         "Already up to date": summary.up_to_date, "Failed": len(summary.errors)},
        summary.findings_per_rule, summary.errors, previous_per_rule=summary.findings_before,
        key=SUMMARY_KEY, description=f"Rescore of {summary.db}: calls, findings per rule before and after, errors",
        extra=f"## Rule versions\n\nRun `{summary.run_id}` (in `runs`), stored per call in `calls.rules_version`.\n\n"
              + versions)
    shown = (f"the {MAX_FLAGGED_ROWS} most severe flagged calls" if len(summary.flagged) == MAX_FLAGGED_ROWS
             else f"{len(summary.flagged)} flagged calls")
    publish_flagged_calls(summary.flagged, key=FLAGGED_KEY,
                          description=f"{shown} among the {len(summary.rescored)} rescored in {summary.db}")
