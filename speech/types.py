"""Records that leave `speech/`: plain, frozen, standard-library only."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Speaker = Literal["agent", "customer", "unknown"]
AgentChannel = Literal["left", "right", "mono"]
SourceKind = Literal["audio", "transcript"]


@dataclass(frozen=True, slots=True)
class Word:
    start_s: float
    end_s: float
    text: str
    probability: float


@dataclass(frozen=True, slots=True)
class Turn:
    """One stretch of speech by one party, in call time (seconds from the call's start)."""

    speaker: Speaker
    start_s: float
    end_s: float
    text: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True, slots=True)
class AsrInfo:
    """How a transcript was produced, so it can travel to the warehouse with the call."""

    backend: str
    model: str
    compute_type: str = ""
    language_probability: float | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    call_id: str
    agent_id: str
    language: str
    started_at: str | None  # ISO-8601, as given by the manifest or the transcript file
    duration_s: float
    turns: tuple[Turn, ...]
    source_path: str = ""
    asr: AsrInfo | None = None  # None when the transcript came from a file


@dataclass(frozen=True, slots=True)
class CallSource:
    """One input to the pipeline: an audio file or a transcript file, with its manifest metadata."""

    path: Path
    kind: SourceKind
    call_id: str
    agent_id: str = "unknown"
    started_at: str | None = None
    language: str | None = None  # None: detect (audio) or read from the file (transcript)
    agent_channel: AgentChannel = "left"
    from_manifest: bool = False  # False: call_id and agent_id are defaults, a transcript file's own values win
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
