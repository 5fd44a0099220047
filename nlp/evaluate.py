"""Precision, recall and F1 of the rules against labelled calls, per language and rule.

A labelled call is a transcript JSON file with `"expected_rules": [rule ids]`. The unit of judgement is
(call, rule): a rule the call should have and got is a true positive, one it got but should not have
is a false positive, one it should have but did not get is a false negative.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from speech.transcript_json import TranscriptFormatError, transcript_from_dict
from speech.types import Transcript


@dataclass(frozen=True, slots=True)
class LabelledCall:
    transcript: Transcript
    expected: frozenset[str]
    source: str


@dataclass
class RuleScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)  # call_ids, for error analysis
    false_negatives: list[str] = field(default_factory=list)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)


def load_labelled(paths: Iterable[Path]) -> list[LabelledCall]:
    """Labelled transcript files from files and folders (searched recursively), in a stable order."""
    files: list[Path] = []
    for path in map(Path, paths):
        files += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    calls = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise TranscriptFormatError(f"{file}: invalid JSON ({exc.msg})") from exc
        if not isinstance(data, dict) or "expected_rules" not in data:
            raise TranscriptFormatError(f"{file}: not a labelled call (no 'expected_rules')")
        calls.append(LabelledCall(transcript_from_dict(data, source=str(file)), frozenset(data["expected_rules"]), str(file)))
    return calls


def score(calls: Iterable[LabelledCall], detected: Mapping[str, Iterable[str]],
          rules: Iterable[str]) -> dict[tuple[str, str], RuleScore]:
    """{(language, rule_id): RuleScore} comparing each call's expected rules with the detected ones."""
    rules = tuple(rules)
    scores: dict[tuple[str, str], RuleScore] = {}
    for call in calls:
        got = set(detected.get(call.transcript.call_id, ()))
        for rule in rules:
            s = scores.setdefault((call.transcript.language, rule), RuleScore())
            expected = rule in call.expected
            if expected and rule in got:
                s.tp += 1
            elif rule in got:
                s.fp += 1
                s.false_positives.append(call.transcript.call_id)
            elif expected:
                s.fn += 1
                s.false_negatives.append(call.transcript.call_id)
    return scores
