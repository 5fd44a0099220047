"""Conversation metrics and ASR quality of one call.

Metrics come from voice activity per party (speech.vad), not from word timestamps: Whisper stretches
a word's end into the silence after it, which would hide pauses and invent overtalk. The formulas are
written out in the README ("Conversation metrics"); each one is a line or two below.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from speech.types import AsrQuality, ConversationMetrics, Interval, Speaker, Turn
from speech.vad import Span, gaps, intersection, total, union

DEAD_AIR_THRESHOLD_S = 5.0  # a silence this long or longer is dead air (a hold, or nobody talking)
# Overtalk shorter than this is a backchannel ("mhm", "sí") or a VAD edge, not an interruption.
MIN_INTERRUPTION_S = 0.5
# A word Whisper gives less than this probability is counted as a likely misrecognition.
LOW_CONFIDENCE_WORD_PROBABILITY = 0.5


def conversation_metrics(agent: Sequence[Span], customer: Sequence[Span], *, other: Sequence[Span] = (),
                         agent_words: int = 0, customer_words: int = 0,
                         dead_air_threshold_s: float = DEAD_AIR_THRESHOLD_S,
                         overlaps_measurable: bool = True) -> ConversationMetrics:
    """Metrics from each party's speech spans (seconds from the call's start).

    other: speech not attributed to either party (mono turns of unknown role): it is speech, so
        it is not silence, but it is nobody's talk time.
    overlaps_measurable: False for mono audio, where two voices at once cannot be told apart
        (overtalk and interruptions are then reported as 0).
    """
    agent, customer = union(agent), union(customer)
    anyone = union([*agent, *customer, *other])
    silences = gaps(anyone)
    dead_air = tuple(Interval(round(s, 3), round(e, 3)) for s, e in silences if e - s >= dead_air_threshold_s)
    overlaps = _overlaps(agent, customer) if overlaps_measurable else ()
    interruptions = [o for o in overlaps if o.end_s - o.start_s >= MIN_INTERRUPTION_S]
    agent_s, customer_s = total(agent), total(customer)
    return ConversationMetrics(
        agent_talk_s=round(agent_s, 3),
        customer_talk_s=round(customer_s, 3),
        talk_ratio=round(agent_s / (agent_s + customer_s), 4) if agent_s + customer_s else None,
        silence_s=round(total(silences), 3),
        longest_silence_s=round(max((e - s for s, e in silences), default=0.0), 3),
        overtalk_s=round(sum(o.end_s - o.start_s for o in overlaps), 3),
        interruptions_by_agent=sum(o.by == "agent" for o in interruptions),
        interruptions_by_customer=sum(o.by == "customer" for o in interruptions),
        time_to_first_agent_word_s=agent[0][0] if agent else None,
        dead_air_threshold_s=dead_air_threshold_s,
        dead_air_count=len(dead_air),
        dead_air_s=round(sum(i.end_s - i.start_s for i in dead_air), 3),
        agent_wpm=_wpm(agent_words, agent_s),
        customer_wpm=_wpm(customer_words, customer_s),
        silences=dead_air,
        overlaps=tuple(interruptions),
    )


def _overlaps(agent: Sequence[Span], customer: Sequence[Span]) -> tuple[Interval, ...]:
    """Each stretch of overtalk, `by` the party whose speech began later (who talked over the other)."""
    out = []
    for start, end in intersection(agent, customer):
        agent_began = max(s for s, e in agent if s <= start)
        customer_began = max(s for s, e in customer if s <= start)
        by: Speaker = "agent" if agent_began > customer_began else "customer"
        out.append(Interval(round(start, 3), round(end, 3), by))
    return tuple(out)


def _wpm(words: int, talk_s: float) -> float | None:
    return round(words / (talk_s / 60), 1) if talk_s > 0 else None


def party_spans(speech: Sequence[Span], turns: Iterable[Turn], speaker: Speaker) -> tuple[Span, ...]:
    """The part of mono speech that falls inside `speaker`'s turns (mono: one channel for both)."""
    return intersection(union(speech), union((t.start_s, t.end_s) for t in turns if t.speaker == speaker))


def word_count(turns: Iterable[Turn], speaker: Speaker) -> int:
    return sum(len(t.words) or len(t.text.split()) for t in turns if t.speaker == speaker)


def asr_quality(turns: Iterable[Turn], dropped_segments: int = 0,
                low: float = LOW_CONFIDENCE_WORD_PROBABILITY) -> AsrQuality:
    """Mean word probability and the share of words below `low`, over every word of the call."""
    probabilities = [w.probability for t in turns for w in t.words]
    if not probabilities:
        return AsrQuality(None, None, 0, dropped_segments)
    return AsrQuality(mean_word_probability=round(sum(probabilities) / len(probabilities), 4),
                      low_confidence_share=round(sum(p < low for p in probabilities) / len(probabilities), 4),
                      n_words=len(probabilities), dropped_segments=dropped_segments)
