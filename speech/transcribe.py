"""Transcribe call audio into role-labelled turns, with conversation metrics and an ASR quality score.

The stages, one call at a time:

1. decode each channel (speech.audio); a stereo call carries one party per channel;
2. find speech per channel with Silero VAD (speech.vad): these spans give the conversation
   metrics (speech.metrics), and only they are decoded, so one side's silence is never transcribed.
   A call read from a file goes through steps 1 and 2 in one streaming pass (`listen`) that keeps
   only the audio near speech, so memory grows with a call's speech, not with its length;
3. detect the language once per call, restricted to es/en, on the channel with the most speech;
4. transcribe each channel's speech with the chosen backend (speech.backends), drop likely
   hallucinations, and cut segments into turns at pauses; a turn in the other language (a customer
   switching to English) is detected and re-transcribed in its own language;
5. mono: assign agent/customer per turn (speech.roles), "unknown" where unsure;
6. merge both sides in time order.

Whisper is imported lazily (in speech.backends), so importing this module stays cheap.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from speech import metrics as call_metrics
from speech.audio import (SAMPLE_RATE, AudioStream, DecodedAudio, InputTooLarge, SparseAudio, channel_roles,
                          check_limits, decode)
from speech.backends import DEFAULT_BACKEND, Backend, get_backend
from speech.types import (AgentChannel, AsrInfo, AsrQuality, CallSource, ConversationMetrics, Speaker,
                          Transcript, Turn, Word)
from speech.vad import ChunkClock, Span, StreamingVad, asr_chunks, cut_chunks, only_chunks, speech_spans

LANGUAGES = ("es", "en")  # detection is restricted to the languages the rules cover
# A turn is one party's speech without a pause this long: Whisper cuts segments at breaths (joined
# back into one turn), and across the other party's reply when VAD removed it (split apart).
JOIN_GAP_S = 1.0
# Whisper's own skip rule (no_speech_threshold / log_prob_threshold), applied again to every
# segment we keep: likely silence and decoded with low confidence.
MAX_NO_SPEECH_PROB = 0.6
MIN_AVG_LOGPROB = -1.0
# Whisper retries a segment at higher temperatures when its text compresses this well (a loop);
# a segment still above it after the retries is a repetition loop, not speech.
MAX_COMPRESSION_RATIO = 2.4
# Code-switching: a turn decoded with a mean word probability below this is checked for the other
# language, and re-transcribed in it when that language is this probable.
SWITCH_CHECK_BELOW_PROBABILITY = 0.7
SWITCH_MIN_PROBABILITY = 0.8
SWITCH_MIN_DURATION_S = 1.0


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

    backend: "faster-whisper" (CTranslate2; default) or "openai-whisper" (PyTorch, same weights).
    model: a bundled model name ("base"), a model found in a local cache (`escucha models`), a
        CTranslate2 Whisper folder, or (openai-whisper) a .pt checkpoint.
    device: "auto" (CUDA when present, else CPU), "cpu" or "cuda".
    compute_type: CTranslate2 precision; "int8" was fastest on CPU at equal quality (openai-whisper:
        float32 on CPU, float16 on GPU, whatever is asked).
    beam_size: 1 is greedy decoding (about 1.4x faster than 5 on CPU).
    vad_filter: decode only the speech Silero VAD finds (essential per channel: one side is mostly silent).
    language: force "es" or "en" for every call; None detects per call (a manifest language wins).
    word_timestamps: keep per-word times and probabilities on each turn.
    cpu_threads: intra-op threads; 0 uses all cores.
    concurrent_calls: how many calls one loaded model may transcribe at once, from as many threads
        (CTranslate2 workers; openai-whisper takes them one at a time). Set by `escucha run --workers`.
    max_duration_s: transcribe only the first seconds of each call (None: all); for tests and
        quick looks at long calls.
    max_call_s, max_file_bytes: resource limits; a call over either is an error (stage `limits` in
        ingest_errors, naming the file, its size and the limit) and the batch goes on. None: no limit.
    dead_air_threshold_s: a silence at least this long is dead air (ConversationMetrics.silences).
    code_switching: check unsure turns for the other language and re-transcribe them in it.
    """

    backend: str = DEFAULT_BACKEND
    model: str = "base"
    device: str = "auto"
    compute_type: str = "int8"
    beam_size: int = 1
    vad_filter: bool = True
    language: str | None = None
    word_timestamps: bool = True
    cpu_threads: int = 0
    concurrent_calls: int = 1
    max_duration_s: float | None = None
    max_call_s: float | None = 4 * 3600.0  # longer calls are refused (InputTooLarge), not clipped
    max_file_bytes: int | None = 2_000_000_000  # bigger files are refused before decoding
    dead_air_threshold_s: float = call_metrics.DEAD_AIR_THRESHOLD_S
    code_switching: bool = True


