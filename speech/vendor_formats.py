"""Transcripts made by other vendors' recognisers, read into our Transcript so our rules run on them.

Supported: Amazon Transcribe Call Analytics output JSON (a post-call analytics job):

    {"JobName": "...", "LanguageCode": "en-US", "Participants": [{"ParticipantRole": "AGENT"}, ...],
     "Transcript": [{"ParticipantRole": "AGENT"|"CUSTOMER", "BeginOffsetMillis": 40, "EndOffsetMillis": 5050,
                     "Content": "...", "Items": [{"Type": "pronunciation", "Content": "Thank",
                     "Confidence": 1.0, "BeginOffsetMillis": 40, "EndOffsetMillis": 330}, ...]}, ...],
     "ConversationCharacteristics": {"TotalConversationDurationMillis": 182890, ...}}

Mapping: AGENT -> agent, CUSTOMER -> customer (anything else -> unknown); times in seconds; words from
the pronunciation Items (punctuation items are dropped), with Confidence as probability; the language
from LanguageCode ('en-US' -> 'en', 'es-US' -> 'es'). The vendor's own metrics (talk time, sentiment,
interruptions) are not mapped: ours are computed from audio, and the two are not the same measure.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from speech.types import AsrInfo, AsrQuality, Transcript, Turn, Word

AWS_CALL_ANALYTICS = "aws-transcribe-call-analytics"
_ROLES = {"AGENT": "agent", "CUSTOMER": "customer"}
LOW_CONFIDENCE_WORD_PROBABILITY = 0.5  # the threshold speech.metrics uses for our own ASR


def detect_format(data: Any) -> str | None:
    """The vendor format of a parsed JSON document, or None (our own format, or unknown)."""
    if (isinstance(data, dict) and isinstance(data.get("Transcript"), list) and "turns" not in data
            and ("Participants" in data or any(isinstance(s, dict) and "ParticipantRole" in s
                                               for s in data["Transcript"][:5]))):
        return AWS_CALL_ANALYTICS
    return None


def from_aws_call_analytics(data: dict, *, source: str = "<dict>", call_id: str | None = None,
                            agent_id: str | None = None, started_at: str | None = None,
                            language: str | None = None) -> Transcript:
    """An Amazon Transcribe Call Analytics result as a Transcript. Keyword values (a manifest's) win."""
    from speech.transcript_json import LANGUAGES, TranscriptFormatError

    def fail(cause: str) -> TranscriptFormatError:
        return TranscriptFormatError(f"{source}: {AWS_CALL_ANALYTICS}: {cause}")

    code = str(data.get("LanguageCode") or "")
    language = language or code.split("-")[0].lower() or None
    if language not in LANGUAGES:
        raise fail(f"LanguageCode {code!r} is not one of the supported languages {LANGUAGES}")
    turns = []
    for i, segment in enumerate(data["Transcript"]):
        try:
            start = segment["BeginOffsetMillis"] / 1000
            end = segment["EndOffsetMillis"] / 1000
            text = str(segment.get("Content", "")).strip()
        except (KeyError, TypeError) as exc:
            raise fail(f"Transcript[{i}]: needs BeginOffsetMillis, EndOffsetMillis and Content ({exc})") from None
        if not (0 <= start <= end):
            raise fail(f"Transcript[{i}]: need 0 <= begin <= end, got {start} and {end}")
        words = tuple(Word(item["BeginOffsetMillis"] / 1000, item["EndOffsetMillis"] / 1000, str(item["Content"]),
                           float(item.get("Confidence", 1.0)))
                      for item in segment.get("Items") or ()
                      if item.get("Type") == "pronunciation" and "BeginOffsetMillis" in item)
        turns.append(Turn(_ROLES.get(str(segment.get("ParticipantRole", "")).upper(), "unknown"),
                          start, end, text, words))
    turns.sort(key=lambda t: (t.start_s, t.end_s))
    total_ms = (data.get("ConversationCharacteristics") or {}).get("TotalConversationDurationMillis")
    duration = max([total_ms / 1000 if total_ms else 0.0] + [t.end_s for t in turns])
    probabilities = [w.probability for t in turns for w in t.words]
    quality = AsrQuality(
        mean_word_probability=round(sum(probabilities) / len(probabilities), 4) if probabilities else None,
        low_confidence_share=(round(sum(p < LOW_CONFIDENCE_WORD_PROBABILITY for p in probabilities)
                                    / len(probabilities), 4) if probabilities else None),
        n_words=len(probabilities))
    job = data.get("JobName")
    call_id = call_id or (Path(source).stem if source != "<dict>" else None) or (Path(job).stem if job else "call")
    return Transcript(call_id=str(call_id), agent_id=str(agent_id or "unknown"), language=language,
                      started_at=started_at, duration_s=duration, turns=tuple(turns), source_path=source,
                      asr=AsrInfo(backend=AWS_CALL_ANALYTICS, model=code or "unknown"), quality=quality)
