"""transcript -> findings: the one entry point of `nlp/`."""
from __future__ import annotations

import hashlib

from nlp.cues import annotate
from nlp.rulebook import load_rulebook
from nlp.sequence import RULES, CallCues, Detection, genuine_apologies
from nlp.types import CallAnalysis, CallEvent, Finding
from speech.types import Transcript


def detect(transcript: Transcript, rules: tuple[str, ...] | None = None) -> list[Finding]:
    """Run every rule of the transcript's language (or the named ones) and return findings in time order."""
    return list(analyse(transcript, rules).findings)


def analyse(transcript: Transcript, rules: tuple[str, ...] | None = None) -> CallAnalysis:
    """Findings, plus the complaint and apology moments they were judged on (for time-to-apology)."""
    rulebook = load_rulebook(transcript.language)
    call = CallCues(annotate(transcript, rulebook), transcript.duration_s, transcript.metrics)
    findings = []
    for rule_id, rule_fn in RULES.items():
        if rules is not None and rule_id not in rules:
            continue
        spec = rulebook.rules[rule_id]
        for detection in rule_fn(call, spec):
            findings.append(_to_finding(transcript, detection, spec.severity, rulebook.rule_version(rule_id)))
    events = [CallEvent(transcript.call_id, "complaint", h.start_s, h.end_s, tc.index, h.pattern_id)
              for tc in call.turns for h in call.complaints(tc)]
    events += [CallEvent(transcript.call_id, "apology", h.start_s, h.end_s, tc.index, h.pattern_id)
               for tc in call.turns for h in genuine_apologies(tc)]
    return CallAnalysis(tuple(sorted(findings, key=lambda f: (f.start_s, f.rule_id))),
                        tuple(sorted(events, key=lambda e: (e.start_s, e.kind))))


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