@dataclass(frozen=True, slots=True)
class CallResult:
    """Everything transcription learns about one call, before it becomes a Transcript."""

    turns: tuple[Turn, ...]
    language: str
    language_probability: float | None
    metrics: ConversationMetrics
    quality: AsrQuality


def backend_for(options: TranscribeOptions) -> Backend:
    """The loaded backend for these options (once per process)."""
    return get_backend(options.backend, options.model, options.device, options.compute_type, options.cpu_threads,
                       options.concurrent_calls)


def transcribe_source(source: CallSource, options: TranscribeOptions = TranscribeOptions()) -> Transcript:
    """Decode and transcribe one audio call into a Transcript with roles, metrics and quality."""
    if source.kind != "audio":
        raise ValueError(f"{source.path}: not an audio source (kind {source.kind!r}); read transcripts "
                         "with speech.transcript_json.read_transcript")
    check_limits(source.path, max_bytes=options.max_file_bytes, max_call_s=options.max_call_s)
    stop_s = min((s for s in (options.max_duration_s, options.max_call_s and options.max_call_s + 1) if s), default=None)
    if options.vad_filter:
        sides, speech, duration_s = listen(source.path, source.agent_channel, max_duration_s=stop_s)
    else:  # every sample is decoded by Whisper anyway: the whole call in memory
        decoded = decode(source.path, max_duration_s=stop_s)
        sides, duration_s = _sides(decoded, source.agent_channel), decoded.duration_s
        speech = [((0.0, duration_s),) for _ in sides]
    if options.max_call_s and duration_s > options.max_call_s:
        raise InputTooLarge(f"{source.path}: more than {options.max_call_s / 60:.1f} min of audio "
                            "(the duration limit); the file does not declare its length")
    backend = backend_for(options)
    result = _transcribe(sides, speech, duration_s, options, source.language or options.language)
    return Transcript(
        call_id=source.call_id, agent_id=source.agent_id, language=result.language,
        started_at=source.started_at, duration_s=duration_s, turns=result.turns,
        source_path=str(source.path),
        asr=AsrInfo(backend=backend.name, model=options.model, compute_type=backend.compute_type,
                    language_probability=result.language_probability),
        metrics=result.metrics, quality=result.quality)


def transcribe_audio(decoded: DecodedAudio, *, agent_channel: AgentChannel,
                     options: TranscribeOptions = TranscribeOptions(),
                     language: str | None = None) -> tuple[tuple[Turn, ...], str, float | None]:
    """Transcribe decoded audio: (turns in time order, language, language probability)."""
    result = transcribe_call(decoded, agent_channel=agent_channel, options=options, language=language)
    return result.turns, result.language, result.language_probability


def transcribe_call(decoded: DecodedAudio, *, agent_channel: AgentChannel,
                    options: TranscribeOptions = TranscribeOptions(), language: str | None = None) -> CallResult:
    """The whole transcription stage on decoded audio.

    language: use it as given (probability None); None detects it among LANGUAGES.
    """
    sides = _sides(decoded, agent_channel)
    duration_s = decoded.duration_s
    speech = [speech_spans(audio) if options.vad_filter else ((0.0, duration_s),) for audio, _ in sides]
    return _transcribe(sides, speech, duration_s, options, language)


def listen(path: Path | str, agent_channel: AgentChannel, *, max_duration_s: float | None = None
           ) -> tuple[list[tuple[SparseAudio, Speaker]], list[tuple[Span, ...]], float]:
    """Steps 1 and 2 in one pass over the file, block by block: (audio, speaker) per party to
    transcribe (as `_sides`), each party's speech spans (as `speech_spans` on the whole channel),
    and the call's duration. Only the audio near speech is kept (KEEP_AROUND_SPEECH_S around it):
    everything transcription reads lies there. Raises AudioDecodeError as `decode` does."""
    stream = AudioStream(path, max_duration_s=max_duration_s)
    roles: tuple[tuple[int, Speaker], ...] = ()
    listeners: list[StreamingVad] = []
    for block in stream:
        if not roles:
            roles = channel_roles(block.shape[0], agent_channel)
            listeners = [StreamingVad() for _ in roles]
        if len(roles) == 1:  # the mixdown, as DecodedAudio.mixdown
            listeners[0].feed(block[0] if len(block) == 1 else np.mean(block, axis=0, dtype=np.float32))
        else:
            for (index, _), listener in zip(roles, listeners):
                listener.feed(block[index])
    speech = [listener.finish() for listener in listeners]
    return [(listener.audio, speaker) for listener, (_, speaker) in zip(listeners, roles)], speech, stream.duration_s


