"""The labelled evaluation corpus (examples/labelled) is well formed, covers every rule, and keeps the phrasings
of its sixty-three splits (dev, test, holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva,
oral, panel, jury, bench, court, dock, wharf, yard, quay, pier, berth, jetty, slip, mole, cove, reef, shoal, bar,
spit, cape, ness, firth, inlet, strait, lagoon, sound, bight, delta, fjord, haven, skerry, atoll, islet, cay, holm, ria,
lido, creek, dune, tarn, weir, loch, fen, mere, beck, glen, moor, brae, dale, tor, combe) apart.

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
SPLITS = ("dev", "test", "holdout", "final", "blind", "sealed", "audit", "trial", "exam", "probe", "quiz", "viva",
          "oral", "panel", "jury", "bench", "court", "dock", "wharf", "yard", "quay", "pier", "berth", "jetty", "slip",
          "mole", "cove", "reef", "shoal", "bar", "spit", "cape", "ness", "firth", "inlet",
          "strait", "lagoon", "sound", "bight", "delta", "fjord", "haven", "skerry", "atoll", "islet",
          "cay", "holm", "ria", "lido", "creek", "dune", "tarn", "weir", "loch", "fen", "mere", "beck", "glen", "moor", "brae", "dale", "tor", "combe")
FRESH_SPLITS = SPLITS[SPLITS.index("holdout"):]  # splits with their own phrase banks
BANK_MODULE_SPLITS = SPLITS[SPLITS.index("blind"):]  # ... kept in scripts/labelled_<split>_banks.py
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


def literal_pieces(phrase: str) -> list[str]:
    """A bank phrasing's normalised stretches between its placeholders."""
    return [normalise(piece) for piece in re.split(r"\{\w+\}", phrase)]


def phrase_regex(phrase: str) -> re.Pattern:
    """A bank phrasing as a regex over normalised text: its placeholders match any filled-in value."""
    body = r".+?".join(re.escape(piece) for piece in literal_pieces(phrase))
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
        for call in CALLS[split]:
            assert re.fullmatch(rf"lab-{split}-{call['language']}-\d{{3}}", call["call_id"]), call["call_id"]


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


def test_all_splits_run_the_same_scenarios_with_the_same_labels():
    """Same scenarios in the same numbers, and a scenario gets the same expected rules in every split."""
    for language in LANGUAGES:
        counts = [Counter(c["scenario"] for c in CALLS[s] if c["language"] == language) for s in SPLITS]
        assert all(count == counts[0] for count in counts[1:]), language
        labels = {}
        for split in SPLITS:
            for call in CALLS[split]:
                if call["language"] == language:
                    labels.setdefault(call["scenario"], set()).add(tuple(call["expected_rules"]))
        assert all(len(v) == 1 for v in labels.values()), {k: v for k, v in labels.items() if len(v) > 1}


def test_bank_partitions_are_disjoint_and_non_empty():
    for name, language, parts in GEN.checked_partitions():
        assert set(parts) == set(SPLITS)
        for split in SPLITS:
            assert parts[split], f"{name}/{language}: {split} has no phrasing"
            for other in SPLITS:
                if other != split:
                    both = set(map(str, parts[split])) & set(map(str, parts[other]))
                    assert not both, f"{name}/{language}: {sorted(both)} in both {split} and {other}"
        normalised = [normalise(str(p)) for split in SPLITS for p in parts[split]]
        assert len(normalised) == len(set(normalised)), f"{name}/{language}: a phrasing repeats across partitions"


def test_the_generator_knows_the_same_splits():
    assert tuple(GEN.SPLITS) == SPLITS
    assert set(GEN.FRESH_BANKS) == set(GEN.FRESH_TOPICS) == set(GEN.FRESH_SLOT_VALUES) == set(FRESH_SPLITS)


