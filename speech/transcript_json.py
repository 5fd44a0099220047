"""The transcript JSON contract: what `escucha run` reads and `escucha transcribe` writes.

    {"call_id": str, "agent_id": str, "language": "es"|"en", "started_at": ISO-8601,
     "turns": [{"speaker": "agent"|"customer", "start": s, "end": s, "text": str}]}

Turns may carry "words": [{"start", "end", "word", "probability"}], "language" (where it differs from
the call's) and "speaker_confidence" (mono role assignment). Transcripts made from audio also carry
"metrics" (ConversationMetrics) and "quality" (AsrQuality); every one of these keys is optional and
other keys are ignored.
"""
from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from speech.types import AsrInfo, AsrQuality, ConversationMetrics, Interval, Transcript, Turn, Word

SPEAKERS = ("agent", "customer", "unknown")
LANGUAGES = ("es", "en")


class TranscriptFormatError(ValueError):
    """A transcript file that does not follow the contract; the message names the file and the cause."""


def read_transcript(path: Path, *, call_id: str | None = None, agent_id: str | None = None,
                    started_at: str | None = None, language: str | None = None) -> Transcript:
    """Read and validate a transcript JSON file. Keyword values (from a manifest) win over the file's."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise TranscriptFormatError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    return transcript_from_dict(data, source=str(path), call_id=call_id, agent_id=agent_id,
                                started_at=started_at, language=language)


def transcript_from_dict(data: Any, *, source: str = "<dict>", call_id: str | None = None,
                         agent_id: str | None = None, started_at: str | None = None,
                         language: str | None = None) -> Transcript:
    def fail(cause: str) -> TranscriptFormatError:
        return TranscriptFormatError(f"{source}: {cause}")

    if not isinstance(data, dict):
        raise fail("top level must be a JSON object")
    from speech import vendor_formats  # other vendors' transcripts (Amazon Transcribe Call Analytics)

    if vendor_formats.detect_format(data) == vendor_formats.AWS_CALL_ANALYTICS:
        return vendor_formats.from_aws_call_analytics(data, source=source, call_id=call_id, agent_id=agent_id,
                                                      started_at=started_at, language=language)
    call_id = call_id or data.get("call_id") or Path(source).stem
    agent_id = agent_id or data.get("agent_id") or "unknown"
    language = language or data.get("language")
    if language not in LANGUAGES:
        raise fail(f"language must be one of {LANGUAGES}, got {language!r}")
    started_at = started_at or data.get("started_at")
    if started_at is not None:
        _check_iso(started_at, fail)
    raw_turns = data.get("turns")
    if not isinstance(raw_turns, list):
        raise fail("'turns' must be a list")
    turns = []
    for i, raw in enumerate(raw_turns):
        if not isinstance(raw, dict):
            raise fail(f"turn {i} must be an object")
        speaker = raw.get("speaker")
        if speaker not in SPEAKERS:
            raise fail(f"turn {i}: speaker must be 'agent' or 'customer', got {speaker!r}")
        try:
            start, end = float(raw["start"]), float(raw["end"])
        except (KeyError, TypeError, ValueError):
            raise fail(f"turn {i}: 'start' and 'end' must be numbers of seconds") from None
        if not (0 <= start <= end):
            raise fail(f"turn {i}: need 0 <= start <= end, got start={start} end={end}")
        text = raw.get("text")
        if not isinstance(text, str):
            raise fail(f"turn {i}: 'text' must be a string")
        words = tuple(Word(float(w["start"]), float(w["end"]), str(w["word"]), float(w.get("probability", 1.0)))
                      for w in raw.get("words", ()))
        turn_language = raw.get("language")
        turns.append(Turn(speaker, start, end, text.strip(), words,
                          language=str(turn_language) if turn_language else None,
                          speaker_confidence=float(raw.get("speaker_confidence", 1.0))))
    turns.sort(key=lambda t: (t.start_s, t.end_s))
    duration = float(data.get("duration_s") or max((t.end_s for t in turns), default=0.0))
    try:
        metrics = _metrics_from_dict(data["metrics"]) if data.get("metrics") else None
        quality = AsrQuality(**data["quality"]) if data.get("quality") else None
        asr = AsrInfo(**data["asr"]) if data.get("asr") else None
    except (TypeError, ValueError, KeyError) as exc:
        raise fail(f"malformed 'asr', 'metrics' or 'quality': {exc}") from None
    return Transcript(call_id=str(call_id), agent_id=str(agent_id), language=language,
                      started_at=started_at, duration_s=duration, turns=tuple(turns), source_path=source,
                      asr=asr, metrics=metrics, quality=quality)


def _metrics_from_dict(raw: dict[str, Any]) -> ConversationMetrics:
    intervals = {k: tuple(Interval(**i) for i in raw.get(k, ())) for k in ("silences", "overlaps")}
    return ConversationMetrics(**{**raw, **intervals})


def transcript_to_dict(transcript: Transcript, *, with_words: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "call_id": transcript.call_id,
        "agent_id": transcript.agent_id,
        "language": transcript.language,
        "started_at": transcript.started_at,
        "duration_s": round(transcript.duration_s, 3),
        "turns": [],
    }
    if transcript.asr is not None:
        out["asr"] = {"backend": transcript.asr.backend, "model": transcript.asr.model,
                      "compute_type": transcript.asr.compute_type,
                      "language_probability": transcript.asr.language_probability}
    if transcript.metrics is not None:
        out["metrics"] = dataclasses.asdict(transcript.metrics)
    if transcript.quality is not None:
        out["quality"] = dataclasses.asdict(transcript.quality)
    for turn in transcript.turns:
        item: dict[str, Any] = {"speaker": turn.speaker, "start": round(turn.start_s, 3),
                                "end": round(turn.end_s, 3), "text": turn.text}
        if turn.language:
            item["language"] = turn.language
        if turn.speaker_confidence != 1.0:
            item["speaker_confidence"] = turn.speaker_confidence
        if with_words and turn.words:
            item["words"] = [{"start": round(w.start_s, 3), "end": round(w.end_s, 3), "word": w.text,
                              "probability": round(w.probability, 4)} for w in turn.words]
        out["turns"].append(item)
    return out


def write_transcript(transcript: Transcript, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(transcript_to_dict(transcript), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _check_iso(value: Any, fail) -> None:
    try:
        datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise fail(f"started_at must be ISO-8601, got {value!r}") from None


__all__ = ["TranscriptFormatError", "read_transcript", "transcript_from_dict", "transcript_to_dict",
           "write_transcript", "AsrInfo"]
