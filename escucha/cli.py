"""`escucha`: the command line. Parses arguments, calls the libraries or the flow, prints.

Exit codes: 0 everything processed; 1 nothing could be done (bad arguments, database locked,
missing model); 2 the batch ran but some inputs failed (see the errors table and `ingest_errors`).
"""
from __future__ import annotations

import json
from contextlib import contextmanager
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="escucha: hear what the customer heard. Offline call QA: Whisper transcripts, "
                       "spaCy rules, findings in DuckDB.")
console = Console()
err_console = Console(stderr=True)

DbPath = Annotated[Path, typer.Option("--db", help="DuckDB warehouse file, or ducklake:CATALOG for a DuckLake (created if missing).")]
Model = Annotated[str, typer.Option("--model", help="Whisper model: 'base' (bundled) or a CTranslate2 model folder.")]
ComputeType = Annotated[str, typer.Option("--compute-type", help="CTranslate2 compute type: int8 (fastest on CPU), float32, ...")]
Language = Annotated[Optional[str], typer.Option("--language", help="Force 'es' or 'en' for audio (default: manifest, else detected).")]
Backend = Annotated[str, typer.Option("--backend", help="Whisper backend: faster-whisper (default, fastest on CPU) or openai-whisper (same weights, converted once).")]


def _fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _options(model: str, compute_type: str, language: str | None, backend: str = "faster-whisper"):
    from speech.backends import BACKENDS
    from speech.transcribe import TranscribeOptions

    if language not in (None, "es", "en"):
        raise _fail(f"--language must be 'es' or 'en', got {language!r}")
    if backend not in BACKENDS:
        raise _fail(f"--backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    return TranscribeOptions(backend=backend, model=model, compute_type=compute_type, language=language)


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Audio files, transcript JSON files, or folders of them (with an optional manifest.csv).")],
    db: DbPath = Path("escucha.duckdb"),
    model: Model = "base",
    compute_type: ComputeType = "int8",
    language: Language = None,
    backend: Backend = "faster-whisper",
    as_json: Annotated[bool, typer.Option("--json", help="Print the batch summary as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's flow and task logs.")] = False,
    max_call_minutes: Annotated[Optional[float], typer.Option("--max-call-minutes", help="Refuse audio longer than this (an error row, the batch goes on). Default 240; 0: no limit.")] = None,
    max_file_mb: Annotated[Optional[float], typer.Option("--max-file-mb", help="Refuse audio files bigger than this. Default 2000; 0: no limit.")] = None,
    redact: Annotated[bool, typer.Option("--redact/--no-redact", help="Store transcripts and evidence with personal data (cards, phones, emails, IDs, accounts, names) replaced by [CARD], [PHONE], ... (default: on).")] = True,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Calls transcribed at once (loads stay one at a time).")] = 1,
    runner: Annotated[str, typer.Option("--runner", help="Where transcriptions run: 'thread' (this process) or 'dask' (a local Dask cluster of --workers processes, or the scheduler at $ESCUCHA_DASK_ADDRESS).")] = "thread",
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Reuse transcripts of unchanged audio (same file bytes, model, backend and settings) from the transcript cache.")] = True,
    only_new: Annotated[bool, typer.Option("--only-new", help="Skip files whose call is already loaded from the same bytes.")] = False,
) -> None:
    """Transcribe, detect and load calls into the warehouse; print a per-agent summary.

    Example: escucha run examples/calls --db escucha.duckdb
    Example: escucha run inbox/ --only-new --workers 2 --db escucha.duckdb
    """
    if runner not in ("thread", "dask"):  # flows.process_calls.RUNNERS; importing it now would start Prefect's logging
        raise _fail(f"--runner must be 'thread' or 'dask', got {runner!r}")
    import os

    # Failed inputs are reported in the table below and in ingest_errors; Prefect's own tracebacks
    # for them are noise unless asked for.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "CRITICAL")
    # The embedded server logs a harmless race when it stops while events are still being flushed.
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING" if verbose else "CRITICAL")
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "info" if verbose else "error")  # --runner dask
    from speech.models import ModelNotAvailable, model_path
    from warehouse.db import WarehouseError

    options = _options(model, compute_type, language, backend)
    import dataclasses

    if max_call_minutes is not None:
        options = dataclasses.replace(options, max_call_s=max_call_minutes * 60 if max_call_minutes > 0 else None)
    if max_file_mb is not None:
        options = dataclasses.replace(options, max_file_bytes=int(max_file_mb * 1e6) if max_file_mb > 0 else None)
    try:
        model_path(model) if not model.endswith(".pt") else None  # fail before the batch starts, with the install hint
    except ModelNotAvailable as exc:
        raise _fail(str(exc))
    from flows.process_calls import process_batch, progress_listeners

    if not as_json:
        console.print(f"Processing {', '.join(map(str, paths))} into [bold]{db}[/] …")
    try:
        with _batch_progress(enabled=not as_json) as listener:
            progress_listeners.append(listener)
            try:
                summary = process_batch([str(p) for p in paths], str(db), options, redact=redact, only_new=only_new,
                                        workers=workers, runner=runner, use_cache=cache)
            finally:
                progress_listeners.remove(listener)
    except WarehouseError as exc:
        raise _fail(str(exc))
    if as_json:
        print(json.dumps({"db": summary.db, "loaded": summary.loaded, "audio_s": round(summary.audio_s, 1),
                          "transcribed": summary.transcribed, "cache_hits": summary.cache_hits,
                          "skipped": summary.skipped, "findings_per_rule": dict(summary.findings_per_rule),
                          "errors": [dict(zip(("source_path", "stage", "error"), e)) for e in summary.errors]},
                         indent=2))
    else:
        console.print(f"Loaded [bold]{len(summary.loaded)}[/] calls ({summary.audio_s / 60:.1f} min), "
                      f"{sum(summary.findings_per_rule.values())} findings.")
        if summary.transcribed or summary.cache_hits or summary.skipped:
            console.print(f"Transcribed {summary.transcribed} calls; {summary.cache_hits} cache hits "
                          f"(transcripts reused); {len(summary.skipped)} skipped as already loaded.")
        if summary.errors:
            table = Table(title=f"{len(summary.errors)} inputs failed (also in ingest_errors)", title_style="bold red")
            for col in ("file", "stage", "error"):
                table.add_column(col, overflow="fold")
            for path, stage, error in summary.errors:
                table.add_row(path, stage, error)
            console.print(table)
        _print_agent_summary(db)
    if summary.errors:
        raise typer.Exit(2)