def _transcribe(sides: Sequence[tuple[np.ndarray | SparseAudio, Speaker]], speech: Sequence[tuple[Span, ...]],
                duration_s: float, options: TranscribeOptions, language: str | None) -> CallResult:
    """Steps 3 to 6, on each party's audio and speech spans."""
    from speech.roles import assign_roles

    backend = backend_for(options)
    if options.vad_filter:
        # From here on a party is heard only inside its ASR chunks, the rest reads as zeros: a turn
        # whose words straddle two chunks reads the same clip whether the call was streamed or not.
        sides = [(only_chunks(audio, asr_chunks(spans, duration_s)), speaker)
                 for (audio, speaker), spans in zip(sides, speech)]
    probability = None
    if language is None:
        language, probability = detect_language(backend, [cut_chunks(audio, spans) for (audio, _), spans
                                                          in zip(sides, speech)])
    dropped = [0]
    turns: list[Turn] = []
    for (audio, speaker), spans in zip(sides, speech):
        side_turns = list(_channel_turns(backend, audio, spans, duration_s, speaker, language, options, dropped))
        if options.code_switching:
            side_turns = [_check_language(backend, audio, t, language, options) for t in side_turns]
        turns += side_turns
    mono = len(sides) == 1
    if mono:
        turns = list(assign_roles(split_at_silences(turns, speech[0]), sides[0][0], speech[0]))
    merged = merge_turns(turns)
    if mono:
        metrics = call_metrics.conversation_metrics(
            call_metrics.party_spans(speech[0], merged, "agent"),
            call_metrics.party_spans(speech[0], merged, "customer"), other=speech[0],
            agent_words=call_metrics.word_count(merged, "agent"),
            customer_words=call_metrics.word_count(merged, "customer"),
            dead_air_threshold_s=options.dead_air_threshold_s, overlaps_measurable=False)
    else:
        by_speaker = {speaker: spans for (_, speaker), spans in zip(sides, speech)}
        metrics = call_metrics.conversation_metrics(
            by_speaker["agent"], by_speaker["customer"],
            agent_words=call_metrics.word_count(merged, "agent"),
            customer_words=call_metrics.word_count(merged, "customer"),
            dead_air_threshold_s=options.dead_air_threshold_s)
    return CallResult(merged, language, probability, metrics, call_metrics.asr_quality(merged, dropped[0]))


def detect_language(backend: Backend, channels: Sequence[np.ndarray],
                    candidates: Sequence[str] = LANGUAGES) -> tuple[str, float]:
    """The most likely of `candidates` for the channel with the most speech, and its probability
    renormalised over the candidates (so "es 0.9" means: 9 to 1 against English)."""
    busiest = max(channels, key=len)
    if not len(busiest):  # no speech anywhere: nothing to tell the language by
        return candidates[0], 0.0
    return _best_language(backend.language_probabilities(busiest), candidates)


def _best_language(probabilities: Iterable[tuple[str, float]], candidates: Sequence[str]) -> tuple[str, float]:
    scores = {lang: p for lang, p in probabilities if lang in candidates}
    best = max(candidates, key=lambda lang: scores.get(lang, 0.0))
    total = sum(scores.values())
    return best, (float(scores.get(best, 0.0) / total) if total else 0.0)


def is_hallucination(text: str, no_speech_prob: float, avg_logprob: float,
                     compression_ratio: float | None = None) -> bool:
    """Whether a Whisper segment is most likely invented: silence decoded with low confidence, a
    known silence filler ("Thank you.", "Gracias.", Amara.org credits) that Whisper was unsure of,
    music ("♪", "[Música]"), or a repetition loop (a phrase over and over)."""
    if no_speech_prob > MAX_NO_SPEECH_PROB and avg_logprob < MIN_AVG_LOGPROB:
        return True
    if is_music(text) or is_repetition_loop(text):
        return True
    if compression_ratio is not None and compression_ratio > MAX_COMPRESSION_RATIO:
        return True
    unsure = no_speech_prob > FILLER_MIN_NO_SPEECH_PROB or avg_logprob < FILLER_MAX_AVG_LOGPROB
    return unsure and _normalise(text) in HALLUCINATED_FILLERS


