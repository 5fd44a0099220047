"""Every pattern in every rule file matches its example and not its hard negative, in both languages."""
from __future__ import annotations

import shutil

import pytest

from nlp.cues import match_text
from nlp.rulebook import LANGUAGES, RULES_DIR, RulePackError, load_rulebook
from nlp.sequence import RULES

PATTERNS = [(lang, p) for lang in LANGUAGES for p in load_rulebook(lang).patterns]


@pytest.mark.parametrize("language,pattern", PATTERNS, ids=[f"{lang}:{p.pattern_id}" for lang, p in PATTERNS])
def test_pattern_matches_its_example(language, pattern):
    matched = [pid for _, pid, _ in match_text(pattern.example, language)]
    assert pattern.pattern_id in matched, f"{pattern.source}: example {pattern.example!r} not matched; got {matched}"


@pytest.mark.parametrize("language,pattern", PATTERNS, ids=[f"{lang}:{p.pattern_id}" for lang, p in PATTERNS])
def test_pattern_rejects_its_hard_negative(language, pattern):
    same_cue = [pid for cue, pid, _ in match_text(pattern.hard_negative, language) if cue == pattern.cue]
    assert not same_cue, f"{pattern.source}: hard negative {pattern.hard_negative!r} matched {same_cue}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_rule_and_cue_is_covered_in_each_language(language):
    book = load_rulebook(language)
    assert set(book.rules) == set(RULES), "rules.toml and nlp/sequence.py must name the same rules"
    for cue in book.cues:
        assert book.patterns_for(cue), f"cue {cue} has no patterns in {language}"
    for rule in book.rules.values():
        assert rule.severity in {"low", "medium", "high", "positive"}
        assert rule.description


def test_rule_version_follows_the_phrase_files(tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy)
    before = load_rulebook("es", copy)
    with (copy / "es" / "apology.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"label": "apology", "id": "apology.extra", "pattern": [{"LOWER": "perdóneme"}], '
                     '"example": "Perdóneme.", "hard_negative": "Pase."}\n')
    load_rulebook.cache_clear()
    after = load_rulebook("es", copy)
    assert after.rule_version("missing_apology") != before.rule_version("missing_apology")
    assert after.rule_version("blame_shifting") == before.rule_version("blame_shifting")  # reads no apology cue


def test_a_broken_rule_file_names_the_file_and_line(tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy)
    (copy / "en" / "transfer.jsonl").write_text('{"label": "transfer", "id": "transfer.x", "pattern": []}\n')
    with pytest.raises(RulePackError, match=r"transfer\.jsonl:1: missing \['example', 'hard_negative'\]"):
        load_rulebook("en", copy)


@pytest.mark.parametrize("key", ["not_after", "not_before"])
def test_neighbour_words_must_be_a_list_of_words(tmp_path, key):
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy)
    (copy / "en" / "transfer.jsonl").write_text(
        f'{{"label": "transfer", "id": "transfer.x", "pattern": [{{"LOWER": "x"}}], "{key}": "has", '
        '"example": "x", "hard_negative": "y"}\n')
    with pytest.raises(RulePackError, match=rf"transfer\.jsonl:1: {key} must be a list of words"):
        load_rulebook("en", copy)


def test_overrides_must_name_declared_cues(tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy)
    config = copy / "rules.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('overrides = ["repeat_forced"]',
                                                                 'overrides = ["no_such_cue"]'), encoding="utf-8")
    with pytest.raises(RulePackError, match=r"cue warm_handoff has undeclared overrides cues \['no_such_cue'\]"):
        load_rulebook("en", copy)


@pytest.mark.parametrize("language,sentence,kept,dropped", [
    ("en", "I'm so sorry for the stress this has put you through.", set(), {"transfer"}),
    ("en", "Bear with me, I'll put you through to billing.", {"transfer"}, set()),
    ("en", "I'm real sorry we put you through this.", set(), {"transfer"}),
    ("en", "Hold on and I'll put you through", {"transfer"}, set()),
    ("en", "I'll pass you to logistics, so you won't have to repeat it.", {"transfer", "warm_handoff"}, {"repeat_forced"}),
    ("es", "Le paso con mi compañera para que no tenga que repetirlo.", {"transfer", "warm_handoff"}, {"repeat_forced"}),
])
def test_neighbour_words_and_overrides_decide_what_is_heard(language, sentence, kept, dropped):
    heard = {cue for cue, _, _ in match_text(sentence, language)}
    assert kept <= heard and not dropped & heard, heard