@contextmanager
def _batch_progress(enabled: bool):
    """A Rich progress bar on stderr fed by the flow's per-call progress: calls, audio minutes, ETA."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    if not enabled:
        yield lambda progress: None
        return
    bar = Progress(TextColumn("[bold]calls"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[minutes]:.1f} audio min  {task.fields[failed]} failed  {task.fields[last]}"),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=err_console, transient=True)
    task = bar.add_task("calls", total=None, minutes=0.0, failed=0, last="")
    failed = 0

    def listener(progress) -> None:
        nonlocal failed
        failed += not progress.ok
        bar.update(task, total=progress.total, completed=progress.done, minutes=progress.audio_s / 60,
                   failed=failed, last=progress.call_id)

    with bar:
        yield listener


@app.command()
def rescore(
    db: DbPath = Path("escucha.duckdb"),
    call: Annotated[Optional[list[str]], typer.Option("--call", help="Only this call_id (repeatable; default: every call).")] = None,
    all_calls: Annotated[bool, typer.Option("--all", help="Rescore calls already scored with the current rule versions too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rescore summary as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's flow and task logs.")] = False,
) -> None:
    """Run the rules again on the stored transcripts (never transcribes) and replace the calls' findings.

    By default only the calls scored with other rule versions than the rule files' now (after a rule edit).
    Transcripts, redactions and the QA reviews of findings still found are kept; the run and its rule
    versions go to `runs`. A call that fails is listed and stored in ingest_errors (stage rescore).
    Exit codes: 0 done; 1 nothing could be done (no database, locked); 2 some calls failed or are unknown.

    Example: escucha rescore --db escucha.duckdb
    Example: escucha rescore --call es-0001 --all --db escucha.duckdb
    """
    from warehouse.db import WarehouseError
    from warehouse.lake import warehouse_exists

    if not warehouse_exists(db):
        raise _fail(f"{db}: no such database; create it with `escucha run PATH --db {db}`")
    _quiet_prefect(verbose)
    from flows.rescore import rescore as rescore_flow

    try:
        summary = rescore_flow(str(db), call_ids=list(call) if call else None, only_changed=not all_calls)
    except WarehouseError as exc:
        raise _fail(str(exc))
    if as_json:
        print(json.dumps({"db": summary.db, "run_id": summary.run_id, "rescored": summary.rescored,
                          "changed": summary.changed, "up_to_date": summary.up_to_date,
                          "findings_before": dict(summary.findings_before),
                          "findings_per_rule": dict(summary.findings_per_rule),
                          "errors": [dict(zip(("call_id", "stage", "error"), e)) for e in summary.errors]}, indent=2))
    else:
        console.print(f"Rescored [bold]{len(summary.rescored)}[/] calls (findings changed in {len(summary.changed)}); "
                      f"{summary.up_to_date} already scored with the current rules.")
        if not summary.rescored and summary.up_to_date and not summary.errors:
            console.print("Nothing to rescore; --all rescores them anyway.")
        rules = sorted(set(summary.findings_before) | set(summary.findings_per_rule))
        if rules:
            _print_rows(["rule", "before", "after"], [(r, summary.findings_before[r], summary.findings_per_rule[r])
                                                      for r in rules], "table", title="Findings of the rescored calls")
        if summary.errors:
            _print_rows(["call", "stage", "error"], summary.errors, "table",
                        title=f"{len(summary.errors)} calls failed (also in ingest_errors, unless unknown)")
    if summary.errors:
        raise typer.Exit(2)


def _quiet_prefect(verbose: bool) -> None:
    """Prefect's own logs only when asked for (set before flows are imported)."""
    import os

    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING" if verbose else "CRITICAL")


