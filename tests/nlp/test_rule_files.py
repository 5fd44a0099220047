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
