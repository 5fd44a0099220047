"""Write the training sentences of the resemblance layer: nlp/rules/<language>/resemblance.jsonl.

One line per sentence, `{"text": ..., "cues": [...]}`, labelled with the cues the phrase patterns find in it
(the patterns are the teacher; see nlp/resemblance.py). The sentences are:

* every `example` and `hard_negative` of the language's rule files, and
* every sentence of the labelled corpus's development splits (TRAINING_SPLITS), where the rules have been
  fitted call by call, so their labels are nearly always right. The report split never enters.

Run it after adding or changing patterns, so both layers learn the change (the tests check that every rule
file sentence is in the set with the labels the patterns give it now)::

    .venv/bin/python scripts/make_resemblance_set.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.cues import cues_in  # noqa: E402
from nlp.evaluate import load_labelled  # noqa: E402
from nlp.pipeline import build_nlp  # noqa: E402
from nlp.rulebook import LANGUAGES, RULES_DIR, load_rulebook  # noqa: E402

# sealed was used to choose the threshold and the class weighting; audit is the report split
TRAINING_SPLITS = ("dev", "test", "holdout", "final", "blind")
LABELLED = ROOT / "examples" / "labelled"
MIN_WORDS = 3  # "Vale." and "Thanks." teach nothing


def training_sentences(language: str) -> list[str]:
    rulebook = load_rulebook(language)
    sentences = {s for p in rulebook.patterns for s in (p.example, p.hard_negative)}
    calls = load_labelled([LABELLED / split for split in TRAINING_SPLITS])
    turns = [t.text for c in calls if c.transcript.language == language for t in c.transcript.turns]
    for doc in build_nlp(language).pipe(turns):
        sentences |= {s.text.strip() for s in doc.sents if len(s.text.split()) >= MIN_WORDS}
    return sorted(sentences)


def main() -> None:
    for language in LANGUAGES:
        sentences = training_sentences(language)
        labels = cues_in(sentences, language)
        path = RULES_DIR / language / "resemblance.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for text, cues in zip(sentences, labels):
                out.write(json.dumps({"text": text, "cues": sorted(cues)}, ensure_ascii=False) + "\n")
        print(f"{path.relative_to(ROOT)}: {len(sentences)} sentences, {sum(bool(c) for c in labels)} with a cue")


if __name__ == "__main__":
    main()