@app.command()
def summary(db: DbPath = Path("escucha.duckdb")) -> None:
    """Print the per-agent summary (the agent_summary view).

    Example: escucha summary --db escucha.duckdb
    """
    _print_agent_summary(db)


_SHORT_HEADERS = {"agent_id": "agent", "audio_minutes": "minutes", "flagged_calls": "flagged",
                  "findings_per_100_calls": "per 100 calls", "blame_shifting": "blame",
                  "recording_intimidation": "recording", "needless_transfer": "transfer",
                  "missing_apology": "no apology"}


def _print_agent_summary(db: Path) -> None:
    from warehouse.db import WarehouseError, connect
    from warehouse.lake import warehouse_exists

    if not warehouse_exists(db):
        raise _fail(f"{db}: no such database; create it with `escucha run PATH --db {db}`")
    try:
        with connect(db, read_only=True) as con:
            cursor = con.execute("SELECT * FROM agent_summary")
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
    except WarehouseError as exc:
        raise _fail(str(exc))
    table = Table(title="Per-agent summary (findings per core rule)")
    for col in columns:
        table.add_column(_SHORT_HEADERS.get(col, col), justify="left" if col == "agent_id" else "right")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


@app.command()
def transcribe(
    paths: Annotated[list[Path], typer.Argument(help="Audio files or folders (with an optional manifest.csv).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the transcript JSON (plus WebVTT and SRT subtitles).")] = Path("transcripts"),
    model: Model = "base",
    compute_type: ComputeType = "int8",
    language: Language = None,
    backend: Backend = "faster-whisper",
) -> None:
    """Transcribe audio to transcript JSON (the format `escucha run` reads) plus .vtt and .srt subtitles, per call.

    Example: escucha transcribe examples/calls --out transcripts/
    """
    from speech.ingest import transcript_for
    from speech.sources import discover
    from speech.subtitles import write_subtitles
    from speech.transcript_json import write_transcript

    options = _options(model, compute_type, language, backend)
    sources, problems = discover(paths)
    failed = len(problems)
    for problem in problems:
        err_console.print(f"[red]skipped[/] {problem.error}")
    for source in sources:
        if source.kind != "audio":
            continue
        try:
            transcript = transcript_for(source, options)
        except Exception as exc:  # noqa: BLE001 - report and go on with the rest
            err_console.print(f"[red]failed[/] {source.path}: {exc}")
            failed += 1
            continue
        target = write_transcript(transcript, out / f"{transcript.call_id}.json")
        write_subtitles(transcript, out / transcript.call_id)
        console.print(f"{source.path} → {target} ({len(transcript.turns)} turns, {transcript.language})")
    if failed:
        raise typer.Exit(2)


