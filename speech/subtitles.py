"""WebVTT and SRT subtitles of a transcript, one cue per turn, with the speaker as a label."""
from __future__ import annotations

from pathlib import Path

from speech.types import Transcript, Turn

LABELS = {"agent": "Agent", "customer": "Customer", "unknown": "Speaker"}


def _timestamp(seconds: float, separator: str) -> str:
    millis = int(round(max(seconds, 0.0) * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _label(turn: Turn) -> str:
    label = LABELS[turn.speaker]
    if turn.language:
        label += f" ({turn.language})"
    return label


def to_webvtt(transcript: Transcript) -> str:
    """WebVTT with voice spans: `<v Agent>Hello</v>` (players show the speaker's name)."""
    cues = [f"{_timestamp(t.start_s, '.')} --> {_timestamp(t.end_s, '.')}\n<v {_label(t)}>{_escape(t.text)}</v>"
            for t in transcript.turns]
    return "WEBVTT\n\n" + "".join(f"{cue}\n\n" for cue in cues)


def to_srt(transcript: Transcript) -> str:
    """SRT, numbered from 1, the speaker's label before the text: `Agent: Hello`."""
    return "".join(f"{i}\n{_timestamp(t.start_s, ',')} --> {_timestamp(t.end_s, ',')}\n{_label(t)}: {t.text}\n\n"
                   for i, t in enumerate(transcript.turns, start=1))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_subtitles(transcript: Transcript, stem: Path) -> tuple[Path, Path]:
    """Write STEM.vtt and STEM.srt next to each other; returns both paths."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    vtt, srt = stem.with_suffix(".vtt"), stem.with_suffix(".srt")
    vtt.write_text(to_webvtt(transcript), encoding="utf-8")
    srt.write_text(to_srt(transcript), encoding="utf-8")
    return vtt, srt
