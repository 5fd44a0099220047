"""Find the calls to process: files and folders on the command line, and a folder's manifest.csv.

Manifest columns: file,call_id,agent_id,started_at,language,agent_channel. Every column but `file`
may be empty; defaults: call_id = the file's stem, agent_id = "unknown", started_at = none,
language = detected (audio) or the transcript's own, agent_channel = "left".
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from speech.types import CallSource

AUDIO_SUFFIXES = frozenset({".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".oga", ".webm", ".aac"})
TRANSCRIPT_SUFFIXES = frozenset({".json"})
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "call_id", "agent_id", "started_at", "language", "agent_channel")
CHANNELS = ("left", "right", "mono")


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """An input that cannot be processed at all (bad manifest row, missing file)."""

    path: str
    stage: str
    error: str


def kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in AUDIO_SUFFIXES:
        return "audio"
    if suffix in TRANSCRIPT_SUFFIXES:
        return "transcript"
    return None


def discover(paths: list[Path]) -> tuple[list[CallSource], list[SourceProblem]]:
    """Expand files and folders into call sources, in a stable order; problems are returned, not raised."""
    sources: list[CallSource] = []
    problems: list[SourceProblem] = []
    for path in map(Path, paths):
        if path.is_dir():
            found, bad = _discover_folder(path)
            sources += found
            problems += bad
        elif path.is_file():
            kind = kind_of(path)
            if kind is None:
                problems.append(SourceProblem(str(path), "discover", f"{path}: unsupported file type '{path.suffix}'"))
            else:
                sources.append(CallSource(path=path, kind=kind, call_id=path.stem))
        else:
            problems.append(SourceProblem(str(path), "discover", f"{path}: no such file or folder"))
    return _dedupe(sources, problems)


def _discover_folder(folder: Path) -> tuple[list[CallSource], list[SourceProblem]]:
    manifest = folder / MANIFEST_NAME
    rows, rejected, problems = read_manifest(manifest) if manifest.is_file() else ({}, set(), [])
    sources = []
    for file_name, row in rows.items():
        path = folder / file_name
        kind = kind_of(path)
        if not path.is_file():
            problems.append(SourceProblem(str(path), "manifest", f"{manifest}: row for '{file_name}': file not found"))
        elif kind is None:
            problems.append(SourceProblem(str(path), "manifest", f"{manifest}: row for '{file_name}': unsupported file type"))
        else:
            sources.append(CallSource(path=path, kind=kind, **row))
    # A file whose manifest row is malformed is not processed with guessed metadata: it waits for a fixed row.
    listed = set(rows) | rejected
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in listed and path.name != MANIFEST_NAME and kind_of(path):
            sources.append(CallSource(path=path, kind=kind_of(path), call_id=path.stem))
    return sources, problems


def read_manifest(manifest: Path) -> tuple[dict[str, dict], set[str], list[SourceProblem]]:
    """The good rows as {file name: CallSource keyword arguments}, the file names of rejected rows, and a
    problem per rejected row (its path is `manifest.csv:LINE`, so every bad row is reported)."""
    rows: dict[str, dict] = {}
    rejected: set[str] = set()
    problems: list[SourceProblem] = []
    with manifest.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            return {}, set(), [SourceProblem(str(manifest), "manifest",
                                             f"{manifest}: header must include 'file' (columns: {','.join(MANIFEST_COLUMNS)})")]
        for line_no, raw in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in raw.items() if k}
            file_name = row.get("file", "")
            try:
                rows[file_name] = _row_to_kwargs(row)
            except ValueError as exc:
                rejected.add(file_name)
                held = f" ('{file_name}' is held back until the row is fixed)" if file_name else ""
                problems.append(SourceProblem(f"{manifest}:{line_no}", "manifest", f"{manifest} line {line_no}: {exc}{held}"))
    return rows, rejected, problems


def _row_to_kwargs(row: dict[str, str]) -> dict:
    file_name = row.get("file", "")
    if not file_name:
        raise ValueError("empty 'file'")
    if Path(file_name).name != file_name:
        raise ValueError(f"'file' must be a name inside the folder, got {file_name!r}")
    channel = row.get("agent_channel") or "left"
    if channel not in CHANNELS:
        raise ValueError(f"agent_channel must be one of {CHANNELS}, got {channel!r}")
    language = row.get("language") or None
    if language not in (None, "es", "en"):
        raise ValueError(f"language must be 'es' or 'en' (or empty to detect), got {language!r}")
    started_at = row.get("started_at") or None
    if started_at:
        try:
            datetime.fromisoformat(started_at.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"started_at must be ISO-8601, got {started_at!r}") from None
    extra = {k: v for k, v in row.items() if k not in MANIFEST_COLUMNS and v}
    return {"call_id": row.get("call_id") or Path(file_name).stem, "agent_id": row.get("agent_id") or "unknown",
            "started_at": started_at, "language": language, "agent_channel": channel, "from_manifest": True,
            "extra": extra}


def _dedupe(sources: list[CallSource], problems: list[SourceProblem]) -> tuple[list[CallSource], list[SourceProblem]]:
    """Two inputs claiming one call_id: the first wins, the second is reported (never silently merged)."""
    seen: dict[str, CallSource] = {}
    kept = []
    for source in sources:
        first = seen.get(source.call_id)
        if first is None:
            seen[source.call_id] = source
            kept.append(source)
        elif first.path.resolve() != source.path.resolve():
            problems.append(SourceProblem(str(source.path), "discover",
                                          f"{source.path}: duplicate call_id '{source.call_id}' (already given by {first.path})"))
    return kept, problems