@app.command()
def models() -> None:
    """List the Whisper models escucha can use offline, for which backend, and where they come from.

    Example: escucha models
    """
    from speech.models import available_models

    table = Table(title="Whisper models (pass NAME with --model, and --backend)")
    for col in ("name", "backend", "status", "source"):
        table.add_column(col, overflow="fold")
    for m in available_models():
        table.add_row(m.name, m.backend, str(m.path) if m.path else "ready on first use", m.source)
    console.print(table)
    console.print("Your own models: --model PATH to a CTranslate2 Whisper folder (faster-whisper) or a .pt "
                  "checkpoint (--backend openai-whisper); faster-whisper models in the Hugging Face cache and "
                  "openai-whisper checkpoints in ~/.cache/whisper are found by name (e.g. --model small).")


@app.command()
def rules(language: Annotated[Optional[str], typer.Option("--language", help="es or en (default: both).")] = None) -> None:
    """List the rules, their versions and severities, and how many phrase patterns each cue has.

    Example: escucha rules --language es
    """
    from nlp.rulebook import LANGUAGES, load_rulebook

    for lang in [language] if language else LANGUAGES:
        book = load_rulebook(lang)
        table = Table(title=f"Rules ({lang})")
        for col in ("rule_id", "version", "severity", "cues (patterns)", "description"):
            table.add_column(col, overflow="fold")
        for rule in book.rules.values():
            cues = ", ".join(f"{c} ({len(book.patterns_for(c))})" for c in rule.cues)
            table.add_row(rule.rule_id, book.rule_version(rule.rule_id), rule.severity, cues, rule.description)
        console.print(table)


def _open_existing(db: Path, *, write: bool = False, search: bool = False):
    from warehouse.db import WarehouseError, connect
    from warehouse.lake import warehouse_exists

    if not warehouse_exists(db):
        raise _fail(f"{db}: no such database; create it with `escucha run PATH --db {db}`")
    try:
        return connect(db, read_only=not write, search=search)
    except WarehouseError as exc:
        raise _fail(str(exc))


def _print_rows(columns: list[str], rows: list[tuple], fmt: str, title: str | None = None) -> None:
    if fmt == "json":
        print(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        table = Table(title=title)
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)


