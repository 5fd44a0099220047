"""Rule logic that needs turn order and time, beside the phrase files it reads.

Each rule is a function `(turns, rule) -> list[Detection]` over the cue hits of one call. The phrase
files say *what* was said; these functions say when it counts (who said it, after what, how soon).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable

from nlp.cues import CueHit, TurnCues
from nlp.rulebook import RuleSpec


@dataclass(frozen=True, slots=True)
class Detection:
    rule_id: str
    turn_index: int
    speaker: str
    hit: CueHit  # the evidence: its words, sentence and times
    explanation: str
    confidence: float


def clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return f"\u201c{text if len(text) <= limit else text[:limit - 1] + '…'}\u201d"


def blame_shifting(turns: list[TurnCues], rule: RuleSpec) -> list[Detection]:
    """A deflection by the agent, unless the same turn owns the problem or the fix."""
    out = []
    for tc in turns:
        deflections = tc.of("deflection")
        if not deflections or tc.has("ownership"):
            continue
        hit = deflections[0]
        out.append(Detection(rule.rule_id, tc.index, "agent", hit,
                             f"Agent deflects responsibility at {clock(hit.start_s)}: {_quote(hit.text)} "
                             f"({hit.pattern_id}); no ownership of the fix in the same turn.", hit.confidence))
    return out


def recording_intimidation(turns: list[TurnCues], rule: RuleSpec) -> list[Detection]:
    """The agent brings up the recording after the opening, against an upset customer or with a warning."""
    opening_s = rule.params.get("opening_window_s", 30.0)
    answer_s = rule.params.get("answer_window_s", 20.0)
    first_agent = next((tc.index for tc in turns if tc.turn.speaker == "agent"), None)
    first_complaint = next((tc for tc in turns if tc.turn.speaker == "customer" and tc.has("complaint")), None)
    out = []
    for tc in turns:
        if tc.turn.speaker != "agent" or not tc.has("recording_mention"):
            continue
        hit = tc.of("recording_mention")[0]
        complaint_before = first_complaint is not None and first_complaint.turn.start_s < tc.turn.start_s
        in_opening = tc.index == first_agent or (hit.start_s < opening_s and not complaint_before)
        if in_opening:
            continue
        asked = _last_customer_turn(turns, tc.index)
        if asked is not None and asked.has("recording_mention") and tc.turn.start_s - asked.turn.end_s <= answer_s:
            continue  # answering the customer's own question about the recording
        warnings = tc.of("intimidation")
        if not (complaint_before or warnings):
            continue  # a neutral mention with no dispute in sight (e.g. re-disclosure after a reconnect)
        context = []
        if complaint_before:
            context.append(f"after the customer's complaint at {clock(first_complaint.turn.start_s)} "
                           f"{_quote(first_complaint.of('complaint')[0].sentence, 80)}")
        if warnings:
            context.append(f"with a warning {_quote(warnings[0].text)}")
        out.append(Detection(rule.rule_id, tc.index, "agent", hit,
                             f"Agent invokes the call recording at {clock(hit.start_s)}, past the opening, "
                             f"{' and '.join(context)}.", hit.confidence))
    return out


def needless_transfer(turns: list[TurnCues], rule: RuleSpec) -> list[Detection]:
    """Each agent transfer, judged against what came before and after it."""
    out = []
    transfers_so_far = 0
    for tc in turns:
        if tc.turn.speaker != "agent" or not tc.has("transfer"):
            continue
        hit = tc.of("transfer")[0]
        transfers_so_far += 1
        before = turns[:tc.index]
        asked = any(t.has("transfer_request") for t in before + [tc] if t.turn.speaker == "customer")
        attempted = any(t.has("resolution_attempt") for t in before if t.turn.speaker == "agent") or \
            any(h.start_char < hit.start_char for h in tc.of("resolution_attempt"))
        previous_agent = next((t for t in reversed(before) if t.turn.speaker == "agent"), None)
        deflected = tc.has("deflection") or (previous_agent is not None and previous_agent.has("deflection"))
        warm = tc.has("warm_handoff")
        repeated = next((t for t in turns[tc.index + 1:] if t.turn.speaker == "customer" and t.has("repeat_forced")), None)
        if asked or (warm and attempted and not deflected):
            continue
        reasons = []
        if transfers_so_far > 1:
            reasons.append(f"transfer number {transfers_so_far} in this call")
        if deflected:
            reasons.append("right after a deflection")
        if not attempted:
            reasons.append("no attempt to resolve before it")
        if repeated is not None:
            reasons.append(f"the customer then had to repeat themselves at {clock(repeated.turn.start_s)} "
                           f"{_quote(repeated.of('repeat_forced')[0].text)}")
        if not reasons:
            continue
        out.append(Detection(rule.rule_id, tc.index, "agent", hit,
                             f"Agent transfers the customer at {clock(hit.start_s)} {_quote(hit.text)}: "
                             f"{'; '.join(reasons)}.", hit.confidence))
    return out


def missing_apology(turns: list[TurnCues], rule: RuleSpec) -> list[Detection]:
    """Each customer complaint needs a genuine agent apology within the window after it ends.

    A complaint that repeats a grievance the agent apologised for within the previous window is
    already acknowledged. One finding per grievance: complaints repeated before the agent's next
    apology are one episode.
    """
    window = rule.params.get("apology_window_s", 60.0)
    apologies = sorted(h.start_s for tc in turns if tc.turn.speaker == "agent" for h in _genuine_apologies(tc))
    call_end = max((tc.turn.end_s for tc in turns), default=0.0)
    out = []
    flagged_episode = None  # index in `apologies` of the next apology after the last flagged complaint
    for tc in turns:
        if tc.turn.speaker != "customer" or not tc.has("complaint"):
            continue
        complaint = tc.of("complaint")[0]
        nxt = bisect_left(apologies, tc.turn.start_s)
        deadline = tc.turn.end_s + window
        if nxt < len(apologies) and apologies[nxt] <= deadline:
            continue
        if nxt > 0 and tc.turn.start_s - apologies[nxt - 1] <= window:
            continue  # the agent apologised moments ago: the customer is still on the same grievance
        if flagged_episode == nxt:
            continue
        flagged_episode = nxt
        if nxt < len(apologies):
            outcome = f"the agent's first apology came only at {clock(apologies[nxt])}"
        elif call_end < deadline:
            outcome = f"the call ended at {clock(call_end)} without one"
        else:
            outcome = "no apology followed"
        out.append(Detection(rule.rule_id, tc.index, "customer", complaint,
                             f"Customer complaint at {clock(tc.turn.start_s)}–{clock(tc.turn.end_s)} "
                             f"{_quote(complaint.sentence)} ({complaint.pattern_id}); no genuine agent apology "
                             f"within {window:g} s (by {clock(deadline)}): {outcome}.", complaint.confidence))
    return out


def _genuine_apologies(tc: TurnCues) -> list[CueHit]:
    """Apologies not undone by a 'nothing I can do' in the same sentence (a pseudo-apology)."""
    helpless = tc.of("helpless")
    return [a for a in tc.of("apology") if not any(h.sentence == a.sentence and h.start_char > a.start_char
                                                    for h in helpless)]


def _last_customer_turn(turns: list[TurnCues], before_index: int) -> TurnCues | None:
    return next((t for t in reversed(turns[:before_index]) if t.turn.speaker == "customer"), None)


RULES: dict[str, Callable[[list[TurnCues], RuleSpec], list[Detection]]] = {
    "blame_shifting": blame_shifting,
    "recording_intimidation": recording_intimidation,
    "needless_transfer": needless_transfer,
    "missing_apology": missing_apology,
}
