"""Throughput of the rule stage (spaCy pipeline + every rule) in utterances per second, per language.

    .venv/bin/python benchmarks/rules_throughput.py [LABELLED_DIR ...] [--repeat 5]

Runs nlp.detect.analyse over the labelled calls (default: examples/labelled and examples/scenarios),
one process, after the models are loaded. Prints the machine, the spaCy models and a markdown table.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from nlp.detect import analyse  # noqa: E402
from nlp.evaluate import load_labelled  # noqa: E402
from nlp.pipeline import MODELS, build_nlp  # noqa: E402
from nlp.sequence import RULES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labelled", nargs="*", type=Path,
                        default=[p for p in (ROOT / "examples" / "labelled", ROOT / "examples" / "scenarios") if p.exists()])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    calls = load_labelled(args.labelled)
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, spaCy {spacy.__version__}; "
          f"{len(RULES)} rules; median of {args.repeat} runs, models loaded beforehand")
    print("| language | spaCy model | calls | utterances | wall s | utterances/s | calls/s |")
    print("|---|---|---|---|---|---|---|")
    for language in sorted({c.transcript.language for c in calls}):
        subset = [c.transcript for c in calls if c.transcript.language == language]
        build_nlp(language)
        utterances = sum(len(t.turns) for t in subset)
        walls = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for transcript in subset:
                analyse(transcript)
            walls.append(time.perf_counter() - start)
        wall = statistics.median(walls)
        print(f"| {language} | {MODELS[language]} | {len(subset)} | {utterances} | {wall:.2f} | "
              f"{utterances / wall:.0f} | {len(subset) / wall:.1f} |")


if __name__ == "__main__":
    main()
