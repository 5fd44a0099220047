"""Detection on stored (redacted) text: same rules fire, evidence reads as stored, finding ids survive."""
from __future__ import annotations

from dataclasses import replace

from nlp.detect import analyse
from nlp.redact import redact_call
from nlp.stored import analyse_stored, keep_finding_ids
from speech.transcript_json import read_transcript, transcript_from_dict
from tests.conftest import REPO

# A name before the blame in the same turn: redacted, "[PERSON]" is shorter than the name, so the finding's
# character offset (and with it the id nlp.detect computes) moves.
NAMED_BLAME = {
    "call_id": "en_named_blame", "agent_id": "AG-EN-299", "language": "en", "started_at": "2024-05-08T16:00:00Z",
    "turns": [
        {"speaker": "agent", "start": 0, "end": 4, "text": "Thanks for calling, how can I help?"},
        {"speaker": "customer", "start": 5, "end": 10,
         "text": "My bill is wrong again, you charged me twice and I'm really upset."},
        {"speaker": "agent", "start": 11, "end": 19,
         "text": "Look, Jennifer Lawrence in billing made that change, that's not my department, talk to them."},
        {"speaker": "customer", "start": 20, "end": 23, "text": "Unbelievable."},
        {"speaker": "agent", "start": 24, "end": 26, "text": "Anything else?"}]}


def _ids(findings):
    return sorted((f.rule_id, f.finding_id) for f in findings)


def test_findings_after_a_placeholder_keep_the_ids_they_were_stored_with():
    loaded = redact_call(t := transcript_from_dict(NAMED_BLAME), analyse(t))
    assert "[PERSON]" in loaded.transcript.turns[2].text
    plain = analyse(loaded.transcript)
    assert _ids(plain.findings) != _ids(loaded.analysis.findings)  # why the ids are carried over

    again = analyse_stored(loaded.transcript, loaded.analysis.findings)

    assert _ids(again.findings) == _ids(loaded.analysis.findings)
    assert [f.evidence for f in again.findings] == [f.evidence for f in loaded.analysis.findings]


def test_placeholders_do_not_split_sentences_in_evidence():
    """`[` after a sentence's full stop used to end up in the evidence ("... se está grabando. [")."""
    t = read_transcript(REPO / "examples" / "scenarios" / "es_02_grabacion_amenaza.json")
    loaded = redact_call(t, analyse(t))
    again = analyse_stored(loaded.transcript, loaded.analysis.findings)
    stored = {f.finding_id: f.evidence for f in loaded.analysis.findings}
    assert {f.finding_id: f.evidence for f in again.findings} == stored
    assert not any(e.rstrip().endswith("[") for e in stored.values())


def test_new_findings_keep_their_own_ids_and_ids_stay_unique():
    t = transcript_from_dict(NAMED_BLAME)
    findings = analyse(t).findings
    blame = next(f for f in findings if f.rule_id == "blame_shifting")
    previous = [replace(blame, finding_id="old-blame")]
    carried = keep_finding_ids(findings, previous)
    assert [f.finding_id for f in carried] == ["old-blame" if f is blame else f.finding_id for f in findings]
    # A previous id that one of the new findings already has: nothing is carried rather than a duplicate.
    other = next(f for f in findings if f is not blame)
    assert keep_finding_ids(findings, [replace(blame, finding_id=other.finding_id)]) == tuple(findings)
