"""Generate escucha's example calls: stereo recordings of scripted support calls.

Every scenario in ``examples/scenarios/*.json`` (the transcript JSON contract plus an
``expected_rules`` list) is spoken turn by turn with espeak-ng -- the agent in one voice, the
customer in another -- and the turns are laid one after another on a timeline, the agent on the
LEFT channel and the customer on the RIGHT channel, with a short silence between turns. The result
is written as stereo Opus in Ogg to ``examples/calls/<call_id>.ogg``, the scenario's turn times are
rewritten to where each line really sits in the audio, and ``examples/calls/manifest.csv`` lists
the calls.

Regenerate everything (``make examples`` runs this)::

    .venv/bin/python scripts/make_example_calls.py

or one call, or into another folder::

    .venv/bin/python scripts/make_example_calls.py --only es_01_culpa_facturacion --out /tmp/calls

The output is deterministic: the same scenarios and the same espeak-ng give the same timings and
the same bytes. Needs ``espeak-ng`` on PATH and PyAV built with libopus.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS_DIR = ROOT / "examples" / "scenarios"
CALLS_DIR = ROOT / "examples" / "calls"
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "call_id", "agent_id", "started_at", "language", "agent_channel")

# espeak-ng voice per language and speaker. "+f3" is a female variant of the same language voice.
VOICES: dict[str, dict[str, str]] = {
    "es": {"agent": "es-419", "customer": "es-419+f3"},
    "en": {"agent": "en-us", "customer": "en-us+f3"},
}
SPEED_WPM = 145
SAMPLE_RATE = 24_000  # libopus accepts 8, 12, 16, 24 and 48 kHz
BIT_RATE = 48_000  # both channels together: 24 kbit/s each
OPUS_FRAME = SAMPLE_RATE // 50  # 20 ms frames
LEAD_IN_S = 0.5  # silence before the first turn
TAIL_S = 0.6  # silence after the last turn
GAPS_S = (0.8, 1.0, 0.7, 1.1, 0.9, 0.6, 1.2)  # silence between turns, cycled: looks natural, stays fixed
SILENCE_LEVEL = 0.01  # |sample| below this (full scale 1.0) at a turn's edges is trimmed as silence
PEAK = 0.7  # every turn is scaled to this peak, so both voices are equally loud
CHANNEL = {"agent": 0, "customer": 1}  # 0 = left, 1 = right


@dataclass(frozen=True)
class PlacedTurn:
    speaker: str
    start: float  # seconds from the start of the call
    audio: np.ndarray  # mono float32 at SAMPLE_RATE

    @property
    def end(self) -> float:
        return self.start + len(self.audio) / SAMPLE_RATE


def load_scenario(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("language") not in VOICES:
        raise ValueError(f"{path}: language must be one of {sorted(VOICES)}")
    if not data.get("turns"):
        raise ValueError(f"{path}: no turns")
    return data


def synthesize(text: str, voice: str, workdir: Path) -> tuple[np.ndarray, int]:
    """Speak `text` with espeak-ng; return mono float32 samples and their sample rate."""
    wav_path = workdir / "turn.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(SPEED_WPM), "-w", str(wav_path), "--stdin"],
                   input=text.encode("utf-8"), check=True, capture_output=True)
    with wave.open(str(wav_path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise RuntimeError(f"espeak-ng wrote {8 * wav.getsampwidth()}-bit audio, expected 16-bit")
        rate, channels = wav.getframerate(), wav.getnchannels()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    samples = pcm.reshape(-1, channels).mean(axis=1).astype(np.float32) / 32768.0
    return samples, rate


def trim_silence(samples: np.ndarray, level: float = SILENCE_LEVEL) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples) >= level)
    return samples[loud[0]:loud[-1] + 1] if loud.size else samples[:0]


def resample(samples: np.ndarray, rate: int, target: int = SAMPLE_RATE) -> np.ndarray:
    """Linear-interpolation resampling: espeak-ng's 22.05 kHz goes *up* to 24 kHz, so no aliasing."""
    if rate == target or samples.size == 0:
        return samples.astype(np.float32)
    n_out = int(round(samples.size * target / rate))
    positions = np.arange(n_out, dtype=np.float64) * (rate / target)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


def normalize(samples: np.ndarray, peak: float = PEAK) -> np.ndarray:
    top = float(np.max(np.abs(samples))) if samples.size else 0.0
    return samples if top == 0.0 else (samples * (peak / top)).astype(np.float32)


def speak_turn(text: str, voice: str, workdir: Path) -> np.ndarray:
    samples, rate = synthesize(text, voice, workdir)
    return normalize(resample(trim_silence(samples), rate))


def place_turns(turns: list[dict], voices: dict[str, str], workdir: Path) -> list[PlacedTurn]:
    """Speak every turn and give it a start time: one after another, GAPS_S apart, on whole samples."""
    placed: list[PlacedTurn] = []
    cursor = LEAD_IN_S
    for i, turn in enumerate(turns):
        audio = speak_turn(turn["text"], voices[turn["speaker"]], workdir)
        start = round(cursor * SAMPLE_RATE) / SAMPLE_RATE
        placed.append(PlacedTurn(turn["speaker"], start, audio))
        cursor = placed[-1].end + GAPS_S[i % len(GAPS_S)]
    return placed


