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
    language: str | None = None  # set where the turn's language differs from the call's (code-switching)
    speaker_confidence: float = 1.0  # 1.0 from a channel or a typed transcript; lower when roles were inferred


@dataclass(frozen=True, slots=True)
class AsrInfo:
    """How a transcript was produced, so it can travel to the warehouse with the call."""

    backend: str
    model: str
    compute_type: str = ""
    language_probability: float | None = None


@dataclass(frozen=True, slots=True)
class Interval:
    """A stretch of call time, e.g. a silence or an overlap; `by` names who started it, where that matters."""

    start_s: float
    end_s: float
    by: Speaker | None = None


@dataclass(frozen=True, slots=True)
class ConversationMetrics:
    """Per-call conversation metrics, computed from per-channel voice activity (not word timings).

    Formulas are documented in the README. Silences and overlaps are listed so rules (dead_air,
    interruption) can point at them.
    """

    agent_talk_s: float
    customer_talk_s: float
    talk_ratio: float | None  # agent talk / (agent + customer talk); None when nobody spoke
    silence_s: float  # time when neither party speaks, from the first to the last speech
    longest_silence_s: float
    overtalk_s: float  # time when both speak at once
    interruptions_by_agent: int
    interruptions_by_customer: int
    time_to_first_agent_word_s: float | None
    dead_air_threshold_s: float
    dead_air_count: int  # silences longer than the threshold
    dead_air_s: float
    agent_wpm: float | None
    customer_wpm: float | None
    silences: tuple[Interval, ...] = ()  # those over the dead-air threshold
    overlaps: tuple[Interval, ...] = ()  # `by`: who started talking over the other


@dataclass(frozen=True, slots=True)
class AsrQuality:
    """How much to trust a transcript: low word probabilities mean likely misrecognitions."""

    mean_word_probability: float | None
    low_confidence_share: float | None  # share of words below LOW_CONFIDENCE_WORD_PROBABILITY
    n_words: int
    dropped_segments: int = 0  # removed by the hallucination guard


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
    metrics: ConversationMetrics | None = None  # None when there was no audio to measure
    quality: AsrQuality | None = None


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
