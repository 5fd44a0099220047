"""Evaluate mono role assignment (speech.roles) on stereo calls mixed down to mono.

    .venv/bin/python benchmarks/speech_roles.py [--max-duration 120] [FILE_OR_DIR ...]

Each stereo call (agent on the left) is mixed down and transcribed as a mono call; the reference
role of each mono turn is the channel with more voice activity during it (speech.vad on the
untouched channels). Prints, per call and overall: coverage (share of turn time given a role rather
than "unknown") and accuracy (share of that time given the right role), as a markdown table.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speech.audio import decode  # noqa: E402
from speech.transcribe import TranscribeOptions, transcribe_call  # noqa: E402
from speech.vad import intersection, speech_spans, total  # noqa: E402

REAL = Path(__file__).resolve().parents[2] / "shared" / "real-calls" / "audio"
DEFAULT = [*sorted(REAL.glob("en_aws-lca_auto-repairs-*_stereo_agentL_*.flac")),
           *sorted(REAL.glob("en_speechmatics_*_stereo_agentL_*.flac")), Path("examples/calls")]


def evaluate(path: Path, options: TranscribeOptions) -> tuple[float, float, float]:
    """(turn seconds, seconds given a role, seconds given the right role)."""
    decoded = decode(path, max_duration_s=options.max_duration_s)
    agent, customer = (speech_spans(c) for c in decoded.channels[:2])
    mono = type(decoded)(channels=(decoded.mixdown(),), sample_rate=decoded.sample_rate,
                         duration_s=decoded.duration_s, source_channels=1, source_rate=decoded.source_rate)
    result = transcribe_call(mono, agent_channel="mono", options=options)
    seen = labelled = right = 0.0
    for turn in result.turns:
        span = ((turn.start_s, turn.end_s),)
        a, c = total(intersection(span, agent)), total(intersection(span, customer))
        if a == c == 0:
            continue
        truth = "agent" if a > c else "customer"
        length = turn.end_s - turn.start_s
        seen += length
        if turn.speaker != "unknown":
            labelled += length
            right += length * (turn.speaker == truth)
    return seen, labelled, right


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--max-duration", type=float, default=None)
    args = parser.parse_args()
    options = TranscribeOptions(max_duration_s=args.max_duration, language=None)
    files = [f for p in args.paths for f in (sorted(p.glob("*.ogg")) if p.is_dir() else [p]) if f.is_file()]
    print("| call | turn s | coverage | accuracy |\n|---|---|---|---|")
    totals = [0.0, 0.0, 0.0]
    for f in files:
        seen, labelled, right = evaluate(f, options)
        totals = [t + v for t, v in zip(totals, (seen, labelled, right))]
        print(f"| {f.name} | {seen:.0f} | {labelled / seen:.0%} | {right / labelled if labelled else 0:.0%} |", flush=True)
    seen, labelled, right = totals
    print(f"| **all** | {seen:.0f} | {labelled / seen:.0%} | {right / labelled if labelled else 0:.0%} |")


if __name__ == "__main__":
    main()