_MUSIC = re.compile(r"^[\s♪♫🎵🎶*#~.,()\[\]-]*(?:(?:music|música|musica|musique|instrumental|applause|aplausos|"
                    r"silence|silencio|inaudible|no audio|sin audio)[\w\s]*)?[\s♪♫🎵🎶*#~.,()\[\]-]*$", re.IGNORECASE)


def is_music(text: str) -> bool:
    """Whisper's captions for non-speech: note symbols, "[Music]", "(música de fondo)"."""
    text = text.strip()
    bracketed = re.fullmatch(r"[\[(*♪].*[\])*♪]", text) is not None
    return bool(text) and (_MUSIC.fullmatch(text) is not None or
                           (bracketed and re.search(r"m[uú]sic|applause|aplauso|silen", text, re.I) is not None))


def is_repetition_loop(text: str, min_repeats: int = 4) -> bool:
    """A phrase of 1 to 8 words said `min_repeats` times or more in a row ("Sí, sí, sí, sí." is
    four: people do say that, so short words need five), Whisper's failure mode on noise and hold music."""
    words = _normalise(text).split()
    for n in range(1, 9):
        needed = min_repeats + (n == 1)
        for start in range(len(words) - n * needed + 1):
            phrase = words[start:start + n]
            if all(words[start + k * n:start + (k + 1) * n] == phrase for k in range(needed)):
                return True
    return False


def turns_from_segment(segment: Any, speaker: Speaker, pause_s: float = JOIN_GAP_S,
                       split_sentences: bool = False) -> list[Turn]:
    """A Whisper segment as Turns: none when empty or a likely hallucination, several when its words
    pause for `pause_s` or more (and, with split_sentences, after every sentence). With VAD on,
    Whisper decodes one side's speech from before and after the other party's reply as a single
    segment; split there, the reply can be placed between the two parts. Each turn spans exactly
    its words."""
    text = segment.text.strip()
    if not text or is_hallucination(text, segment.no_speech_prob, segment.avg_logprob,
                                    getattr(segment, "compression_ratio", None)):
        return []
    words = [w for w in (segment.words or ()) if w.word.strip()]
    if not words:  # word_timestamps off
        return [Turn(speaker=speaker, start_s=_seconds(segment.start), end_s=_seconds(segment.end), text=text)]
    return [_turn_from_words(run, speaker) for run in _split_at_pauses(words, pause_s, split_sentences)]


def _split_at_pauses(words: list[Any], pause_s: float, split_sentences: bool = False) -> Iterator[list[Any]]:
    run = [words[0]]
    for word in words[1:]:
        sentence_end = split_sentences and run[-1].word.rstrip().endswith((".", "?", "!"))
        if word.start - run[-1].end >= pause_s or sentence_end:
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
    """A plain float rounded to the millisecond (backends hand out numpy floats)."""
    return round(float(value), 3)


def _sides(decoded: DecodedAudio, agent_channel: AgentChannel) -> list[tuple[np.ndarray, Speaker]]:
    """(audio, speaker) per party to transcribe; a mono call is the mixdown, speaker unknown."""
    roles = channel_roles(len(decoded.channels), agent_channel)
    if len(roles) == 1:
        return [(decoded.mixdown(), "unknown")]
    return [(decoded.channels[index], speaker) for index, speaker in roles]


# Mono turns are cut finer (short pauses, sentence ends): the other party may speak after any of them.
MONO_PAUSE_S = 0.5


def _channel_turns(backend: Backend, audio: np.ndarray | SparseAudio, spans: Sequence[Span], duration_s: float,
                   speaker: Speaker, language: str, options: TranscribeOptions, dropped: list[int]) -> Iterator[Turn]:
    """One channel's turns in call time. Only its VAD chunks are decoded; nothing when it has no speech."""
    chunks = asr_chunks(spans, duration_s) if options.vad_filter else ((0.0, duration_s),)
    if not chunks:
        return
    clock = ChunkClock(chunks)
    previous = ""
    for segment in backend.transcribe(cut_chunks(audio, chunks), language, options.beam_size, options.word_timestamps):
        segment = _to_call_time(segment, clock)
        text = _normalise(segment.text)
        # Whisper looping on noise repeats a whole segment: keep the first only.
        repeated = len(text.split()) >= 3 and text == previous
        previous = text
        turns = [] if repeated else turns_from_segment(
            segment, speaker, MONO_PAUSE_S if speaker == "unknown" else JOIN_GAP_S, split_sentences=speaker == "unknown")
        dropped[0] += bool(segment.text.strip()) and not turns
        yield from turns