Format = Annotated[str, typer.Option("--format", "-f", help="table (default), csv or json.")]


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One SQL statement; tables, views and search_utterances(q) are available.")],
    db: DbPath = Path("escucha.duckdb"),
    fmt: Format = "table",
    write: Annotated[bool, typer.Option("--write", help="Open the file writable (default: read-only, safe next to a running batch).")] = False,
) -> None:
    """Run SQL against the warehouse (read-only unless --write) and print the result.

    Example: escucha sql "SELECT * FROM flagged_calls LIMIT 10" --db escucha.duckdb

    Example: escucha sql "SELECT agent_id, week, findings_per_100_calls FROM agent_scorecard" -f csv
    """
    import duckdb

    if fmt not in ("table", "csv", "json"):
        raise _fail(f"--format must be table, csv or json, got {fmt!r}")
    con = _open_existing(db, write=write, search=True)
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        raise _fail(f"{type(exc).__name__}: {exc}")
    finally:
        con.close()
    _print_rows(columns, rows, fmt)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find; every word must occur (stemmed, accents ignored).")],
    db: DbPath = Path("escucha.duckdb"),
    limit: Annotated[int, typer.Option("--limit", "-n", help="Most hits to show.")] = 20,
    fmt: Format = "table",
) -> None:
    """Full-text search over every utterance (Spanish/English stemming, accents stripped), best first.

    Rebuilds the search index first if calls were loaded since it was built.

    Example: escucha search "otro departamento" --db escucha.duckdb

    Example: escucha search "refund" -n 5 -f json
    """
    from warehouse import search as fts
    from warehouse.db import WarehouseError

    con = _open_existing(db, search=True)
    try:
        if fts.is_stale(con):
            con.close()
            try:  # writable only for as long as the rebuild takes
                with _open_existing(db, write=True, search=True) as writer:
                    fts.ensure_index(writer)
            except typer.Exit:
                err_console.print("[yellow]warning:[/] the search index is stale and the file is busy; "
                                  "searching the index as last built")
            con = _open_existing(db, search=True)
        hits = fts.search(con, query, limit=limit)
    except (fts.SearchUnavailable, WarehouseError) as exc:
        raise _fail(str(exc))
    finally:
        con.close()
    columns = ["call_id", "agent_id", "at", "speaker", "text", "score"]
    rows = [(h.call_id, h.agent_id, f"{int(h.start_s // 60)}:{int(h.start_s % 60):02d}", h.speaker, h.text, h.score)
            for h in hits]
    _print_rows(columns, rows, fmt, title=f"{len(hits)} utterances matching {query!r}")


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet files (one sub-folder per table).")] = Path("export"),
    db: DbPath = Path("escucha.duckdb"),
) -> None:
    """Export every table to Parquet, partitioned by date (call_date=YYYY-MM-DD/), for BI tools.

    Example: escucha export --db escucha.duckdb --out export/
    """
    from warehouse.export import export_parquet

    with _open_existing(db) as con:
        done = export_parquet(con, out)
    _print_rows(["table", "rows", "partitioned by", "path"],
                [(t.table, t.rows, t.partition_by or "", str(t.path)) for t in done], "table",
                title=f"Exported {len(done)} tables to {out}")


@app.command()
def forget(
    call: Annotated[Optional[list[str]], typer.Option("--call", help="A call_id to delete (repeatable).")] = None,
    older_than: Annotated[Optional[float], typer.Option("--older-than", help="Delete every call that started more than DAYS days ago.", metavar="DAYS")] = None,
    db: DbPath = Path("escucha.duckdb"),
) -> None:
    """Delete calls from every table and the search index (retention, right to erasure), in one transaction.

    Example: escucha forget --older-than 365 --db escucha.duckdb
    """
    from speech.cache import TranscriptCache, default_cache_dir
    from warehouse.db import source_hashes
    from warehouse.retention import calls_older_than, forget as forget_calls

    if not call and older_than is None:
        raise _fail("say what to forget: --call CALL_ID or --older-than DAYS")
    if older_than is not None and older_than < 0:
        raise _fail(f"--older-than must be a number of days >= 0, got {older_than}")
    with _open_existing(db, write=True) as con:
        ids = list(call or [])
        if older_than is not None:
            ids += calls_older_than(con, older_than)
        hashes = source_hashes(con, ids)  # before the rows that hold them go
        done = forget_calls(con, ids)
    purged = TranscriptCache(default_cache_dir()).purge(hashes)  # the cache holds what was said, unredacted
    console.print(f"Forgot {len(done.call_ids)} calls"
                  + (f" ({', '.join(f'{t}: {n}' for t, n in sorted(done.rows.items()))} rows)" if done.rows else "")
                  + (f"; removed {purged} cached transcripts" if purged else "") + ".")


