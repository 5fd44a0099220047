"""Cues by resemblance: a sentence that no phrase pattern matched, but that reads like sentences that carry the cue.

Phrase families are open-ended: "I'm genuinely sorry", "you're owed an apology" and "me disculpo con
usted" are apologies that a pattern list written from other wordings misses. For each cue marked
`resemblance = true` in rules.toml, a linear classifier over character n-grams is trained when the rule
pack is first used, from `rules/<language>/resemblance.jsonl`: the rule files' own examples and hard
negatives plus the development corpus's sentences, each labelled with the cues the phrase patterns find
in it; every phrasing of the development splits' phrase banks, labelled also with the cue its writer wrote
it for (a blame phrasing is a deflection whether or not a pattern matches it); and the hand-labelled
sentences of `rules/<language>/cue_sentences.jsonl` (positives and near misses written from the cue
descriptions; scripts/make_resemblance_set.py writes the file). Nothing is downloaded
and nothing binary is stored: the sentence files are the model, readable and correctable by hand.

A hit by resemblance names the nearest example's pattern with a `~` (`apology.im_sorry~`), quotes the
whole sentence, and carries the classifier's probability as its confidence, so reviewers can tell it
from a phrase match and filter on it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlp.rulebook import RuleBook

# Marks a pattern id found by resemblance rather than by the pattern itself.
RESEMBLANCE_MARK = "~"
HARD_NEGATIVE_WEIGHT = 8.0
# Inverse regularisation strength. 30, not 10, since the corpus's phrase banks joined the set: at 10 the much
# larger complaint side pulled the set's own filler ("No, that's everything.") over the threshold.
REGULARISATION_C = 30.0


@dataclass(frozen=True, slots=True)
class Resemblance:
    cue: str
    pattern_id: str  # the nearest example's pattern, marked with RESEMBLANCE_MARK
    probability: float


class CueResembler:
    """One binary classifier per cue over the same character n-gram features."""

    def __init__(self, rulebook: RuleBook):
        self.threshold = rulebook.resemblance_threshold
        training = rulebook.resemblance_sentences
        sentences = [s.text for s in training]
        # word-boundary char n-grams: "disculpo" and "disculpas" share most of theirs; accents stripped
        # because recognisers and typists drop them
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), strip_accents="unicode",
                                          lowercase=True, sublinear_tf=True, min_df=2, dtype=np.float32)
        features = self.vectorizer.fit_transform(sentences)
        self.classifiers: dict[str, LogisticRegression] = {}
        self._examples: dict[str, tuple[list[str], object]] = {}
        for cue, spec in rulebook.cues.items():
            target = np.array([cue in s.cues for s in training])
            examples = rulebook.patterns_for(cue)
            if not spec.resemblance or target.all() or not target.any() or not examples:
                continue
            # balanced: a cue is in a few percent of sentences; unweighted, the rare ones are never predicted.
            # The cue's own hard negatives weigh more: they are the near misses someone wrote down on purpose.
            hard = {p.hard_negative for p in examples}
            weights = np.array([HARD_NEGATIVE_WEIGHT if s.text in hard or cue in s.hard_negative_for else 1.0
                                for s in training])
            self.classifiers[cue] = LogisticRegression(C=REGULARISATION_C, solver="liblinear", class_weight="balanced").fit(
                features, target, sample_weight=weights)
            self._examples[cue] = ([p.pattern_id for p in examples],
                                   self.vectorizer.transform([p.example for p in examples]))
        # all cues' weights in one matrix: one product scores a sentence for every cue
        self._cues = list(self.classifiers)
        self._weights = np.vstack([c.coef_[0] for c in self.classifiers.values()]).T if self._cues else None
        self._bias = np.array([c.intercept_[0] for c in self.classifiers.values()])

    def __call__(self, sentence: str) -> list[Resemblance]:
        """The cues this sentence resembles at or above the threshold, most probable first."""
        if not self._cues:
            return []
        vector = self.vectorizer.transform([sentence])
        probabilities = 1.0 / (1.0 + np.exp(-(vector @ self._weights + self._bias)))
        out = []
        for cue, probability in zip(self._cues, np.asarray(probabilities).ravel()):
            if probability < self.threshold:
                continue
            ids, example_vectors = self._examples[cue]
            nearest = int((example_vectors @ vector.T).toarray().argmax())
            out.append(Resemblance(cue, ids[nearest] + RESEMBLANCE_MARK, round(float(probability), 4)))
        return sorted(out, key=lambda r: -r.probability)


_TRAINED: dict[tuple, CueResembler] = {}


def resembler(rulebook: RuleBook) -> CueResembler | None:
    """The pack's classifiers, trained once per process for each version of its files; None when switched off."""
    if rulebook.resemblance_threshold >= 1.0 or not rulebook.resemblance_sentences:
        return None
    key = (rulebook.language, rulebook.resemblance_digest, tuple(sorted(rulebook.cue_digests.items())),
           rulebook.resemblance_threshold, tuple(c for c, s in rulebook.cues.items() if s.resemblance))
    if key not in _TRAINED:
        _TRAINED[key] = CueResembler(rulebook)
    return _TRAINED[key]
