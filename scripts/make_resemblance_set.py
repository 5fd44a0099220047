"""Write the training sentences of the resemblance layer: nlp/rules/<language>/resemblance.jsonl.gz.

One line per sentence, `{"text": ..., "cues": [...]}`, gzip-compressed (no timestamp, so the same sentences give
the same bytes). The sentences are:

* every `example` and `hard_negative` of the language's rule files, and every sentence of the labelled
  corpus's development splits (TRAINING_SPLITS), labelled with the cues the phrase patterns find in them
  (the rules have been fitted to those splits call by call, so the labels are nearly always right);
* every phrasing of the phrase banks of every split used for development (all but UNSEEN_SPLITS), labelled
  with the cues the patterns find in it plus the cue its bank was written for (BANK_CUES): every split's
  wordings of each behaviour, where the patterns know only the ones they were fitted to;
* the hand-labelled sentences of `<language>/cue_sentences.jsonl`: all those written for the cues listed in
  rules.toml's `[resemblance] hand_labelled` (those cues take the hand labels, the others the patterns'
  labels), and the near misses written for any other cue. A near miss says which cue it was written against
  (`"hard_negative_for"`): it is never that cue, and it weighs more when that cue is trained.

The report splits never enter.

Run it after adding or changing patterns, so both layers learn the change (the tests check that every rule
file sentence is in the set with the labels the patterns give it now)::

    .venv/bin/python scripts/make_resemblance_set.py
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.cues import RESEMBLANCE_MIN_WORDS, cues_in  # noqa: E402
from nlp.evaluate import load_labelled  # noqa: E402
from nlp.pipeline import build_nlp  # noqa: E402
from nlp.rulebook import LANGUAGES, RESEMBLANCE_FILE, RULES_DIR, load_rulebook, read_labelled_sentences  # noqa: E402

# sealed and audit chose the threshold, the class weighting and the hand-labelled cues; trial, exam, probe, quiz, viva,
# oral, panel, jury, bench, court, dock, wharf, yard, quay, pier, berth, jetty, slip, mole, cove, reef, shoal, bar,
# spit, cape, ness, firth, inlet, strait, lagoon, sound and bight were each measured once, then opened for the next
# fixes, and so were delta, fjord, haven, skerry, atoll, islet, cay, holm, ria, lido, creek, dune, tarn, weir, loch,
# fen, mere, beck, glen and moor (each pair read as a validation pair in its turn). None enters with its call sentences:
# their pattern labels are the least right. Their phrase banks enter with the writers' labels (BANK_CUES): every wording
# the writers found is one more the layer can resemble (delta .. holm's banks joined after ria and lido were measured:
# ria and lido 105 -> 99 errors; ria and lido's joined after creek and dune were measured: creek and dune 48 -> 44 with
# the pack they were measured on, before any of their misses was read; creek and dune's joined after tarn and weir were
# measured: tarn and weir 48 -> 47, the same way; tarn and weir's joined after loch and fen were measured: loch and fen
# 35 -> 35, the same way; loch and fen's joined after mere and beck were measured: mere and beck 29 -> 29, the same way;
# mere and beck's joined after glen and moor were measured, with the round read on glen and moor, so not measured apart;
# glen and moor's joined after brae and dale were measured: brae and dale 46 -> 45, the same way).
TRAINING_SPLITS = ("dev", "test", "holdout", "final", "blind")
LABELLED = ROOT / "examples" / "labelled"
# Never enters in any form: brae and dale (measured once, at b86d27c) are read as a validation pair, and nothing
# trained on them can be checked on them; tor and combe are the report splits.
UNSEEN_SPLITS = ("brae", "dale", "tor", "combe")
# The cues a corpus bank's phrasings were written to carry (the writers' labels, not the patterns'): the
# development splits' phrasings of these banks are positives of these cues wherever the patterns miss them. Banks
# left out (greetings, answers about the recording, pseudo-apologies, accepted transfers...) carry a cue only
# where the patterns find it.
BANK_CUES = {
    **{f"blame_{kind}": {"deflection"} for kind in
       ("department", "colleague", "system", "customer", "third_party", "not_my_area")},
    "ownership": {"ownership"},
    "redisclosure": {"recording_mention"}, "recording_question": {"recording_mention"},
    "recording_threat": {"recording_mention"},
    "transfer_cold": {"transfer"}, "transfer_plain": {"transfer"}, "transfer_warm": {"transfer"},
    "transfer_request": {"transfer_request"},
    **{bank: {"complaint"} for bank in ("dispute", "not_my_fault", "topic.complaint")},
    "repeat_contact": {"complaint", "repeat_contact"}, "churn": {"complaint", "churn_threat"},
    "follow_callback": {"follow_up"}, "follow_case": {"follow_up"}, "topic.check": {"resolution_attempt"},
    "repeat_forced": {"repeat_forced"},
    "apology": {"apology"}, "empathy": {"empathy"},
    "helpless": {"helpless"}, "pseudo_helpless": {"helpless"},
    "owner_unavailable": {"owner_unavailable"},
}


def training_sentences(language: str) -> list[str]:
    rulebook = load_rulebook(language)
    sentences = {s for p in rulebook.patterns for s in (p.example, p.hard_negative)}
    calls = load_labelled([LABELLED / split for split in TRAINING_SPLITS])
    turns = [t.text for c in calls if c.transcript.language == language for t in c.transcript.turns]
    for doc in build_nlp(language).pipe(turns):
        sentences |= {s.text.strip() for s in doc.sents if len(s.text.split()) >= RESEMBLANCE_MIN_WORDS}
    return sorted(sentences)


def bank_phrasings(language: str) -> dict[str, set[str]]:
    """{phrasing: cues its bank was written to carry} for every phrasing of every development split: the cues of
    BANK_CUES, none for the other banks (the filler is what the cues are told apart from). Placeholders are filled
    with the split's first names and the topic's companies."""
    corpus = _corpus_generator()
    out: dict[str, set[str]] = {}

    def add(text: str, bank: str, fill: dict) -> None:
        out.setdefault(text.format(**fill), set()).update(BANK_CUES.get(bank, set()))

    for split in corpus.SPLITS:
        if split in UNSEEN_SPLITS:
            continue
        slots = {k: v[0] for k, v in corpus.FRESH_SLOT_VALUES.get(split, corpus.SLOT_VALUES)[language].items()}

        def filled(topic: dict) -> dict:
            named = corpus.FRESH_TOPICS[split][language][topic["key"]] if split in corpus.FRESH_TOPICS else topic
            return {**slots, "dept": topic["dept"], "dept2": topic["dept2"], "company": named["company"],
                    "third": named["third"], "num": "40311872", "ref": "INC-20417", "amount": "48"}

        for topic in corpus.TOPICS[language]:
            fill = filled(topic)
            for part in ("complaint", "check", "fix", "cause"):
                for phrasing in corpus.bank_pool(f"topic.{part}", language, split, topic):
                    add(phrasing, f"topic.{part}", fill)
            for question, answer in corpus.bank_pool("topic.qa", language, split, topic):
                add(question, "topic.qa", fill)
                add(answer, "topic.qa", fill)
        fill = filled(corpus.TOPICS[language][0])  # the banks name no topic: the first one's names serve
        for bank in corpus.FRESH_BANKS[split] if split in corpus.FRESH_BANKS else corpus.BANKS:
            for phrasing in corpus.bank_pool(bank, language, split):
                add(phrasing, bank, fill)
    return {text: cues for text, cues in out.items() if len(text.split()) >= RESEMBLANCE_MIN_WORDS}


def _corpus_generator():
    spec = importlib.util.spec_from_file_location("make_labelled_corpus", ROOT / "scripts" / "make_labelled_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def training_lines(language: str) -> list[dict]:
    """Every line of the language's resemblance.jsonl.gz, in file order."""
    hand_cues = set(load_rulebook(language).hand_labelled_cues)
    by_hand = {s.text: s for s in read_labelled_sentences(language)
               if s.written_for in hand_cues or s.hard_negative}
    by_bank = bank_phrasings(language)
    sentences = sorted(set(training_sentences(language)) | by_hand.keys() | by_bank.keys())
    lines = []
    for text, found in zip(sentences, cues_in(sentences, language)):
        line = {"text": text, "cues": sorted(found | by_bank.get(text, set()))}
        if text in by_hand:
            labelled = by_hand[text]
            line["cues"] = sorted(((labelled.cues & hand_cues) | (found - hand_cues)) - (
                {labelled.written_for} if labelled.hard_negative else set()))
            if labelled.hard_negative:
                line["hard_negative_for"] = [labelled.written_for]
        lines.append(line)
    return lines


def main() -> None:
    for language in LANGUAGES:
        lines = training_lines(language)
        path = RULES_DIR / language / RESEMBLANCE_FILE
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        print(f"{path.relative_to(ROOT)}: {len(lines)} sentences, {sum(bool(x['cues']) for x in lines)} with a cue")


if __name__ == "__main__":
    main()