@app.command(name="eval")
def evaluate(
    labels: Annotated[list[Path], typer.Argument(help="Labelled transcript JSON files or folders (with 'expected_rules').")],
    db: Annotated[Optional[Path], typer.Option("--db", help="Judge the findings already in this warehouse (e.g. from audio) instead of running the rules on the labelled text.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    show_errors: Annotated[bool, typer.Option("--errors", help="List the calls behind every false positive and false negative.")] = False,
) -> None:
    """Precision, recall and F1 of every rule, per language, against labelled calls.

    Example: escucha eval examples/labelled/test
    Example: escucha run examples/calls --db x.duckdb && escucha eval examples/scenarios --db x.duckdb
    """
    from nlp.evaluate import load_labelled, score
    from nlp.sequence import RULES
    from speech.transcript_json import TranscriptFormatError

    try:
        calls = load_labelled(labels)
    except TranscriptFormatError as exc:
        raise _fail(str(exc))
    if not calls:
        raise _fail(f"no labelled calls in {', '.join(map(str, labels))}")
    if db is None:
        from nlp.detect import detect

        detected = {c.transcript.call_id: {f.rule_id for f in detect(c.transcript)} for c in calls}
    else:
        from warehouse.db import WarehouseError, connect, rules_by_call
        from warehouse.lake import warehouse_exists

        if not warehouse_exists(db):
            raise _fail(f"{db}: no such database")
        try:
            with connect(db, read_only=True) as con:
                detected = rules_by_call(con, [c.transcript.call_id for c in calls])
        except WarehouseError as exc:
            raise _fail(str(exc))
        missing = sorted(c.transcript.call_id for c in calls if c.transcript.call_id not in detected)
        if missing:
            err_console.print(f"[yellow]note:[/] {len(missing)} labelled calls are not in {db}: {', '.join(missing[:5])}…")
    scores = score(calls, detected, RULES)
    languages = sorted({lang for lang, _ in scores})
    if as_json:
        print(json.dumps([{"language": lang, "rule_id": rule, "support": s.support, "tp": s.tp, "fp": s.fp, "fn": s.fn,
                           "precision": s.precision, "recall": s.recall, "f1": s.f1,
                           "false_positives": s.false_positives, "false_negatives": s.false_negatives}
                          for (lang, rule), s in sorted(scores.items())], indent=2))
        return
    fmt = lambda v: "–" if v is None else f"{v:.2f}"  # noqa: E731
    for lang in languages:
        n_calls = sum(c.transcript.language == lang for c in calls)
        table = Table(title=f"{lang}: {n_calls} labelled calls")
        for col in ("rule_id", "support", "TP", "FP", "FN", "precision", "recall", "F1"):
            table.add_column(col, justify="left" if col == "rule_id" else "right")
        for rule in RULES:
            s = scores[(lang, rule)]
            table.add_row(rule, str(s.support), str(s.tp), str(s.fp), str(s.fn), fmt(s.precision), fmt(s.recall), fmt(s.f1))
        console.print(table)
        if show_errors:
            for rule in RULES:
                s = scores[(lang, rule)]
                if s.false_positives:
                    console.print(f"  {rule} false positives: {', '.join(s.false_positives)}")
                if s.false_negatives:
                    console.print(f"  {rule} false negatives: {', '.join(s.false_negatives)}")


@app.command()
def review(
    db: DbPath = Path("escucha.duckdb"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on (default: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    reviewer: Annotated[Optional[str], typer.Option("--reviewer", help="Name stored with each verdict.")] = None,
    token: Annotated[Optional[str], typer.Option("--token", envvar="ESCUCHA_REVIEW_TOKEN",
                                                 help="Access token; required when --host is not loopback.")] = None,
) -> None:
    """Open the QA review web app: the flagged-call queue, calls with audio, accept/reject findings, rule precision.

    Verdicts go into the reviews table, one short write per verdict. Bound to 127.0.0.1 unless told
    otherwise; any other address needs a token (open http://HOST:PORT/?token=TOKEN once in the browser).

    Example: escucha review --db escucha.duckdb --reviewer ana
    Example: ESCUCHA_REVIEW_TOKEN=s3cret escucha review --host 0.0.0.0
    """
    import ipaddress

    import uvicorn

    from escucha.review import create_app

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not token:
        raise _fail(f"--host {host} exposes call transcripts and audio beyond this machine: give an access "
                    "token with --token or ESCUCHA_REVIEW_TOKEN")
    con = _open_existing(db)  # fail now, with the reason, rather than on the first page
    con.close()
    console.print(f"Review app for [bold]{db}[/] on http://{host}:{port}/  (Ctrl-C to stop)")
    uvicorn.run(create_app(db, reviewer=reviewer, token=token), host=host, port=port, log_level="warning")


report_app = typer.Typer(no_args_is_help=True, help="Self-contained HTML reports (charts inline, open offline).",
                         context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(report_app, name="report")
Since = Annotated[Optional[str], typer.Option("--since", help="Only calls on or after this date (YYYY-MM-DD).")]


def _since(value: str | None):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise _fail(f"--since must be a date like 2024-05-01, got {value!r}")


def _write_report(db: Path, out: Path, build) -> None:
    from escucha.reports.build import ReportError

    with _open_existing(db) as con:
        try:
            html = build(con)
        except ReportError as exc:
            raise _fail(str(exc))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{out}: cannot write the report: {exc}")
    console.print(f"Wrote [bold]{out}[/] ({len(html) // 1024} KB)")


@report_app.command("agent")
def report_agent(
    agent_id: Annotated[str, typer.Argument(help="The agent, as in calls.agent_id.")],
    db: DbPath = Path("escucha.duckdb"),
    since: Since = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="HTML file to write (default: AGENT_ID.html).")] = None,
) -> None:
    """Coach evidence report for one agent: findings per rule against the team, weekly trend, every quote.

    Example: escucha report agent AG-ES-101 --since 2024-05-01 --out AG-ES-101.html
    """
    from escucha.reports.build import agent_report

    start = _since(since)
    _write_report(db, out or Path(f"{agent_id}.html"), lambda con: agent_report(con, agent_id, since=start))


@report_app.command("team")
def report_team(
    db: DbPath = Path("escucha.duckdb"),
    team: Annotated[Optional[str], typer.Option("--team", help="One team (default: every team).")] = None,
    since: Since = None,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("team-report.html"),
) -> None:
    """Team report for QA leads: agents against their team, rules, weekly trend, rule precision from reviews.

    Example: escucha report team --team ES-Madrid --since 2024-05-01 --out madrid.html
    """
    from escucha.reports.build import team_report

    start = _since(since)
    _write_report(db, out, lambda con: team_report(con, team=team, since=start))


@report_app.command("daily")
def report_daily(
    db: DbPath = Path("escucha.duckdb"),
    day: Annotated[Optional[str], typer.Option("--day", help="The day of the calls (YYYY-MM-DD, by start time in UTC; default: yesterday).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's flow and task logs.")] = False,
) -> None:
    """Per-agent summary of one day: calls, flagged calls, problem findings per rule, praise.

    Stored in the warehouse table agent_daily (that day's rows replaced), printed, and published as
    Prefect artifacts (daily-report-summary, daily-report-agents, daily-report-flagged-calls).

    Example: escucha report daily --day 2024-05-06 --db escucha.duckdb
    """
    from datetime import date

    from warehouse.db import WarehouseError
    from warehouse.lake import warehouse_exists

    try:
        date.fromisoformat(day) if day is not None else None
    except ValueError:
        raise _fail(f"--day must be a date like 2024-05-06, got {day!r}")
    if not warehouse_exists(db):
        raise _fail(f"{db}: no such database; create it with `escucha run PATH --db {db}`")
    _quiet_prefect(verbose)
    from flows.daily_report import daily_report

    try:
        report = daily_report(str(db), day=day)
    except WarehouseError as exc:
        raise _fail(str(exc))
    rows = [(a.agent_id, a.calls, a.audio_minutes, a.flagged_calls, a.findings,
             ", ".join(f"{rule} {n}" for rule, n in sorted(a.findings_per_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
             a.praise) for a in report.agents]
    _print_rows(["agent", "calls", "minutes", "flagged", "findings", "findings per rule", "praise"], rows, "table",
                title=f"{report.day}: {report.totals.calls} calls, {sum(a.flagged_calls for a in report.agents)} flagged "
                      f"(stored in agent_daily)")


def main() -> None:  # python -m escucha
    app()


if __name__ == "__main__":
    sys.exit(main())