@pytest.mark.parametrize("split", FRESH_SPLITS)
def test_fresh_banks_cover_every_bank_and_topic(split):
    banks, topics = GEN.FRESH_BANKS[split], GEN.FRESH_TOPICS[split]
    assert set(GEN.BANKS) <= set(banks)
    for name in GEN.BANKS:
        for language in LANGUAGES:
            assert len(banks[name][language]) >= 3, f"{split}: {name}/{language}: fewer than 3 phrasings"
    for language in LANGUAGES:
        for topic in GEN.TOPICS[language]:
            held = topics[language][topic["key"]]
            for part in ("complaint", "check", "fix", "cause", "qa"):
                assert len(held[part]) >= 3, f"{split}: {language}/{topic['key']}/{part}"
                assert not set(map(str, held[part])) & set(map(str, topic[part])), f"{split}: {language}/{topic['key']}/{part}"


@pytest.mark.parametrize("earlier,later", list(zip(FRESH_SPLITS, FRESH_SPLITS[1:])))
def test_each_fresh_split_has_at_least_as_many_phrasings_as_the_one_before(earlier, later):
    """Each fresh split gets at least as many new phrasings per bank and topic list as the split before it,
    with the same bank names and topic keys."""
    banks, later_banks = GEN.FRESH_BANKS[earlier], GEN.FRESH_BANKS[later]
    topics, later_topics = GEN.FRESH_TOPICS[earlier], GEN.FRESH_TOPICS[later]
    assert set(later_banks) >= set(banks)
    for name, per_language in banks.items():
        for language, phrases in per_language.items():
            assert len(later_banks[name][language]) >= len(phrases), f"{later}: {name}/{language}"
    for language, per_key in topics.items():
        assert set(later_topics[language]) == set(per_key), language
        for key, held in per_key.items():
            for part in ("complaint", "check", "fix", "cause", "qa"):
                assert len(later_topics[language][key][part]) >= len(held[part]), f"{later}: {language}/{key}/{part}"


