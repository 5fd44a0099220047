"""Agent or customer for each turn of a mono call, with a confidence, never a guess passed off as fact.

The method, in two steps:

1. **Who sounds like whom.** Each turn gets a voice print: its median pitch and its mean log-mel
   spectrum (16 bands) over its loudest frames (voice, and the line each party is on: a headset
   and a mobile phone colour the sound differently). The prints are split into two groups by
   2-means clustering. A turn's acoustic confidence is its margin: how much nearer it is to its own
   group's centre than to the other's (0: half-way, 1: on its centre).
2. **Which group is the agent.** Word cues name the groups: agent phrases ("thank you for calling",
   "gracias por llamar", "how can I help", "let me check your account", "un momento por favor") and
   customer phrases ("I'm calling because", "llamo porque", "my car", "mi factura") are counted per
   group, and the first turn of the call counts half a vote for the agent (inbound calls open with
   the agent's greeting). The naming confidence is e / (e + 1) for an evidence margin e.

A turn's confidence is naming confidence x (0.5 + 0.5 x acoustic margin). Turns below
MIN_ROLE_CONFIDENCE keep speaker "unknown" (their confidence is still stored). When the call offers
no cue at all, or the voices do not fall into two groups, every turn stays "unknown".
Evaluated on the stereo calls mixed down to mono: benchmarks/speech_roles.py, results in the README.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from speech.audio import SAMPLE_RATE
from speech.types import Speaker, Turn

MIN_ROLE_CONFIDENCE = 0.5  # below it a mono turn's speaker stays "unknown"
MIN_PRINT_S = 0.3  # turns shorter than this have no reliable voice print: they follow their neighbours
FIRST_TURN_VOTE = 0.5

AGENT_CUES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"thank(s| you) for (calling|holding|waiting|your patience)", r"how (can|may) i (help|assist)",
    r"my name is \w+.{0,20}(help|assist|speaking)", r"(let me|i'?ll|i will|i can) (check|look|pull|verify|see|transfer)",
    r"(one|just a) (moment|second)", r"(can|could|may) i (have|get) your", r"is there anything else",
    r"what can i do for you", r"\bspeaking\b.{0,15}(how|what)", r"have a (great|good|nice) day",
    r"gracias por (llamar|comunicarse|su llamada|esperar|la espera)", r"en qué (le )?puedo ayudar",
    r"le atiende", r"(permítame|déjeme|voy a) (revisar|comprobar|verificar|consultar|transferir)",
    r"un momento,? por favor", r"(me (puede|podría) (dar|indicar|confirmar)) su",
    r"algo más en (lo )?que", r"que tenga (un )?buen",
))
CUSTOMER_CUES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"i'?m calling (because|about|to)", r"\bi (bought|purchased|ordered|paid)\b", r"\bmy (car|bill|account|order|card|phone)\b",
    r"i('ve| have) been (waiting|trying|charged)", r"(can|could) you (help|tell|check)", r"i want(ed)? to (cancel|know|ask|speak)",
    r"(llamo|le llamo|les llamo) (porque|por|para)", r"\bmi (factura|coche|cuenta|pedido|tarjeta|contrato)\b",
    r"me (han )?cobra(ron|do)", r"quiero (cancelar|saber|hablar|darme de baja)", r"(me puede|podría) ayudar",
))


def cue_score(text: str) -> int:
    """+1 per agent cue, -1 per customer cue found in `text`."""
    return sum(bool(c.search(text)) for c in AGENT_CUES) - sum(bool(c.search(text)) for c in CUSTOMER_CUES)


def voice_print(audio: np.ndarray) -> np.ndarray | None:
    """Median pitch (log F0 of voiced frames, weighted x4: the strongest single cue) and the mean
    log-mel spectrum pooled into 16 bands over the loudest half of the frames."""
    from faster_whisper.feature_extractor import FeatureExtractor

    if len(audio) < MIN_PRINT_S * SAMPLE_RATE:
        return None
    mel = _extractor(FeatureExtractor)(audio, padding=0)  # (80, frames)
    energy = mel.mean(axis=0)
    bands = mel[:, energy >= np.median(energy)].mean(axis=1).reshape(16, 5).mean(axis=1)
    f0 = pitch_hz(audio)
    return np.concatenate([[4 * np.log(f0) if f0 else 0.0], bands])


def pitch_hz(audio: np.ndarray, low_hz: float = 60.0, high_hz: float = 400.0) -> float | None:
    """Median fundamental frequency of the voiced 40 ms frames (normalised autocorrelation > 0.5)."""
    size, hop = int(0.04 * SAMPLE_RATE), int(0.01 * SAMPLE_RATE)
    if len(audio) < size:
        return None
    frames = np.lib.stride_tricks.sliding_window_view(audio, size)[::hop]
    frames = frames - frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(frames, n=2 * size, axis=1)
    autocorr = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, :size]
    lo, hi = int(SAMPLE_RATE / high_hz), int(SAMPLE_RATE / low_hz)
    peak = lo + autocorr[:, lo:hi].argmax(axis=1)
    strength = autocorr[np.arange(len(frames)), peak] / (autocorr[:, 0] + 1e-9)
    voiced = strength > 0.5
    return float(np.median(SAMPLE_RATE / peak[voiced])) if voiced.sum() >= 3 else None


@lru_cache(maxsize=1)
def _extractor(factory):
    return factory(feature_size=80)


def two_groups(prints: np.ndarray, iterations: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """2-means on standardised voice prints: (group 0/1 per row, margin in [0, 1] per row)."""
    x = (prints - prints.mean(axis=0)) / (prints.std(axis=0) + 1e-6)
    # Start from the two rows farthest apart along the main axis of variation.
    axis = np.linalg.svd(x, full_matrices=False)[2][0]
    projection = x @ axis
    centres = np.stack([x[np.argmin(projection)], x[np.argmax(projection)]])
    for _ in range(iterations):
        distances = np.linalg.norm(x[:, None, :] - centres[None], axis=2)
        groups = distances.argmin(axis=1)
        if len(set(groups)) < 2:
            break
        centres = np.stack([x[groups == g].mean(axis=0) for g in (0, 1)])
    distances = np.linalg.norm(x[:, None, :] - centres[None], axis=2)
    groups = distances.argmin(axis=1)
    own, other = distances.min(axis=1), distances.max(axis=1)
    return groups, np.clip((other - own) / (other + own + 1e-9), 0.0, 1.0)


def assign_roles(turns: Sequence[Turn], audio: np.ndarray, speech: Sequence[tuple[float, float]] = (),
                 min_confidence: float = MIN_ROLE_CONFIDENCE) -> tuple[Turn, ...]:
    """Mono turns (in time order) with speaker and speaker_confidence set as described above."""
    turns = sorted(turns, key=lambda t: t.start_s)
    if not turns:
        return ()
    prints = [voice_print(audio[int(t.start_s * SAMPLE_RATE):int(t.end_s * SAMPLE_RATE)]) for t in turns]
    usable = [i for i, p in enumerate(prints) if p is not None]
    if len(usable) < 2:
        return tuple(replace(t, speaker="unknown", speaker_confidence=0.0) for t in turns)
    groups_usable, margins_usable = two_groups(np.stack([prints[i] for i in usable]))
    groups, margins = _fill_short(len(turns), usable, groups_usable, margins_usable)
    evidence = sum((1 if g == 0 else -1) * cue_score(t.text) for t, g in zip(turns, groups))
    evidence += FIRST_TURN_VOTE * (1 if groups[0] == 0 else -1)
    if evidence == 0:
        return tuple(replace(t, speaker="unknown", speaker_confidence=0.0) for t in turns)
    agent_group = 0 if evidence > 0 else 1
    naming = abs(evidence) / (abs(evidence) + 1)
    out = []
    for turn, group, margin in zip(turns, groups, margins):
        speaker: Speaker = "agent" if group == agent_group else "customer"
        confidence = round(float(naming * (0.5 + 0.5 * margin)), 3)
        out.append(replace(turn, speaker=speaker if confidence >= min_confidence else "unknown",
                           speaker_confidence=confidence))
    return tuple(out)


def _fill_short(n: int, usable: list[int], groups: np.ndarray, margins: np.ndarray) -> tuple[list[int], list[float]]:
    """Turns too short for a voice print take the group of the nearest turn that has one, at half its margin."""
    out_groups, out_margins = [0] * n, [0.0] * n
    for k, i in enumerate(usable):
        out_groups[i], out_margins[i] = int(groups[k]), float(margins[k])
    for i in range(n):
        if i not in usable:
            nearest = min(range(len(usable)), key=lambda k: abs(usable[k] - i))
            out_groups[i], out_margins[i] = int(groups[nearest]), float(margins[nearest]) / 2
    return out_groups, out_margins
