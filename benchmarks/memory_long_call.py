"""Peak memory (RSS) and time to transcribe one long call: silence with a few espeak-ng sentences.

Usage: .venv/bin/python benchmarks/memory_long_call.py [--minutes 60] [--channels 2]
Builds the call as FLAC in a temporary folder, then transcribes it in a fresh process and prints that
process's peak RSS (resource.getrusage ru_maxrss), its wall time, and the decoded audio's size.
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
CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from speech.transcribe import TranscribeOptions, transcribe_source
from speech.types import CallSource
t0 = time.perf_counter()
t = transcribe_source(CallSource(path={path!r}, kind="audio", call_id="long", agent_channel="left"),
                      TranscribeOptions(language="es"))
print(f"duration_s={{t.duration_s:.0f}} turns={{len(t.turns)}} wall_s={{time.perf_counter() - t0:.1f}} "
      f"peak_rss_mb={{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}}")
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--channels", type=int, default=2)
    args = ap.parse_args()
    rate = 8000
    with tempfile.TemporaryDirectory() as tmp:
        tts = Path(tmp) / "tts.wav"
        subprocess.run(["espeak-ng", "-v", "es", "-w", str(tts),
                        "Buenos días, me han cobrado dos veces la factura de este mes."], check=True)
        with wave.open(str(tts)) as w:
            src = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
            src_rate = w.getframerate()
        voice = np.interp(np.arange(int(len(src) * rate / src_rate)) / rate, np.arange(len(src)) / src_rate, src)
        n = int(args.minutes * 60 * rate)
        audio = np.zeros((n, args.channels), np.float32)
        for k, at in enumerate(range(rate * 30, n - len(voice), rate * 600)):  # a sentence every 10 minutes
            audio[at:at + len(voice), k % args.channels] = voice * 0.8
        wav = Path(tmp) / "long.wav"
        with wave.open(str(wav), "wb") as w:
            w.setnchannels(args.channels)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes((audio * 32767).astype("<i2").tobytes())
        del audio
        flac = Path(tmp) / "long.flac"
        subprocess.run(["sox", str(wav), str(flac)], check=True)
        wav.unlink()
        print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores; faster-whisper base int8, "
              f"language es; {args.minutes:.0f} min, {args.channels} channels, FLAC {flac.stat().st_size / 1e6:.1f} MB; "
              f"decoded 16 kHz float32 = {args.minutes * 60 * 16000 * 4 * args.channels / 1e6:.0f} MB")
        out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(flac))],
                             capture_output=True, text=True, check=True)
        print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
