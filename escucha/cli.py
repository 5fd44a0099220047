"""`escucha`: the command line. Parses arguments, calls the libraries or the flow, prints.

Exit codes: 0 everything processed; 1 nothing could be done (bad arguments, database locked,
missing model); 2 the batch ran but some inputs failed (see the errors table and `ingest_errors`).
"""
from __future__ import annotations

import json
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

DbPath = Annotated[Path, typer.Option("--db", help="DuckDB warehouse file (created if missing).")]
Model = Annotated[str, typer.Option("--model", help="Whisper model: 'base' (bundled) or a CTranslate2 model folder.")]
ComputeType = Annotated[str, typer.Option("--compute-type", help="CTranslate2 compute type: int8 (fastest on CPU), float32, ...")]
Language = Annotated[Optional[str], typer.Option("--language", help="Force 'es' or 'en' for audio (default: manifest, else detected).")]


def _fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _options(model: str, compute_type: str, language: str | None):
    from speech.transcribe import TranscribeOptions

    if language not in (None, "es", "en"):
        raise _fail(f"--language must be 'es' or 'en', got {language!r}")
    return TranscribeOptions(model=model, compute_type=compute_type, language=language)


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Audio files, transcript JSON files, or folders of them (with an optional manifest.csv).")],
    db: DbPath = Path("escucha.duckdb"),
    model: Model = "base",
    compute_type: ComputeType = "int8",
    language: Language = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the batch summary as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's flow and task logs.")] = False,
) -> None:
    """Transcribe, detect and load calls into the warehouse; print a per-agent summary.

    Example: escucha run examples/calls --db escucha.duckdb
    """
    import os

    # Failed inputs are reported in the table below and in ingest_errors; Prefect's own tracebacks
    # for them are noise unless asked for.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "CRITICAL")
    # The embedded server logs a harmless race when it stops while events are still being flushed.
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING" if verbose else "CRITICAL")
    from speech.models import ModelNotAvailable, model_path
    from warehouse.db import WarehouseError

    options = _options(model, compute_type, language)
    try:
        model_path(model)  # fail before the batch starts, with the install hint
    except ModelNotAvailable as exc:
        raise _fail(str(exc))
    from flows.process_calls import process_calls

    if not as_json:
        console.print(f"Processing {', '.join(map(str, paths))} into [bold]{db}[/] …")
    try:
        summary = process_calls([str(p) for p in paths], str(db), options)
    except WarehouseError as exc:
        raise _fail(str(exc))
    if as_json:
        print(json.dumps({"db": summary.db, "loaded": summary.loaded, "audio_s": round(summary.audio_s, 1),
                          "findings_per_rule": dict(summary.findings_per_rule),
                          "errors": [dict(zip(("source_path", "stage", "error"), e)) for e in summary.errors]},
                         indent=2))
    else:
        console.print(f"Loaded [bold]{len(summary.loaded)}[/] calls ({summary.audio_s / 60:.1f} min), "
                      f"{sum(summary.findings_per_rule.values())} findings.")
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

    if not db.exists():
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
    out: Annotated[Path, typer.Option("--out", help="Folder for the transcript JSON files.")] = Path("transcripts"),
    model: Model = "base",
    compute_type: ComputeType = "int8",
    language: Language = None,
) -> None:
    """Transcribe audio to transcript JSON (the format `escucha run` reads), one file per call.

    Example: escucha transcribe examples/calls --out transcripts/
    """
    from speech.ingest import transcript_for
    from speech.sources import discover
    from speech.transcript_json import write_transcript

    options = _options(model, compute_type, language)
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
        console.print(f"{source.path} → {target} ({len(transcript.turns)} turns, {transcript.language})")
    if failed:
        raise typer.Exit(2)


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


def main() -> None:  # python -m escucha
    app()


if __name__ == "__main__":
    sys.exit(main())
