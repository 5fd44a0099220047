"""Cues by resemblance: a sentence that no phrase pattern matched, but that reads like sentences that carry the cue.

Phrase families are open-ended: "I'm genuinely sorry", "you're owed an apology" and "me disculpo con
usted" are apologies that a pattern list written from other wordings misses. For each cue marked
`resemblance = true` in rules.toml, a linear classifier over character n-grams is trained when the rule
pack is first used, from `rules/<language>/resemblance.jsonl.gz`: the rule files' own examples and hard
negatives plus the development corpus's sentences, each labelled with the cues the phrase patterns find
in it; every phrasing of the development splits' phrase banks, labelled also with the cue its writer wrote
it for (a blame phrasing is a deflection whether or not a pattern matches it); and the hand-labelled
sentences of `rules/<language>/cue_sentences.jsonl` (positives and near misses written from the cue
descriptions; scripts/make_resemblance_set.py writes the file). Nothing is downloaded
and no trained model is shipped: the sentence files are the model, readable (`zcat`) and correctable by hand.
Training takes seconds per language, so the trained weights are kept in escucha's cache folder
(`$ESCUCHA_HOME/resemblance/`, see speech.home) under a key of everything that decides
them (the sentence file, the cue files, the settings, this module's source and scikit-learn's version):
a later process loads the same numbers instead of training again, and any change trains afresh.

A hit needs the pack's threshold, or the cue's own where rules.toml sets one (`resemblance_threshold`).
A hit by resemblance names the nearest example's pattern with a `~` (`apology.im_sorry~`), quotes the
sentence (or, for a cue read in windows of a long sentence, the window that resembled it), and carries the
classifier's probability as its confidence, so reviewers can tell it from a phrase match and filter on it.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlp.rulebook import RuleBook
from speech.home import cache_home

# Marks a pattern id found by resemblance rather than by the pattern itself.
RESEMBLANCE_MARK = "~"
HARD_NEGATIVE_WEIGHT = 8.0
# Inverse regularisation strength. 30, not 10, since the corpus's phrase banks joined the set: at 10 the much
# larger complaint side pulled the set's own filler ("No, that's everything.") over the threshold.
REGULARISATION_C = 30.0
# Trained packs kept per language in the cache folder; older ones are removed when a new one is written.
CACHED_PACKS_PER_LANGUAGE = 4


@dataclass(frozen=True, slots=True)
class Resemblance:
    cue: str
    pattern_id: str  # the nearest example's pattern, marked with RESEMBLANCE_MARK
    probability: float


class CueResembler:
    """One binary classifier per cue over the same character n-gram features."""

    def __init__(self, rulebook: RuleBook, vectorizer: TfidfVectorizer, cues: list[str], weights: np.ndarray,
                 bias: np.ndarray):
        self.threshold = rulebook.resemblance_threshold
        self.thresholds = {cue: rulebook.cue_threshold(cue) for cue in cues}
        self.vectorizer = vectorizer
        # all cues' weights in one matrix (features x cues): one product scores a sentence for every cue
        self._cues, self._weights, self._bias = cues, weights, bias
        self._examples: dict[str, tuple[list[str], object]] = {}
        for cue in cues:
            examples = rulebook.patterns_for(cue)
            self._examples[cue] = ([p.pattern_id for p in examples],
                                   vectorizer.transform([p.example for p in examples]))

    @classmethod
    def train(cls, rulebook: RuleBook) -> CueResembler:
        training = rulebook.resemblance_sentences
        vectorizer = _vectorizer()
        features = vectorizer.fit_transform([s.text for s in training])
        classifiers: dict[str, LogisticRegression] = {}
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
            classifiers[cue] = LogisticRegression(C=REGULARISATION_C, solver="liblinear", class_weight="balanced").fit(
                features, target, sample_weight=weights)
        weights = (np.vstack([c.coef_[0] for c in classifiers.values()]).T if classifiers
                   else np.zeros((len(vectorizer.vocabulary_), 0)))
        return cls(rulebook, vectorizer, list(classifiers), weights,
                   np.array([c.intercept_[0] for c in classifiers.values()]))

    def save(self, path: Path) -> None:
        """Write the trained numbers (no pickle): the n-gram vocabulary in column order, idf, weights, bias."""
        vocabulary = self.vectorizer.vocabulary_
        terms = np.array(sorted(vocabulary, key=vocabulary.get))
        partial = path.with_name(path.name + ".partial")
        with open(partial, "wb") as handle:
            np.savez(handle, terms=terms, idf=self.vectorizer.idf_, cues=np.array(self._cues, dtype=str),
                     weights=self._weights, bias=self._bias)
        os.replace(partial, path)  # atomic: a process reading the cache never sees half a file

    @classmethod
    def load(cls, rulebook: RuleBook, path: Path) -> CueResembler:
        with np.load(path, allow_pickle=False) as saved:
            vectorizer = _vectorizer()
            vectorizer.vocabulary_ = {str(term): column for column, term in enumerate(saved["terms"])}
            vectorizer.idf_ = saved["idf"]
            return cls(rulebook, vectorizer, [str(c) for c in saved["cues"]], saved["weights"], saved["bias"])

    def __call__(self, sentence: str) -> list[Resemblance]:
        """The cues this sentence resembles at or above the threshold, most probable first."""
        return self.each([sentence])[0]

    def each(self, texts: list[str]) -> list[list[Resemblance]]:
        """What __call__ gives for each text, scored together: one transform and one product for all of them."""
        if not self._cues or not texts:
            return [[] for _ in texts]
        vectors = self.vectorizer.transform(texts)
        probabilities = np.asarray(1.0 / (1.0 + np.exp(-(vectors @ self._weights + self._bias))))
        out = []
        for row, text_probabilities in enumerate(probabilities):
            found = []
            for cue, probability in zip(self._cues, text_probabilities):
                if probability < self.thresholds[cue]:
                    continue
                ids, example_vectors = self._examples[cue]
                nearest = int((example_vectors @ vectors[row].T).toarray().argmax())
                found.append(Resemblance(cue, ids[nearest] + RESEMBLANCE_MARK, round(float(probability), 4)))
            out.append(sorted(found, key=lambda r: -r.probability))
        return out


def _vectorizer() -> TfidfVectorizer:
    # word-boundary char n-grams: "disculpo" and "disculpas" share most of theirs; accents stripped
    # because recognisers and typists drop them
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), strip_accents="unicode", lowercase=True,
                           sublinear_tf=True, min_df=2, dtype=np.float32)


_TRAINED: dict[tuple, CueResembler] = {}


def resembler(rulebook: RuleBook) -> CueResembler | None:
    """The pack's classifiers, trained once for each version of its files (kept in memory and in the cache
    folder); None when switched off."""
    if rulebook.resemblance_threshold >= 1.0 or not rulebook.resemblance_sentences:
        return None
    key = (rulebook.language, rulebook.resemblance_digest, tuple(sorted(rulebook.cue_digests.items())),
           rulebook.resemblance_threshold, tuple(c for c, s in rulebook.cues.items() if s.resemblance))
    thresholds = tuple(rulebook.cue_threshold(c) for c, s in rulebook.cues.items() if s.resemblance)
    # per-cue thresholds apply when a sentence is scored: they choose the trained copy, not the cache entry
    if key + thresholds not in _TRAINED:
        _TRAINED[key + thresholds] = _cached(rulebook, key)
    return _TRAINED[key + thresholds]


def cache_path(rulebook: RuleBook, key: tuple) -> Path:
    # the key covers the files; this module's source and scikit-learn's version cover how they are trained
    digest = hashlib.sha256(repr(key).encode() + Path(__file__).read_bytes() + sklearn.__version__.encode())
    return cache_home() / "resemblance" / f"{rulebook.language}-{digest.hexdigest()[:24]}.npz"


def _cached(rulebook: RuleBook, key: tuple) -> CueResembler:
    path = cache_path(rulebook, key)
    try:
        loaded = CueResembler.load(rulebook, path)
        os.utime(path)  # in use: the pruning below goes by last use
        return loaded
    except (OSError, ValueError, KeyError):
        pass  # absent or damaged: train, and write it again
    trained = CueResembler.train(rulebook)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        trained.save(path)
        older = sorted(path.parent.glob(f"{rulebook.language}-*.npz"), key=lambda p: p.stat().st_mtime)
        for stale in older[:-CACHED_PACKS_PER_LANGUAGE]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk costs the next process the training time, nothing else
    return trained