def _bank_module(name: str):
    spec = importlib.util.spec_from_file_location(f"{name}_check", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("split", BANK_MODULE_SPLITS)
def test_late_splits_live_in_their_own_modules(split):
    """The phrasings of blind and every split after it come from scripts/labelled_<split>_banks.py, not from the
    generator."""
    module = _bank_module(f"labelled_{split}_banks")
    assert tuple(GEN.BANK_MODULE_SPLITS) == BANK_MODULE_SPLITS
    for part, generated in (("BANKS", GEN.FRESH_BANKS), ("TOPICS", GEN.FRESH_TOPICS), ("SLOT_VALUES", GEN.FRESH_SLOT_VALUES)):
        assert generated[split] == getattr(module, f"{split.upper()}_{part}"), part


def test_short_turns_keep_their_timing_meaning():
    """Backchannels stay at 1-2 words (never an interruption) and interrupting turns at 3 or more, in every
    fresh split."""
    for split in FRESH_SPLITS:
        for language in LANGUAGES:
            for phrase in GEN.FRESH_BANKS[split]["backchannel"][language]:
                assert len(phrase.split()) <= 2, f"{split}/{language}: {phrase!r}"
            for phrase in GEN.FRESH_BANKS[split]["interrupt"][language]:
                assert len(phrase.split()) >= 3, f"{split}/{language}: {phrase!r}"


def _all_phrasings(split: str):
    """(bank, language, normalised phrasing) for every phrasing a split may use: all banks (neutral filler
    included) and every topic list, Q&A pairs as question and answer."""
    for name in set(GEN.BANKS).union(*GEN.FRESH_BANKS.values()):
        for language in LANGUAGES:
            if split in GEN.FRESH_BANKS:
                phrases = GEN.FRESH_BANKS[split].get(name, {}).get(language, [])
            elif name in GEN.BANKS:
                phrases = GEN.split_half(GEN.BANKS[name][language], split)
            else:
                phrases = []
            for phrase in phrases:
                yield name, language, normalise(phrase)
    for language in LANGUAGES:
        for topic in GEN.TOPICS[language]:
            for part in ("complaint", "check", "fix", "cause", "qa"):
                if split in GEN.FRESH_TOPICS:
                    items = GEN.FRESH_TOPICS[split][language][topic["key"]][part]
                else:
                    items = GEN.split_half(topic[part], split)
                for item in items:
                    for text in (item if isinstance(item, tuple) else (item,)):
                        yield f"topic.{part}", language, normalise(text)


def test_the_splits_share_no_phrasing_at_all():
    """Sixty-three-way disjointness over every bank, neutral filler and topic lists included: no phrasing (after
    normalising case and punctuation) belongs to two splits."""
    owner: dict[tuple, str] = {}
    clashes = []
    for split in SPLITS:
        for name, language, text in _all_phrasings(split):
            key = (name, language, text)
            if key in owner and owner[key] != split:
                clashes.append(f"{name}/{language}: {text!r} in {owner[key]} and {split}")
            owner.setdefault(key, split)
    assert not clashes, "\n".join(clashes[:20])


def test_fresh_splits_use_their_own_names_and_companies():
    """Each fresh split's people, companies and third parties are its own: none appears in an earlier split."""
    for language in LANGUAGES:
        for i, split in enumerate(FRESH_SPLITS):
            slots = GEN.FRESH_SLOT_VALUES[split][language]
            earlier = [GEN.SLOT_VALUES[language]] + [GEN.FRESH_SLOT_VALUES[s][language] for s in FRESH_SPLITS[:i]]
            for slot in ("agent", "agent2", "name"):
                taken = {value for values in earlier for s in ("agent", "agent2", "name") for value in values[s]}
                assert not set(slots[slot]) & taken, f"{split}/{language}/{slot}"
            for topic in GEN.TOPICS[language]:
                own = GEN.FRESH_TOPICS[split][language][topic["key"]]
                others = [topic] + [GEN.FRESH_TOPICS[s][language][topic["key"]] for s in FRESH_SPLITS[:i]]
                others_companies = {t["company"] for t in GEN.TOPICS[language]} | {
                    t["company"] for s in FRESH_SPLITS[:i] for t in GEN.FRESH_TOPICS[s][language].values()}
                assert own["company"] not in others_companies, f"{split}/{language}/{topic['key']}"
                assert own["third"] not in {t["third"] for t in others}, f"{split}/{language}/{topic['key']}"


def test_behaviour_phrasings_never_cross_between_splits():
    """No call contains a phrasing of a behaviour or cue bank from another split's partition."""
    # One string per split and language, a turn per line: a phrasing's regex cannot run across a line break
    # (its placeholders are ".+?"), so one search covers every turn at once; a plain substring test of the
    # phrasing's longest literal stretch rules most splits out before the regex runs.
    texts = {(split, lang): "\n".join(normalise(t["text"]) for c in CALLS[split] if c["language"] == lang
                                      for t in c["turns"])
             for split in SPLITS for lang in LANGUAGES}
    crossings = []
    for name, language, parts in GEN.checked_partitions():
        for other in SPLITS:
            for phrase in parts[other]:
                pattern, literal = phrase_regex(phrase), max(literal_pieces(phrase), key=len)
                for split in SPLITS:
                    text = texts[(split, language)]
                    found = pattern.search(text) if split != other and literal in text else None
                    if found is not None:
                        line = text[text.rfind("\n", 0, found.start()) + 1:].split("\n", 1)[0]
                        crossings.append(f"{name}/{language}: {other} phrasing {phrase!r} found in {split}: {line!r}")
    assert not crossings, "\n".join(crossings[:20])


def test_the_generator_is_deterministic():
    again = GEN.build_corpus()
    for split in SPLITS:
        on_disk = {c["call_id"]: c for c in CALLS[split]}
        assert {c["call_id"]: c for c in again[split]} == on_disk, f"{split}: files differ from the generator"