def mix_stereo(placed: list[PlacedTurn]) -> np.ndarray:
    """Lay the turns on a (2, n) float32 timeline: agent left, customer right, silence elsewhere."""
    total = int(round((placed[-1].end + TAIL_S) * SAMPLE_RATE))
    stereo = np.zeros((2, total), dtype=np.float32)
    for turn in placed:
        first = int(round(turn.start * SAMPLE_RATE))
        stereo[CHANNEL[turn.speaker], first:first + len(turn.audio)] = turn.audio
    return stereo


def write_ogg_opus(path: Path, stereo: np.ndarray) -> None:
    """Encode (2, n) float32 as stereo Opus in Ogg, bit-exact (no random stream serial, no version tags)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="ogg", options={"fflags": "+bitexact"}) as container:
        container.metadata.clear()
        # Mapping family 255 codes the two channels as independent mono streams. The default (a coupled
        # stereo stream) uses intensity/mid-side stereo at these bit rates, which leaks each speaker
        # into the other channel at about -11 dB: enough for Whisper to transcribe both speakers twice.
        stream = container.add_stream("libopus", rate=SAMPLE_RATE, layout="stereo",
                                      options={"mapping_family": "255"})
        stream.bit_rate = BIT_RATE
        stream.codec_context.flags |= av.codec.context.Flags.bitexact
        interleaved = np.ascontiguousarray(stereo.T)  # (n, 2)
        for offset in range(0, interleaved.shape[0], OPUS_FRAME):
            chunk = interleaved[offset:offset + OPUS_FRAME]
            if chunk.shape[0] < OPUS_FRAME:
                chunk = np.vstack([chunk, np.zeros((OPUS_FRAME - chunk.shape[0], 2), dtype=np.float32)])
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="flt", layout="stereo")
            frame.sample_rate = SAMPLE_RATE
            frame.pts = offset
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def with_real_times(scenario: dict, placed: list[PlacedTurn]) -> dict:
    """The scenario with every turn's start/end set to where it sits in the audio (ms precision)."""
    turns = [{**turn, "start": round(p.start, 3), "end": round(p.end, 3)}
             for turn, p in zip(scenario["turns"], placed)]
    return {**scenario, "turns": turns}


def write_scenario(path: Path, scenario: dict) -> None:
    path.write_text(json.dumps(scenario, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def manifest_row(scenario: dict) -> dict[str, str]:
    return {"file": f"{scenario['call_id']}.ogg", "call_id": scenario["call_id"],
            "agent_id": scenario["agent_id"], "started_at": scenario["started_at"],
            "language": scenario["language"], "agent_channel": "left"}


def write_manifest(out_dir: Path, rows: list[dict[str, str]]) -> None:
    """Write manifest.csv, keeping rows of calls not regenerated this time (so --only is safe)."""
    manifest = out_dir / MANIFEST_NAME
    by_file: dict[str, dict[str, str]] = {}
    if manifest.is_file():
        with manifest.open(newline="", encoding="utf-8") as handle:
            by_file = {row["file"]: row for row in csv.DictReader(handle) if (out_dir / row["file"]).is_file()}
    by_file.update({row["file"]: row for row in rows})
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(by_file[name] for name in sorted(by_file))


def make_call(scenario_path: Path, out_dir: Path, workdir: Path) -> dict:
    """Generate one call's audio into out_dir and rewrite its scenario's turn times; return the scenario."""
    scenario = load_scenario(scenario_path)
    placed = place_turns(scenario["turns"], VOICES[scenario["language"]], workdir)
    write_ogg_opus(out_dir / f"{scenario['call_id']}.ogg", mix_stereo(placed))
    scenario = with_real_times(scenario, placed)
    write_scenario(scenario_path, scenario)
    return scenario


def select_scenarios(scenarios_dir: Path, only: list[str] | None) -> list[Path]:
    paths = sorted(scenarios_dir.glob("*.json"))
    if only:
        by_id = {json.loads(p.read_text(encoding="utf-8"))["call_id"]: p for p in paths}
        missing = [call_id for call_id in only if call_id not in by_id]
        if missing:
            raise SystemExit(f"no scenario with call_id {', '.join(missing)} in {scenarios_dir}")
        paths = [by_id[call_id] for call_id in only]
    return paths


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", metavar="CALL_ID", action="append",
                        help="generate only this call (repeatable); default: every scenario")
    parser.add_argument("--out", metavar="DIR", type=Path, default=CALLS_DIR,
                        help=f"folder for the .ogg files and manifest.csv (default: {CALLS_DIR.relative_to(ROOT)})")
    parser.add_argument("--scenarios", metavar="DIR", type=Path, default=SCENARIOS_DIR,
                        help=f"folder of scenario JSON files (default: {SCENARIOS_DIR.relative_to(ROOT)})")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not on PATH (Debian/Ubuntu: apt-get install espeak-ng)", file=sys.stderr)
        return 1
    rows = []
    with tempfile.TemporaryDirectory(prefix="escucha-calls-") as tmp:
        for path in select_scenarios(args.scenarios, args.only):
            scenario = make_call(path, args.out, Path(tmp))
            rows.append(manifest_row(scenario))
            size_kb = (args.out / f"{scenario['call_id']}.ogg").stat().st_size / 1024
            print(f"{scenario['call_id']}: {scenario['turns'][-1]['end']:.1f} s, {size_kb:.0f} KiB")
    write_manifest(args.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
