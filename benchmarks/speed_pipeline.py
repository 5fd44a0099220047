"""The whole pipeline on the example calls, stage by stage: transcribe, detect, load.

    .venv/bin/python benchmarks/speed_pipeline.py [--calls examples/calls] [--repeat 3]

Each stage is timed on its own (median of --repeat runs, models loaded beforehand) with the default
options (faster-whisper base, int8, greedy, VAD per channel), so the figures add up to the work a batch
does without Prefect's orchestration overhead. Prints a markdown table for the README.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.detect import analyse  # noqa: E402
from speech.sources import discover  # noqa: E402
from speech.transcribe import TranscribeOptions, backend_for, transcribe_source  # noqa: E402
from warehouse import db  # noqa: E402


def _median_time(fn, repeat: int) -> tuple[float, object]:
    walls, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - start)
    return statistics.median(walls), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=Path, default=Path("examples/calls"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    options = TranscribeOptions()
    sources = [s for s in discover([args.calls])[0] if s.kind == "audio"]
    start = time.perf_counter()
    backend_for(options)
    load_s = time.perf_counter() - start

    transcribe_s, transcripts = _median_time(lambda: [transcribe_source(s, options) for s in sources], args.repeat)
    audio_s = sum(t.duration_s for t in transcripts)
    turns = sum(len(t.turns) for t in transcripts)
    analyse(transcripts[0])  # load the spaCy models outside the timing
    detect_s, analyses = _median_time(lambda: [analyse(t) for t in transcripts], args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        def load_all():
            with db.connect(Path(tmp) / "bench.duckdb") as con:
                for t, a in zip(transcripts, analyses):
                    db.load_call(con, t, list(a.findings), events=list(a.events))
        load_all()  # create the schema outside the timing
        load_db_s, _ = _median_time(load_all, args.repeat)

    print(f"# {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"{len(sources)} stereo calls from {args.calls}, {audio_s:.0f} s of audio, {turns} turns; "
          f"{options.model} {options.compute_type} beam {options.beam_size}; median of {args.repeat}; "
          f"model load {load_s:.1f} s (not included)")
    print("| stage | wall s | rate |")
    print("|---|---|---|")
    print(f"| transcribe (decode, VAD, Whisper on both channels, metrics) | {transcribe_s:.1f} | {audio_s / transcribe_s:.1f}× real time |")
    print(f"| detect (spaCy + 13 rules) | {detect_s:.2f} | {turns / detect_s:.0f} turns/s |")
    print(f"| load (DuckDB, one transaction per call) | {load_db_s:.2f} | {len(sources) / load_db_s:.0f} calls/s |")
    total = transcribe_s + detect_s + load_db_s
    print(f"| **all stages** | {total:.1f} | {audio_s / total:.1f}× real time |")
    print(f"\npeak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
