"""PII redaction recall and precision per type and language on the labelled set tests/data/pii/{es,en}.jsonl.

A found span counts as correct when it overlaps a gold span of the same type; "exact" counts those whose
boundaries are the gold ones. Usage: .venv/bin/python benchmarks/pii_eval.py [--markdown]
"""
from __future__ import annotations

import json
import platform
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.redact import KINDS, NER_MODELS, find_pii_many  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "pii"


def score(language: str) -> tuple[dict[str, Counter], int, float]:
    rows = [json.loads(line) for line in (DATA / f"{language}.jsonl").read_text(encoding="utf-8").splitlines() if line]
    t0 = time.perf_counter()
    found = find_pii_many([r["text"] for r in rows], language)
    elapsed = time.perf_counter() - t0
    counts: dict[str, Counter] = {k: Counter() for k in KINDS}
    for row, spans in zip(rows, found):
        gold = [(g["label"], g["start"], g["end"]) for g in row["spans"]]
        for label, a, b in gold:
            counts[label]["gold"] += 1
            if any(s.kind == label and s.start < b and a < s.end for s in spans):
                counts[label]["hit"] += 1
        for s in spans:
            counts[s.kind]["found"] += 1
            if any(label == s.kind and s.start < b and a < s.end for label, a, b in gold):
                counts[s.kind]["right"] += 1
                if any(label == s.kind and (a, b) == (s.start, s.end) for label, a, b in gold):
                    counts[s.kind]["exact"] += 1
    return counts, len(rows), elapsed


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def main() -> None:
    markdown = "--markdown" in sys.argv
    print(f"# device: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"NER: {NER_MODELS}")
    header = ("language", "type", "gold", "found", "recall", "precision", "exact")
    print("| " + " | ".join(header) + " |" if markdown else "  ".join(f"{h:>9}" for h in header))
    if markdown:
        print("|" + "---|" * len(header))
    for language in ("es", "en"):
        counts, n, elapsed = score(language)
        total = sum(counts.values(), Counter())
        for kind in (*KINDS, "all"):
            c = total if kind == "all" else counts[kind]
            if not c["gold"] and not c["found"]:
                continue
            cells = (language, kind, c["gold"], c["found"], _ratio(c["hit"], c["gold"]), _ratio(c["right"], c["found"]),
                     c["exact"])
            print("| " + " | ".join(map(str, cells)) + " |" if markdown else "  ".join(f"{x!s:>9}" for x in cells))
        print(f"# {language}: {n} sentences in {elapsed:.2f} s (includes loading the NER model)", file=sys.stderr)


if __name__ == "__main__":
    main()