def split_at_silences(turns: Iterable[Turn], speech: Sequence[Span]) -> list[Turn]:
    """Mono: cut turns where voice activity pauses between two words (word times stretch over such
    pauses, VAD does not): the other party may have spoken after any of them."""
    out = []
    for turn in turns:
        run: list[Word] = []
        for word in turn.words:
            if run and any(run[-1].start_s < gap_start and gap_end < word.end_s
                           for gap_start, gap_end in zip((e for _, e in speech), (s for s, _ in speech[1:]))):
                out.append(_turn_of(turn, run))
                run = []
            run.append(word)
        out.append(_turn_of(turn, run) if run else turn)
    return out


def _turn_of(turn: Turn, words: list[Word]) -> Turn:
    return replace(turn, start_s=words[0].start_s, end_s=words[-1].end_s, words=tuple(words),
                   text=" ".join(w.text for w in words))


def _to_call_time(segment: Any, clock: ChunkClock) -> Any:
    words = tuple(replace(w, start=clock.to_call_time(w.start), end=clock.to_call_time(w.end, is_end=True))
                  for w in segment.words)
    return replace(segment, start=clock.to_call_time(segment.start),
                   end=clock.to_call_time(segment.end, is_end=True), words=words)


def _check_language(backend: Backend, audio: np.ndarray | SparseAudio, turn: Turn, language: str,
                    options: TranscribeOptions) -> Turn:
    """Code-switching: an unsure turn that sounds like the other language is re-transcribed in it
    and marked with its language, if Whisper is surer of the new words than of the old ones."""
    probabilities = [w.probability for w in turn.words]
    if (not probabilities or turn.end_s - turn.start_s < SWITCH_MIN_DURATION_S
            or sum(probabilities) / len(probabilities) >= SWITCH_CHECK_BELOW_PROBABILITY):
        return turn
    clip = audio[int(turn.start_s * SAMPLE_RATE):int(turn.end_s * SAMPLE_RATE) + 1]
    other, probability = _best_language(backend.language_probabilities(clip), LANGUAGES)
    if other == language or probability < SWITCH_MIN_PROBABILITY:
        return turn
    redone = [t for seg in backend.transcribe(clip, other, options.beam_size, options.word_timestamps)
              for t in turns_from_segment(seg, turn.speaker, pause_s=float("inf"))]
    if not redone:
        return turn
    shift = turn.start_s
    words = tuple(replace(w, start_s=_seconds(w.start_s + shift), end_s=_seconds(w.end_s + shift))
                  for t in redone for w in t.words)
    # Asked for the wrong language, Whisper still writes fluent-looking words, only less sure of them:
    # "otra vez tengo que explicarle todo" (0.70) came back as English gibberish (0.35).
    if words and sum(w.probability for w in words) / len(words) <= sum(probabilities) / len(probabilities):
        return turn
    return replace(turn, text=" ".join(t.text for t in redone), words=words or turn.words, language=other,
                   start_s=words[0].start_s if words else turn.start_s,
                   end_s=min(turn.end_s, words[-1].end_s) if words else turn.end_s)


def merge_turns(turns: Iterable[Turn], join_gap_s: float = JOIN_GAP_S) -> tuple[Turn, ...]:
    """Turns from all channels in time order, with consecutive same-speaker turns less than
    `join_gap_s` apart (and in the same language) joined into one."""
    merged: list[Turn] = []
    for turn in sorted(turns, key=lambda t: (t.start_s, t.end_s)):
        previous = merged[-1] if merged else None
        if (previous and previous.speaker == turn.speaker and previous.language == turn.language
                and turn.start_s - previous.end_s < join_gap_s):
            merged[-1] = _join(previous, turn)
        else:
            merged.append(turn)
    return tuple(merged)


def _join(first: Turn, second: Turn) -> Turn:
    return replace(first, end_s=max(first.end_s, second.end_s), text=f"{first.text} {second.text}",
                   words=first.words + second.words,
                   speaker_confidence=min(first.speaker_confidence, second.speaker_confidence))
