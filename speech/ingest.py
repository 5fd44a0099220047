"""One call source -> one Transcript, whatever the input: audio goes through Whisper, JSON is read."""
from __future__ import annotations

from speech.transcript_json import read_transcript
from speech.types import CallSource, Transcript


def transcript_for(source: CallSource, options=None) -> Transcript:
    """Transcribe audio (options: speech.transcribe.TranscribeOptions) or read a transcript file."""
    if source.kind == "transcript":
        # Manifest values win over the file's own; without a manifest row the file speaks for itself.
        given = source.from_manifest
        return read_transcript(source.path, call_id=source.call_id if given else None,
                               agent_id=source.agent_id if given and source.agent_id != "unknown" else None,
                               started_at=source.started_at, language=source.language)
    from speech.transcribe import TranscribeOptions, transcribe_source  # Whisper is heavy: load on first audio

    return transcribe_source(source, options or TranscribeOptions())

