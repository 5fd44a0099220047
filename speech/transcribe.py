"""Transcribe call audio with faster-whisper into role-labelled turns.

A stereo call carries one party per channel, so each channel is transcribed on its own (with VAD,
so one side's silence is never decoded) and its segments get that channel's role; the two sides
are then merged in time order. Mono audio gets speaker "unknown": roles are not guessed here.

The language is detected once per call, restricted to the languages escucha has rules for, on
the channel with the most speech; every channel is then transcribed in that language.

faster-whisper is imported lazily, so importing this module stays cheap.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from speech.audio import DecodedAudio, channel_roles, decode
from speech.models import model_path
from speech.types import AgentChannel, AsrInfo, CallSource, Speaker, Transcript, Turn, Word

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

BACKEND = "faster-whisper"
LANGUAGES = ("es", "en")  # detection is restricted to the languages the rules cover
# A turn is one party's speech without a pause this long: Whisper cuts segments at breaths (joined
# back into one turn), and across the other party's reply when VAD removed it (split apart).
JOIN_GAP_S = 1.0
# Whisper's own skip rule (no_speech_threshold / log_prob_threshold), applied again to every
# segment we keep: likely silence and decoded with low confidence.
MAX_NO_SPEECH_PROB = 0.6
MIN_AVG_LOGPROB = -1.0


def _normalise(text: str) -> str:
    """Lower case, without punctuation or extra spaces: "¡Suscríbete!" -> "suscríbete"."""
    return " ".join(re.sub(r"[^\w\s']", "", text.lower()).split())


# Phrases Whisper is known to invent on silence, noise or music (learnt from subtitle credits).
HALLUCINATED_FILLERS = frozenset(map(_normalise, (
    "Thank you.", "Thanks for watching!", "Thank you for watching.", "Please subscribe.", "You", "Bye.",
    "Gracias.", "Muchas gracias.", "Gracias por ver.", "Gracias por ver el video.", "¡Suscríbete!",
    "Subtítulos realizados por la comunidad de Amara.org", "Subtítulos por la comunidad de Amara.org",
    "Amara.org",
)))
# A filler is dropped only when Whisper itself was unsure: a customer's real "Gracias." is kept.
FILLER_MIN_NO_SPEECH_PROB = 0.3
FILLER_MAX_AVG_LOGPROB = -0.7


@dataclass(frozen=True, slots=True)
class TranscribeOptions:
    """How to transcribe; defaults are the fastest settings measured on a 2-core CPU.

    model: a bundled model name ("base") or a CTranslate2 Whisper folder (see speech.models).
    device: "auto" (CUDA when present, else CPU), "cpu" or "cuda".
    compute_type: CTranslate2 precision; "int8" was fastest on CPU at equal quality.
    beam_size: 1 is greedy decoding (about 1.4x faster than 5 on CPU).
    vad_filter: skip non-speech with Silero VAD (essential per channel: one side is mostly silent).
    language: force "es" or "en" for every call; None detects per call (a manifest language wins).
    word_timestamps: keep per-word times and probabilities on each turn.
    cpu_threads: CTranslate2 intra-op threads; 0 uses all cores.
    max_duration_s: transcribe only the first seconds of each call (None: all); for tests and
        quick looks at long calls.
    """

    model: str = "base"
    device: str = "auto"
    compute_type: str = "int8"
    beam_size: int = 1
    vad_filter: bool = True
    language: str | None = None
    word_timestamps: bool = True
    cpu_threads: int = 0
    max_duration_s: float | None = None


@lru_cache(maxsize=4)
def get_model(model: str = "base", device: str = "auto", compute_type: str = "int8",
              cpu_threads: int = 0) -> WhisperModel:
    """The Whisper model, loaded once per process and argument set (from a local folder, never the Hub)."""
    from faster_whisper import WhisperModel

    return WhisperModel(str(model_path(model)), device=device, compute_type=compute_type,
                        cpu_threads=cpu_threads)


def transcribe_source(source: CallSource, options: TranscribeOptions = TranscribeOptions()) -> Transcript:
    """Decode and transcribe one audio call into a Transcript with agent/customer (or unknown) turns."""
    if source.kind != "audio":
        raise ValueError(f"{source.path}: not an audio source (kind {source.kind!r}); read transcripts "
                         "with speech.transcript_json.read_transcript")
    decoded = decode(source.path, max_duration_s=options.max_duration_s)
    turns, language, probability = transcribe_audio(
        decoded, agent_channel=source.agent_channel, options=options,
        language=source.language or options.language)
    return Transcript(
        call_id=source.call_id, agent_id=source.agent_id, language=language,
        started_at=source.started_at, duration_s=decoded.duration_s, turns=turns,
        source_path=str(source.path),
        asr=AsrInfo(backend=BACKEND, model=options.model, compute_type=options.compute_type,
                    language_probability=probability))


def transcribe_audio(decoded: DecodedAudio, *, agent_channel: AgentChannel,
                     options: TranscribeOptions = TranscribeOptions(),
                     language: str | None = None) -> tuple[tuple[Turn, ...], str, float | None]:
    """Transcribe decoded audio: (turns in time order, language, language probability).

    language: use it as given (probability None); None detects it among LANGUAGES.
    """
    model = get_model(options.model, options.device, options.compute_type, options.cpu_threads)
    sides = _sides(decoded, agent_channel)
    probability = None
    if language is None:
        language, probability = detect_language(model, [audio for audio, _ in sides])
    turns = itertools.chain.from_iterable(
        _channel_turns(model, audio, speaker, language, options) for audio, speaker in sides)
    return merge_turns(turns), language, probability


def detect_language(model: WhisperModel, channels: Sequence[np.ndarray],
                    candidates: Sequence[str] = LANGUAGES) -> tuple[str, float]:
    """The most likely of `candidates` for the channel with the most speech, and its probability
    renormalised over the candidates (so "es 0.9" means: 9 to 1 against English)."""
    from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

    speech_per_channel = [get_speech_timestamps(audio, VadOptions()) for audio in channels]
    speech_samples = [sum(c["end"] - c["start"] for c in chunks) for chunks in speech_per_channel]
    busiest = int(np.argmax(speech_samples))
    audio = channels[busiest]
    if speech_samples[busiest]:
        audio = np.concatenate(collect_chunks(audio, speech_per_channel[busiest])[0])
    # A second 30 s window is decoded only when the first is unsure (probability <= 0.5).
    _, _, all_probabilities = model.detect_language(audio=audio, language_detection_segments=2)
    scores = {lang: p for lang, p in all_probabilities if lang in candidates}
    best = max(candidates, key=lambda lang: scores.get(lang, 0.0))
    total = sum(scores.values())
    return best, (float(scores.get(best, 0.0) / total) if total else 0.0)


def merge_turns(turns: Iterable[Turn], join_gap_s: float = JOIN_GAP_S) -> tuple[Turn, ...]:
    """Turns from all channels in time order, with consecutive same-speaker turns less than
    `join_gap_s` apart joined into one."""
    merged: list[Turn] = []
    for turn in sorted(turns, key=lambda t: (t.start_s, t.end_s)):
        previous = merged[-1] if merged else None
        if previous and previous.speaker == turn.speaker and turn.start_s - previous.end_s < join_gap_s:
            merged[-1] = _join(previous, turn)
        else:
            merged.append(turn)
    return tuple(merged)


def is_hallucination(text: str, no_speech_prob: float, avg_logprob: float) -> bool:
    """Whether a Whisper segment is most likely invented: silence decoded with low confidence, or a
    known silence filler ("Thank you.", "Gracias.", Amara.org credits) that Whisper was unsure of."""
    if no_speech_prob > MAX_NO_SPEECH_PROB and avg_logprob < MIN_AVG_LOGPROB:
        return True
    unsure = no_speech_prob > FILLER_MIN_NO_SPEECH_PROB or avg_logprob < FILLER_MAX_AVG_LOGPROB
    return unsure and _normalise(text) in HALLUCINATED_FILLERS


def turns_from_segment(segment: Any, speaker: Speaker, pause_s: float = JOIN_GAP_S) -> list[Turn]:
    """A faster-whisper Segment as Turns: none when empty or a likely hallucination, several when
    its words pause for `pause_s` or more. With VAD on, Whisper decodes one side's speech from
    before and after the other party's reply as a single segment; split there, the reply can be
    placed between the two parts. Each turn spans exactly its words."""
    text = segment.text.strip()
    if not text or is_hallucination(text, segment.no_speech_prob, segment.avg_logprob):
        return []
    words = [w for w in (segment.words or ()) if w.word.strip()]
    if not words:  # word_timestamps off
        return [Turn(speaker=speaker, start_s=_seconds(segment.start), end_s=_seconds(segment.end), text=text)]
    return [_turn_from_words(run, speaker) for run in _split_at_pauses(words, pause_s)]


def _split_at_pauses(words: list[Any], pause_s: float) -> Iterator[list[Any]]:
    run = [words[0]]
    for word in words[1:]:
        if word.start - run[-1].end >= pause_s:
            yield run
            run = []
        run.append(word)
    yield run


def _turn_from_words(words: list[Any], speaker: Speaker) -> Turn:
    """Whisper's words carry their leading space, so joining them rebuilds the segment's text."""
    return Turn(speaker=speaker, start_s=_seconds(words[0].start), end_s=_seconds(words[-1].end),
                text="".join(w.word for w in words).strip(),
                words=tuple(Word(start_s=_seconds(w.start), end_s=_seconds(w.end), text=w.word.strip(),
                                 probability=round(float(w.probability), 4)) for w in words))


def _seconds(value: float) -> float:
    """A plain float rounded to the millisecond (faster-whisper hands out numpy floats)."""
    return round(float(value), 3)


def _sides(decoded: DecodedAudio, agent_channel: AgentChannel) -> list[tuple[np.ndarray, Speaker]]:
    """(audio, speaker) per party to transcribe; a mono call is the mixdown, speaker unknown."""
    roles = channel_roles(len(decoded.channels), agent_channel)
    if len(roles) == 1:
        return [(decoded.mixdown(), "unknown")]
    return [(decoded.channels[index], speaker) for index, speaker in roles]


def _channel_turns(model: WhisperModel, audio: np.ndarray, speaker: Speaker, language: str,
                   options: TranscribeOptions) -> Iterator[Turn]:
    segments, _ = model.transcribe(
        audio, language=language, task="transcribe", beam_size=options.beam_size,
        vad_filter=options.vad_filter, word_timestamps=options.word_timestamps)
    for segment in segments:  # a generator: decoding happens as we iterate
        yield from turns_from_segment(segment, speaker)


def _join(first: Turn, second: Turn) -> Turn:
    return replace(first, end_s=max(first.end_s, second.end_s), text=f"{first.text} {second.text}",
                   words=first.words + second.words)

