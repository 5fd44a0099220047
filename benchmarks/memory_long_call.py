"""Peak memory (RSS) and time to transcribe long calls: silence with an espeak-ng sentence every 10 minutes.

Usage: .venv/bin/python benchmarks/memory_long_call.py [--minutes 10 60 120] [--channels 2]
Builds each call as FLAC in a temporary folder, then transcribes it in a fresh process and prints that
process's peak RSS, its wall time, and what the whole call would take decoded (16 kHz float32).
Bounded memory: the peak stays about the same whatever the duration.

The peak is the child's VmHWM (Linux): its ru_maxrss would include this parent's peak from building
the call (the kernel carries the high-water mark over fork and exec). The sentence is the same every
time, so Whisper often falls back to sampling on it: `turns` varies from run to run.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_RATE = 16000
CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from speech.transcribe import TranscribeOptions, transcribe_source
from speech.types import CallSource
t0 = time.perf_counter()
t = transcribe_source(CallSource(path={path!r}, kind="audio", call_id="long", agent_channel="left"),
                      TranscribeOptions(language="es"))
wall_s = time.perf_counter() - t0
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(f"duration_s={{t.duration_s:.0f}} turns={{len(t.turns)}} wall_s={{wall_s:.1f}} peak_rss_mb={{peak_kb / 1024:.0f}}")
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, nargs="+", default=[60])
    ap.add_argument("--channels", type=int, default=2)
    args = ap.parse_args()
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores; faster-whisper base int8, "
          f"language es; {args.channels} channels")
    with tempfile.TemporaryDirectory() as tmp:
        for minutes in args.minutes:
            flac = build_call(Path(tmp), minutes, args.channels)
            out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(flac))],
                                 capture_output=True, text=True, check=True)
            print(f"minutes={minutes:g} flac_mb={flac.stat().st_size / 1e6:.1f} "
                  f"decoded_mb={minutes * 60 * SAMPLE_RATE * 4 * args.channels / 1e6:.0f} "
                  f"{out.stdout.strip().splitlines()[-1]}", flush=True)
            flac.unlink()


def build_call(folder: Path, minutes: float, channels: int, rate: int = 8000) -> Path:
    """A FLAC call of `minutes` of silence with the same Spanish sentence every 10 minutes,
    on alternate channels."""
    tts = folder / "tts.wav"
    subprocess.run(["espeak-ng", "-v", "es", "-w", str(tts),
                    "Buenos días, me han cobrado dos veces la factura de este mes."], check=True)
    with wave.open(str(tts)) as w:
        src = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
        src_rate = w.getframerate()
    voice = np.interp(np.arange(int(len(src) * rate / src_rate)) / rate, np.arange(len(src)) / src_rate, src)
    n = int(minutes * 60 * rate)
    audio = np.zeros((n, channels), np.float32)
    for k, at in enumerate(range(rate * 30, n - len(voice), rate * 600)):  # a sentence every 10 minutes
        audio[at:at + len(voice), k % channels] = voice * 0.8
    wav = folder / "long.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((audio * 32767).astype("<i2").tobytes())
    del audio
    flac = folder / "long.flac"
    subprocess.run(["sox", str(wav), str(flac)], check=True)
    wav.unlink()
    return flac


if __name__ == "__main__":
    main()
