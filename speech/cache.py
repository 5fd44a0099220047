"""Transcripts already made, kept by what made them: an unchanged call is never transcribed twice.

The key is the audio file's sha256 plus everything that changes Whisper's output (backend, model,
precision, decoding and VAD settings, the channel layout and language hint, and TRANSCRIBER_VERSION).
Call identity (call_id, agent, start time, path) is not part of it: the same recording moved or
re-labelled in a manifest is still a hit, and the hit carries the new identity.

Entries are transcript JSON files (the contract `escucha run` reads), so they can be inspected and are
never unpickled. They hold what was said before redaction: `escucha forget` removes a call's entries.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from speech.home import cache_home
from speech.types import CallSource, Transcript

# Bump when a change to speech/ changes transcripts for the same audio and options.
TRANSCRIBER_VERSION = "2"

_READ_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def default_cache_dir() -> Path:
    """$ESCUCHA_TRANSCRIPT_CACHE, else the transcripts folder beside the models (see speech.home)."""
    return Path(os.environ.get("ESCUCHA_TRANSCRIPT_CACHE") or cache_home() / "transcripts")


def options_fingerprint(source: CallSource, options) -> dict:
    """What, besides the audio, decides the transcript (options: speech.transcribe.TranscribeOptions)."""
    settings = dataclasses.asdict(options)
    for ignored in ("cpu_threads", "concurrent_calls", "max_call_s", "max_file_bytes"):  # speed and refusals only
        settings.pop(ignored, None)
    return {**settings, "transcriber": TRANSCRIBER_VERSION, "agent_channel": source.agent_channel,
            "language": source.language or options.language}  # a manifest's language wins, as in transcription


@dataclasses.dataclass(frozen=True)
class TranscriptCache:
    root: Path

    def key(self, audio_sha256: str, source: CallSource, options) -> str:
        settings = json.dumps(options_fingerprint(source, options), sort_keys=True)
        return f"{audio_sha256}-{hashlib.sha256(settings.encode()).hexdigest()[:16]}"

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, source: CallSource) -> Transcript | None:
        """The cached transcript for this key, as this source's call; None when absent or unreadable."""
        from speech.transcript_json import TranscriptFormatError, read_transcript

        path = self._path(key)
        if not path.is_file():
            return None
        try:
            cached = read_transcript(path)
        except (OSError, TranscriptFormatError):
            return None  # a damaged entry is a miss: transcribing again rewrites it
        return dataclasses.replace(cached, call_id=source.call_id, agent_id=source.agent_id,
                                   started_at=source.started_at, source_path=str(source.path))

    def put(self, key: str, transcript: Transcript) -> Path:
        from speech.transcript_json import write_transcript

        path = self._path(key)
        partial = path.with_suffix(".partial")
        write_transcript(transcript, partial)
        os.replace(partial, path)  # atomic: a reader never sees half an entry
        return path

    def purge(self, audio_sha256s: set[str]) -> int:
        """Remove every entry of these audio files (whatever the options); returns how many."""
        removed = 0
        for sha in audio_sha256s:
            for entry in (self.root / sha[:2]).glob(f"{sha}-*.json"):
                entry.unlink(missing_ok=True)
                removed += 1
        return removed
