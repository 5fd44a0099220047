"""Transcription: our segment -> turn logic on hand-made segments (fast), and the real bundled Whisper
base model on a staged stereo call and on espeak-ng clips (slow)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from faster_whisper.transcribe import Segment
from faster_whisper.transcribe import Word as WhisperWord

from speech.audio import decode
from speech.transcribe import (
    JOIN_GAP_S,
    TranscribeOptions,
    backend_for,
    is_hallucination,
    merge_turns,
    transcribe_audio,
    transcribe_source,
    turns_from_segment,
)
from speech.types import CallSource, Transcript, Turn, Word

REAL_CALLS = Path(__file__).resolve().parents[2].parent / "shared" / "real-calls" / "audio"
STEREO_CALL = REAL_CALLS / "en_aws-lca_auto-repairs-40_stereo_agentL_callerR_8k.flac"
SPANISH_MONO = REAL_CALLS / "es_azure_es-mx_questions_16k.flac"


def segment(text: str, words: list[tuple[float, float, str]], *, no_speech_prob: float = 0.01,
            avg_logprob: float = -0.2) -> Segment:
    """A faster-whisper Segment as the model yields it: words carry their leading space."""
    whisper_words = [WhisperWord(start=s, end=e, word=w, probability=0.9) for s, e, w in words]
    start, end = (words[0][0], words[-1][1]) if words else (0.0, 1.0)
    return Segment(id=1, seek=0, start=start, end=end, text=text, tokens=[], avg_logprob=avg_logprob,
                   compression_ratio=1.2, no_speech_prob=no_speech_prob, words=whisper_words, temperature=0.0)


def turn(speaker: str, start_s: float, end_s: float, text: str) -> Turn:
    return Turn(speaker=speaker, start_s=start_s, end_s=end_s, text=text,
                words=(Word(start_s, end_s, text, 0.9),))


def assert_well_formed(turns: tuple[Turn, ...], duration_s: float) -> None:
    """Invariants of any transcript we produce."""
    assert [t.start_s for t in turns] == sorted(t.start_s for t in turns), "turns not in time order"
    for t in turns:
        assert t.text and t.text == t.text.strip()
        assert 0 <= t.start_s <= t.end_s <= duration_s + 0.05
        starts = [w.start_s for w in t.words]
        assert starts == sorted(starts), f"word times go backwards in {t.text!r}"
        for w in t.words:
            assert t.start_s <= w.start_s <= w.end_s <= t.end_s, f"{w} outside its turn {t.start_s}-{t.end_s}"
            assert w.text and 0.0 <= w.probability <= 1.0


# --- our logic on hand-made segments (no model) ------------------------------------------------

def test_merge_orders_both_channels_by_time_and_joins_close_same_speaker_turns():
    agent = [turn("agent", 0.0, 2.0, "Buenos días."), turn("agent", 2.4, 4.0, "¿En qué puedo ayudarle?"),
             turn("agent", 9.0, 10.0, "Claro.")]
    customer = [turn("customer", 4.5, 8.0, "Tengo un problema con la factura.")]

    merged = merge_turns(agent + customer)

    assert [(t.speaker, t.text) for t in merged] == [
        ("agent", "Buenos días. ¿En qué puedo ayudarle?"),
        ("customer", "Tengo un problema con la factura."),
        ("agent", "Claro."),
    ]
    assert (merged[0].start_s, merged[0].end_s) == (0.0, 4.0)
    assert [w.text for w in merged[0].words] == ["Buenos días.", "¿En qué puedo ayudarle?"]


def test_merge_keeps_same_speaker_turns_apart_after_a_long_pause():
    merged = merge_turns([turn("agent", 0.0, 1.0, "Un momento."),
                          turn("agent", 1.0 + JOIN_GAP_S, 4.0, "Gracias por esperar.")])
    assert len(merged) == 2


def test_merge_does_not_join_across_the_other_speaker():
    merged = merge_turns([turn("agent", 0.0, 1.0, "a"), turn("customer", 1.1, 1.3, "b"),
                          turn("agent", 1.4, 2.0, "c")])
    assert [t.speaker for t in merged] == ["agent", "customer", "agent"]


def test_segment_becomes_a_turn_with_stripped_words():
    seg = segment(" Buenos días.", [(0.5, 0.9, " Buenos"), (0.9, 1.3, " días.")])
    (only,) = turns_from_segment(seg, "agent")
    assert (only.speaker, only.text, only.start_s, only.end_s) == ("agent", "Buenos días.", 0.5, 1.3)
    assert [w.text for w in only.words] == ["Buenos", "días."]
    assert all(type(w.start_s) is float for w in only.words)


def test_segment_spanning_the_other_partys_reply_is_split_at_the_pause():
    """With VAD, one channel's speech before and after the other side's reply can be one segment."""
    seg = segment(" I wanted to call. Sure, my name is Tilly.",
                  [(40.0, 40.5, " I"), (40.5, 41.0, " wanted"), (41.0, 41.5, " to"), (41.5, 42.0, " call."),
                   (51.9, 52.1, " Sure,"), (52.2, 52.4, " my"), (52.4, 52.6, " name"), (52.6, 52.8, " is"),
                   (52.8, 53.3, " Tilly.")])
    first, second = turns_from_segment(seg, "customer")
    assert (first.text, first.end_s) == ("I wanted to call.", 42.0)
    assert (second.text, second.start_s) == ("Sure, my name is Tilly.", 51.9)


def test_empty_and_hallucinated_segments_are_dropped():
    assert turns_from_segment(segment("  ", []), "agent") == []
    silence_filler = segment(" Subtítulos realizados por la comunidad de Amara.org", [(0.0, 2.0, " Subtítulos")],
                             no_speech_prob=0.5, avg_logprob=-0.4)
    assert turns_from_segment(silence_filler, "customer") == []


@pytest.mark.parametrize(("text", "no_speech_prob", "avg_logprob", "expected"), [
    ("Gracias.", 0.5, -0.3, True),        # filler, likely silence
    ("Thank you.", 0.05, -0.9, True),     # filler, low confidence
    ("¡Suscríbete!", 0.4, -0.2, True),
    ("Gracias.", 0.02, -0.15, False),     # a customer's clear "thank you" is kept
    ("Quiero cancelar el contrato.", 0.7, -1.2, True),   # Whisper's own no-speech rule
    ("Quiero cancelar el contrato.", 0.5, -0.9, False),
])
def test_is_hallucination(text, no_speech_prob, avg_logprob, expected):
    assert is_hallucination(text, no_speech_prob, avg_logprob) is expected


def test_importing_the_module_does_not_load_whisper():
    """faster-whisper is imported lazily: `import speech.transcribe` must stay cheap."""
    code = "import sys, speech.transcribe; print('faster_whisper' in sys.modules, 'ctranslate2' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=True)
    assert result.stdout.split() == ["False", "False"]


# --- the real model (slow) ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def whisper_options() -> TranscribeOptions:
    options = TranscribeOptions()
    backend_for(options)  # load once
    return options


def espeak(out: Path, voice: str, text: str) -> tuple[np.ndarray, int]:
    """Synthesised speech (16-bit mono) and its sample rate."""
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(out), text], check=True, capture_output=True)
    with wave.open(str(out)) as handle:
        return np.frombuffer(handle.readframes(handle.getnframes()), "<i2"), handle.getframerate()


def stereo_wav(path: Path, left: np.ndarray, right: np.ndarray, rate: int) -> Path:
    frames = np.zeros((max(len(left), len(right)), 2), "<i2")
    frames[: len(left), 0], frames[: len(right), 1] = left, right
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(2)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(frames.tobytes())
    return path


@pytest.mark.slow
def test_real_stereo_call_first_minute(whisper_options: TranscribeOptions):
    if not STEREO_CALL.is_file():
        pytest.skip(f"{STEREO_CALL} not present")
    source = CallSource(path=STEREO_CALL, kind="audio", call_id="auto-repairs-40", agent_id="michelle",
                        agent_channel="left")

    transcript = transcribe_source(source, TranscribeOptions(max_duration_s=60.0))

    assert isinstance(transcript, Transcript)
    assert (transcript.call_id, transcript.agent_id, transcript.language) == ("auto-repairs-40", "michelle", "en")
    assert transcript.duration_s == 60.0 and transcript.source_path == str(STEREO_CALL)
    assert transcript.asr.backend == "faster-whisper" and transcript.asr.language_probability > 0.9
    assert_well_formed(transcript.turns, transcript.duration_s)
    agent_text = " ".join(t.text for t in transcript.turns if t.speaker == "agent").lower()
    customer_text = " ".join(t.text for t in transcript.turns if t.speaker == "customer").lower()
    first = transcript.turns[0]
    assert first.speaker == "agent" and "thank you for calling" in first.text.lower()  # the greeting, left channel
    assert "sorry" in agent_text  # the apology at ~45 s
    assert "jack" in customer_text and "dealership" in customer_text  # the caller introduces himself
    assert "dealership" not in agent_text
    assert {t.speaker for t in transcript.turns} == {"agent", "customer"}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_spanish_stereo_clip_roles_order_and_language(tmp_path: Path, whisper_options: TranscribeOptions):
    agent, rate = espeak(tmp_path / "agent.wav", "es",
                         "Buenos días, le atiende Laura del servicio de atención al cliente. ¿En qué puedo ayudarle?")
    customer, _ = espeak(tmp_path / "customer.wav", "es",
                         "Hola, llamo porque mi factura de este mes tiene un cargo que no reconozco.")
    agent_starts_s, customer_starts_s = 0.5, 0.5 + len(agent) / rate + 1.5  # the customer answers later
    left = np.concatenate([np.zeros(int(agent_starts_s * rate), "<i2"), agent])
    right = np.concatenate([np.zeros(int(customer_starts_s * rate), "<i2"), customer])
    decoded = decode(stereo_wav(tmp_path / "call.wav", left, right, rate))

    turns, language, probability = transcribe_audio(decoded, agent_channel="left", options=whisper_options)

    assert language == "es" and probability > 0.8
    assert_well_formed(turns, decoded.duration_s)
    assert [t.speaker for t in turns] == ["agent", "customer"]
    # Key words only: base hears espeak-ng's Spanish imperfectly ("le atiende" -> "le dien").
    assert "atención al cliente" in turns[0].text.lower()
    assert "reconozco" in turns[1].text.lower()
    assert turns[1].start_s >= customer_starts_s - 0.5

    # The same audio with the agent on the right channel swaps the roles.
    swapped, _, _ = transcribe_audio(decoded, agent_channel="right", options=whisper_options, language="es")
    assert [t.speaker for t in swapped] == ["customer", "agent"]


@pytest.mark.slow
def test_mono_audio_has_unknown_speakers(whisper_options: TranscribeOptions):
    if not SPANISH_MONO.is_file():
        pytest.skip(f"{SPANISH_MONO} not present")
    source = CallSource(path=SPANISH_MONO, kind="audio", call_id="es-mx", agent_channel="left")

    transcript = transcribe_source(source, whisper_options)

    assert transcript.language == "es"
    assert transcript.turns and {t.speaker for t in transcript.turns} == {"unknown"}
    assert "distancia" in " ".join(t.text for t in transcript.turns).lower()
    assert_well_formed(transcript.turns, transcript.duration_s)
