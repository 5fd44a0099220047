"""Detection on a transcript read back from the warehouse, for rescoring with new rule files.

Stored text is usually redacted: personal data is replaced by placeholders such as `[PERSON]` or `[CARD]`
(nlp.redact). The rules never need the personal data itself, but the brackets do confuse spaCy: the
sentencizer ends a sentence at `[` ("... se está grabando. [" became a finding's evidence). So each
placeholder is read as one made-up word of the same length (`[PERSON]` -> `Xpersonx`), which keeps every
character offset, and is put back in the findings' evidence and explanation. What comes out is exactly as
redacted as what went in: the text it quotes is the stored text.

A finding's id hashes its character offset in the turn (nlp.detect), and a placeholder is rarely as long
as what it replaced, so a finding after a placeholder in the same turn gets another id than the one
computed on the words as said when the call was loaded. QA reviews point at finding ids, so the stored
findings' ids are kept for the findings that are still there: the same rule, turn and pattern, matched
in time order. Their times are kept too: without word timings (typed transcripts) a time is estimated
from the character position in the turn, which the words as said gave better than the placeholders do.
(A time quoted in an explanation is the rescore's estimate, within a second of it.)
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

from nlp.detect import analyse
from nlp.redact import KINDS, rules as pii_rules
from nlp.types import CallAnalysis, Finding
from speech.types import Transcript


def analyse_stored(transcript: Transcript, previous: Sequence[Finding] = ()) -> CallAnalysis:
    """nlp.detect.analyse on a stored, possibly redacted transcript; findings that were there before keep their ids."""
    masks = _masks()
    if masks is None:
        analysis = analyse(transcript)
    else:
        placeholder, as_word, word, as_placeholder = masks
        turns = tuple(replace(turn, text=placeholder.sub(as_word, turn.text),
                              words=tuple(replace(w, text=placeholder.sub(as_word, w.text)) for w in turn.words))
                      for turn in transcript.turns)
        analysis = analyse(replace(transcript, turns=turns))
        analysis = replace(analysis, findings=tuple(
            replace(f, evidence=word.sub(as_placeholder, f.evidence),
                    explanation=word.sub(as_placeholder, f.explanation)) for f in analysis.findings))
    return replace(analysis, findings=keep_finding_ids(analysis.findings, previous))


def keep_finding_ids(findings: Sequence[Finding], previous: Sequence[Finding]) -> tuple[Finding, ...]:
    """`findings` (in their order) with the id and times of the previous finding each is the same as: same
    rule, turn and pattern, paired in time order. Ids stay unique: should a carried id clash with a new one,
    nothing is carried."""
    earlier: dict[tuple[str, int, str], list[Finding]] = defaultdict(list)
    for f in sorted(previous, key=_in_time_order):
        earlier[_identity(f)].append(f)
    taken: dict[tuple[str, int, str], int] = defaultdict(int)
    carried: dict[int, Finding] = {}
    for f in sorted(findings, key=_in_time_order):
        key = _identity(f)
        nth, taken[key] = taken[key], taken[key] + 1
        if nth < len(earlier[key]):
            before = earlier[key][nth]
            carried[id(f)] = replace(f, finding_id=before.finding_id, start_s=before.start_s, end_s=before.end_s)
        else:
            carried[id(f)] = f
    out = tuple(carried[id(f)] for f in findings)
    return out if len({f.finding_id for f in out}) == len(out) else tuple(findings)


def _identity(f: Finding) -> tuple[str, int, str]:
    return f.rule_id, f.turn_index, f.pattern_id


def _in_time_order(f: Finding) -> tuple[float, float]:
    return f.start_s, f.end_s


@lru_cache(maxsize=1)
def _masks() -> tuple[re.Pattern, Callable[[re.Match], str], re.Pattern, Callable[[re.Match], str]] | None:
    """For placeholders like `[KIND]`: (placeholder pattern, its word; word pattern, its placeholder).
    None when the placeholder has nothing around the kind (a bare word already reads as a word)."""
    prefix, _, suffix = pii_rules()["placeholder"].partition("{kind}")
    if not prefix or not suffix:
        return None
    placeholder = re.compile(re.escape(prefix) + "(" + "|".join(KINDS) + ")" + re.escape(suffix))
    word = re.compile("X" * len(prefix) + "(" + "|".join(k.lower() for k in KINDS) + ")" + "x" * len(suffix))
    return (placeholder, lambda m: "X" * len(prefix) + m.group(1).lower() + "x" * len(suffix),
            word, lambda m: prefix + m.group(1).upper() + suffix)
