"""transcript -> findings: the one entry point of `nlp/`."""
from __future__ import annotations

import hashlib

from nlp.cues import annotate
from nlp.rulebook import load_rulebook
from nlp.sequence import RULES, Detection
from nlp.types import Finding
from speech.types import Transcript


def detect(transcript: Transcript, rules: tuple[str, ...] | None = None) -> list[Finding]:
    """Run every rule of the transcript's language (or the named ones) and return findings in time order."""
    rulebook = load_rulebook(transcript.language)
    turns = annotate(transcript, rulebook)
    findings = []
    for rule_id, rule_fn in RULES.items():
        if rules is not None and rule_id not in rules:
            continue
        spec = rulebook.rules[rule_id]
        for detection in rule_fn(turns, spec):
            findings.append(_to_finding(transcript, detection, spec.severity, rulebook.rule_version(rule_id)))
    return sorted(findings, key=lambda f: (f.start_s, f.rule_id))


def rule_versions(language: str) -> dict[str, str]:
    rulebook = load_rulebook(language)
    return {rule_id: rulebook.rule_version(rule_id) for rule_id in RULES}


def _to_finding(transcript: Transcript, d: Detection, severity: str, version: str) -> Finding:
    key = f"{transcript.call_id}|{d.rule_id}|{d.turn_index}|{d.hit.start_char}|{d.hit.pattern_id}"
    return Finding(
        finding_id=hashlib.sha1(key.encode()).hexdigest()[:16],
        call_id=transcript.call_id,
        agent_id=transcript.agent_id,
        rule_id=d.rule_id,
        rule_version=version,
        severity=severity,
        speaker=d.speaker,
        start_s=round(d.hit.start_s, 3),
        end_s=round(d.hit.end_s, 3),
        evidence=d.hit.sentence,
        explanation=d.explanation,
        turn_index=d.turn_index,
        pattern_id=d.hit.pattern_id,
        confidence=round(d.confidence, 4),
    )
