"""Records that leave `nlp/`."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected agent behaviour, with the words that triggered it and where they are."""

    finding_id: str
    call_id: str
    agent_id: str
    rule_id: str
    rule_version: str
    severity: str  # "low" | "medium" | "high"; "positive" for praise-worthy behaviours
    speaker: str  # whose words the evidence is
    start_s: float
    end_s: float
    evidence: str  # the matched words, as said
    explanation: str  # why this is a finding: the rule, the context, the window
    turn_index: int
    pattern_id: str  # which rule-file pattern matched (rule_id.slug)
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class CallEvent:
    """A moment the rules saw, kept for analysis beyond findings (e.g. time from complaint to apology)."""

    call_id: str
    kind: str  # "complaint" | "apology"
    start_s: float
    end_s: float
    turn_index: int
    pattern_id: str


@dataclass(frozen=True, slots=True)
class CallAnalysis:
    findings: tuple[Finding, ...]
    events: tuple[CallEvent, ...]
