"""Real-time factor of each Whisper backend and compute type on the same call, side by side, and
peak memory: the whole transcription stage (decode, VAD, language detection, both channels, metrics).

    .venv/bin/python benchmarks/speech_speed.py [CALL] [--max-duration 120]

RTF = audio seconds / wall seconds (higher is faster); model load is timed apart.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speech.transcribe import TranscribeOptions, backend_for, transcribe_source  # noqa: E402
from speech.types import CallSource  # noqa: E402

CALL = Path(__file__).resolve().parents[2] / "shared" / "real-calls" / "audio" / \
    "en_aws-lca_auto-repairs-40_stereo_agentL_callerR_8k.flac"
CONFIGS = [("faster-whisper", "int8"), ("faster-whisper", "float32"), ("openai-whisper", "float32")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("call", nargs="?", type=Path, default=CALL)
    parser.add_argument("--max-duration", type=float, default=None)
    args = parser.parse_args()
    source = CallSource(path=args.call, kind="audio", call_id=args.call.stem, agent_channel="left")
    print(f"# {os.cpu_count()} cores; {args.call.name}, first {args.max_duration or 'all'} s, stereo, both channels\n")
    print("| backend | compute | model load s | audio s | wall s | RTF | turns | peak RSS MB |\n|---|---|---|---|---|---|---|---|")
    for backend, compute in CONFIGS:
        options = TranscribeOptions(backend=backend, compute_type=compute, max_duration_s=args.max_duration)
        t0 = time.perf_counter()
        backend_for(options)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        transcript = transcribe_source(source, options)
        wall = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| {backend} | {compute} | {load_s:.1f} | {transcript.duration_s:.0f} | {wall:.1f} | "
              f"{transcript.duration_s / wall:.1f}× | {len(transcript.turns)} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
