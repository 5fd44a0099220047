"""The labelled evaluation corpus (examples/labelled) is well formed, covers every rule, and keeps its dev and
test phrasings apart.

Fast: reads JSON only; the generator is imported as a module for its phrase banks.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "examples" / "labelled"
SCRIPT = ROOT / "scripts" / "make_labelled_corpus.py"
SPLITS = ("dev", "test")
LANGUAGES = ("es", "en")
RULE_IDS = {
    "blame_shifting", "recording_intimidation", "needless_transfer", "missing_apology",
    "helpless_refusal", "owner_unavailable", "repeat_contact", "churn_risk", "dead_air", "interruption",
    "ownership", "follow_up", "empathy",
}
FIELDS = {"call_id", "agent_id", "language", "started_at", "expected_rules", "scenario", "turns"}


def load_generator():
    spec = importlib.util.spec_from_file_location("make_labelled_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


GEN = load_generator()
CALLS = {split: [json.loads(p.read_text(encoding="utf-8")) for p in sorted((LABELLED / split).glob("*.json"))]
         for split in SPLITS}


def normalise(text: str) -> str:
    text = re.sub(r"[¿?¡!.,;:'\"’]", "", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def phrase_regex(phrase: str) -> re.Pattern:
    """A bank phrasing as a regex over normalised text: its placeholders match any filled-in value."""
    pieces = [re.escape(normalise(piece)) for piece in re.split(r"\{\w+\}", phrase)]
    body = r".+?".join(pieces)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


@pytest.mark.parametrize("split", SPLITS)
def test_every_file_follows_the_transcript_contract(split):
    assert CALLS[split], f"no calls in {split}"
    for call in CALLS[split]:
        cid = call.get("call_id")
        assert FIELDS <= set(call), cid
        assert isinstance(cid, str) and cid and isinstance(call["agent_id"], str) and call["agent_id"]
        assert call["language"] in LANGUAGES
        moment = datetime.fromisoformat(call["started_at"].replace("Z", "+00:00"))
        assert moment.tzinfo is not None and (moment.year, moment.month) == (2026, 11), cid
        assert isinstance(call["expected_rules"], list) and set(call["expected_rules"]) <= RULE_IDS, cid
        assert len(set(call["expected_rules"])) == len(call["expected_rules"]), cid
        assert isinstance(call["scenario"], str) and call["scenario"], cid
        turns = call["turns"]
        assert turns, cid
        starts = [t["start"] for t in turns]
        assert starts == sorted(starts), f"{cid}: turns not sorted by start"
        for turn in turns:
            assert set(turn) == {"speaker", "start", "end", "text"}, cid
            assert turn["speaker"] in ("agent", "customer"), cid
            assert 0 <= turn["start"] <= turn["end"], cid
            assert isinstance(turn["text"], str) and turn["text"].strip(), cid


def test_call_ids_are_unique_across_splits_and_match_file_names():
    ids = [c["call_id"] for split in SPLITS for c in CALLS[split]]
    assert len(ids) == len(set(ids))
    for split in SPLITS:
        assert {p.stem for p in (LABELLED / split).glob("*.json")} == {c["call_id"] for c in CALLS[split]}


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_is_large_and_balanced(split):
    calls = CALLS[split]
    assert len(calls) >= 80
    per_language = Counter(c["language"] for c in calls)
    assert per_language["es"] == per_language["en"]
    assert len({c["agent_id"] for c in calls}) >= 6


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_rule_has_positives_and_negatives_per_language(split, language):
    calls = [c for c in CALLS[split] if c["language"] == language]
    for rule in RULE_IDS:
        positives = sum(rule in c["expected_rules"] for c in calls)
        assert positives >= 3, f"{split}/{language}: only {positives} positive calls for {rule}"
        assert len(calls) - positives >= 3, f"{split}/{language}: no negatives for {rule}"
    assert any(not c["expected_rules"] for c in calls), "no clean call"


def test_both_splits_run_the_same_scenarios():
    for language in LANGUAGES:
        scenarios = [{c["scenario"] for c in CALLS[s] if c["language"] == language} for s in SPLITS]
        assert scenarios[0] == scenarios[1]


def test_bank_halves_are_disjoint_and_non_empty():
    for name, language, phrases in GEN.checked_banks():
        dev, test = GEN.split_half(phrases, "dev"), GEN.split_half(phrases, "test")
        assert dev and test, f"{name}/{language}: a split has no phrasing"
        assert not set(map(str, dev)) & set(map(str, test)), f"{name}/{language}: phrasing in both halves"


def test_behaviour_phrasings_never_cross_between_dev_and_test():
    """No dev call contains a test-half phrasing of a behaviour bank, and the other way round."""
    texts = {(split, lang): [normalise(t["text"]) for c in CALLS[split] if c["language"] == lang for t in c["turns"]]
             for split in SPLITS for lang in LANGUAGES}
    crossings = []
    for name, language, phrases in GEN.checked_banks():
        for split, other in (("dev", "test"), ("test", "dev")):
            for phrase in GEN.split_half(phrases, other):
                pattern = phrase_regex(phrase)
                hit = next((t for t in texts[(split, language)] if pattern.search(t)), None)
                if hit is not None:
                    crossings.append(f"{name}/{language}: {other} phrasing {phrase!r} found in {split}: {hit!r}")
    assert not crossings, "\n".join(crossings[:20])


def test_the_generator_is_deterministic():
    again = GEN.build_corpus()
    for split in SPLITS:
        on_disk = {c["call_id"]: c for c in CALLS[split]}
        assert {c["call_id"]: c for c in again[split]} == on_disk, f"{split}: files differ from the generator"
