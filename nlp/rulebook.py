"""The rule pack on disk: `rules/rules.toml` (rules, cues, parameters) and `rules/<lang>/<cue>.jsonl`.

Each JSONL line is a spaCy SpanRuler pattern (`label`, `id`, `pattern`) plus the two sentences that
document and test it: `example` (must match this pattern) and `hard_negative` (a near miss that must
match no pattern of the same cue). Optional: `confidence` (< 1 for tolerant variants), `not_after`
(words that, right before the match, make it something else: "this has put you through" is no transfer) and
`not_before` (words that, right after it, do: "sorry we put you through this" is no transfer either).
Only `label`, `id` and `pattern` reach spaCy.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).parent / "rules"
LANGUAGES = ("es", "en")
# The resemblance layer's training sentences, one JSON line each, gzip-compressed: generated, and large (`zcat` reads it).
RESEMBLANCE_FILE = "resemblance.jsonl.gz"


class RulePackError(ValueError):
    """A rule file that cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class CuePattern:
    cue: str
    pattern_id: str
    pattern: Any  # list of token dicts (Matcher) or a phrase string (PhraseMatcher)
    example: str
    hard_negative: str
    source: str  # file:line, for error messages and the docs
    confidence: float = 1.0  # < 1 for tolerant (fuzzy) variants of what speech recognition mishears
    not_after: frozenset[str] = frozenset()  # lower-case words that, just before the match, cancel it
    not_before: frozenset[str] = frozenset()  # lower-case words that, just after the match, cancel it

    def as_spacy(self) -> dict[str, Any]:
        return {"label": self.cue, "id": self.pattern_id, "pattern": self.pattern}


@dataclass(frozen=True, slots=True)
class CueSpec:
    name: str
    speaker: str  # "agent" | "customer" | "any"
    description: str
    negatable: bool = False  # a negator just before the phrase cancels it
    resemblance: bool = False  # also found in sentences that read like its examples (nlp/resemblance.py)
    resemblance_unless: tuple[str, ...] = ()  # cues whose phrase match in the sentence rules a resemblance out
    # False: a question is never this cue by resemblance ("Will there be anything further?" refuses nothing)
    resemblance_in_questions: bool = True
    # cues whose phrase matches overlapping this cue's words are not heard ("you won't have to repeat it" is a
    # warm hand-off, not a forced repeat)
    overrides: tuple[str, ...] = ()
    # the classifier probability a resemblance hit of this cue needs, where it differs from [resemblance] threshold
    resemblance_threshold: float | None = None
    # True: a long sentence is also read in overlapping windows of words, so a cue said in the middle of a run-on
    # sentence ("right I'm back sorry you've been bounced about could I take your pin") is not diluted by the rest
    resemblance_windows: bool = False


@dataclass(frozen=True, slots=True)
class TrainingSentence:
    """One line of `<lang>/resemblance.jsonl.gz`: a sentence and the cues it carries."""
    text: str
    cues: frozenset[str]
    hard_negative_for: frozenset[str] = frozenset()  # cues it was written as a near miss of: weighed more


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One line of `<lang>/cue_sentences.jsonl`: a sentence written for one cue, labelled by hand."""
    text: str
    speaker: str
    cues: frozenset[str]
    written_for: str
    hard_negative: bool
    source: str  # file:line


@dataclass(frozen=True, slots=True)
class RuleSpec:
    rule_id: str
    version: str
    severity: str
    description: str
    cues: tuple[str, ...]
    params: dict[str, float]


@dataclass(frozen=True, slots=True)
class RuleBook:
    language: str
    cues: dict[str, CueSpec]
    rules: dict[str, RuleSpec]
    patterns: tuple[CuePattern, ...]
    cue_digests: dict[str, str]  # cue -> sha256 of its file, for rule versions
    resemblance_threshold: float = 1.0  # classifier probability a resemblance hit needs (1.0: never)
    # the resemblance layer's training sentences, and their file's sha256
    resemblance_sentences: tuple[TrainingSentence, ...] = ()
    resemblance_digest: str = ""
    # cues whose training labels come from the hand-labelled sentences rather than from the patterns
    hand_labelled_cues: tuple[str, ...] = ()
    _by_id: dict[str, CuePattern] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_id", {p.pattern_id: p for p in self.patterns})

    def rule_version(self, rule_id: str) -> str:
        """`<logic version>+<language>.<hash of the cue files the rule reads>`: any phrase edit changes it."""
        rule = self.rules[rule_id]
        resembled = any(self.cues[c].resemblance for c in rule.cues) and self.resemblance_threshold < 1.0
        digest = hashlib.sha256(("".join(self.cue_digests.get(c, "") for c in rule.cues)
                                 + (f"{self.resemblance_digest}{self.resemblance_threshold}" if resembled else "")
                                 + "".join(f"{c}:{self.cue_threshold(c)}:{self.cues[c].resemblance_windows}"
                                           for c in rule.cues if self.cues[c].resemblance and resembled
                                           and (self.cues[c].resemblance_threshold is not None
                                                or self.cues[c].resemblance_windows)))
                                .encode()).hexdigest()
        return f"{rule.version}+{self.language}.{digest[:8]}"

    def cue_threshold(self, cue: str) -> float:
        """The classifier probability a resemblance hit of this cue needs."""
        own = self.cues[cue].resemblance_threshold
        return self.resemblance_threshold if own is None else own

    def patterns_for(self, cue: str) -> list[CuePattern]:
        return [p for p in self.patterns if p.cue == cue]

    def pattern_confidence(self, pattern_id: str) -> float:
        pattern = self._by_id.get(pattern_id)
        return pattern.confidence if pattern else 1.0

    def not_after(self, pattern_id: str) -> frozenset[str]:
        pattern = self._by_id.get(pattern_id)
        return pattern.not_after if pattern else frozenset()

    def not_before(self, pattern_id: str) -> frozenset[str]:
        pattern = self._by_id.get(pattern_id)
        return pattern.not_before if pattern else frozenset()


@lru_cache(maxsize=None)
def load_rulebook(language: str, rules_dir: Path = RULES_DIR) -> RuleBook:
    if language not in LANGUAGES:
        raise RulePackError(f"no rule pack for language {language!r}; available: {LANGUAGES}")
    config_path = rules_dir / "rules.toml"
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(f"{config_path}: {exc}") from exc
    cues = {name: CueSpec(name, spec.get("speaker", "any"), spec.get("description", ""), bool(spec.get("negatable")),
                          bool(spec.get("resemblance")), tuple(spec.get("resemblance_unless", ())),
                          bool(spec.get("resemblance_in_questions", True)), tuple(spec.get("overrides", ())),
                          _probability(spec.get("resemblance_threshold"), config_path, name),
                          bool(spec.get("resemblance_windows")))
            for name, spec in config.get("cues", {}).items()}
    for name, spec in cues.items():
        for key in ("resemblance_unless", "overrides"):
            unknown = [c for c in getattr(spec, key) if c not in cues]
            if unknown:
                raise RulePackError(f"{config_path}: cue {name} has undeclared {key} cues {unknown}")
    rules = {}
    for rule_id, spec in config.get("rules", {}).items():
        unknown = [c for c in spec.get("cues", []) if c not in cues]
        if unknown:
            raise RulePackError(f"{config_path}: rule {rule_id} uses undeclared cues {unknown}")
        params = {k: float(v) for k, v in spec.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        rules[rule_id] = RuleSpec(rule_id, str(spec["version"]), spec["severity"], spec.get("description", ""),
                                  tuple(spec.get("cues", [])), params)
    patterns: list[CuePattern] = []
    digests: dict[str, str] = {}
    for cue in cues:
        path = rules_dir / language / f"{cue}.jsonl"
        if not path.is_file():
            raise RulePackError(f"{path}: missing cue file for '{cue}' ({language})")
        raw = path.read_bytes()
        digests[cue] = hashlib.sha256(raw).hexdigest()
        patterns += _read_cue_file(path, cue, raw.decode("utf-8"))
    ids = [p.pattern_id for p in patterns]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RulePackError(f"{rules_dir / language}: duplicate pattern ids {duplicates}")
    threshold = float(config.get("resemblance", {}).get("threshold", 1.0))
    hand_labelled = tuple(config.get("resemblance", {}).get("hand_labelled", ()))
    not_resembled = [c for c in hand_labelled if c not in cues or not cues[c].resemblance]
    if not_resembled:
        raise RulePackError(f"{config_path}: [resemblance] hand_labelled names cues without resemblance = true: "
                            f"{not_resembled}")
    sentences, resemblance_digest = _read_resemblance_file(rules_dir / language / RESEMBLANCE_FILE, cues)
    return RuleBook(language, cues, rules, tuple(patterns), digests, threshold, sentences, resemblance_digest,
                    hand_labelled)


def _probability(value, config_path: Path, cue: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 < value <= 1.0:
        raise RulePackError(f"{config_path}: cue {cue} has resemblance_threshold {value!r}; expected a number in (0, 1]")
    return float(value)


def _jsonl(path: Path, text: str):
    """("file:line", parsed object) for each non-blank line; a line that is not JSON names its file and line."""
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield f"{path}:{line_no}", json.loads(line)
            except json.JSONDecodeError as exc:
                raise RulePackError(f"{path}:{line_no}: invalid JSON ({exc.msg})") from exc


def read_labelled_sentences(language: str, rules_dir: Path = RULES_DIR) -> list[LabelledSentence]:
    """`<lang>/cue_sentences.jsonl`: sentences written for one cue each, as a positive or a near miss, with every
    cue they carry labelled by hand. scripts/make_resemblance_set.py folds them into the training set; none when
    the file is absent, like the training set itself."""
    rulebook = load_rulebook(language, rules_dir)
    path = rules_dir / language / "cue_sentences.jsonl"
    if not path.is_file():
        return []
    expected = '{"text", "speaker", "cues", "for", "kind": "positive" | "hard_negative"}'
    out = []
    for where, item in _jsonl(path, path.read_text(encoding="utf-8")):
        try:
            sentence = LabelledSentence(item["text"], item["speaker"], frozenset(item["cues"]), item["for"],
                                        item["kind"] == "hard_negative", where)
        except (KeyError, TypeError) as exc:
            raise RulePackError(f"{where}: expected {expected} ({exc!r} missing or wrong)") from exc
        unknown = sorted((sentence.cues | {sentence.written_for}) - rulebook.cues.keys())
        if unknown:
            raise RulePackError(f"{where}: undeclared cues {unknown}")
        if item["kind"] not in ("positive", "hard_negative"):
            raise RulePackError(f"{where}: kind must be 'positive' or 'hard_negative', got {item['kind']!r}")
        if sentence.hard_negative == (sentence.written_for in sentence.cues):
            raise RulePackError(f"{where}: a positive must carry the cue it was written for, a hard negative must not")
        misattributed = sorted(c for c in sentence.cues if rulebook.cues[c].speaker not in ("any", sentence.speaker))
        if misattributed:
            raise RulePackError(f"{where}: the {sentence.speaker} cannot say {misattributed}")
        out.append(sentence)
    return out


def _read_resemblance_file(path: Path, cues: dict[str, CueSpec]) -> tuple[tuple[TrainingSentence, ...], str]:
    """The resemblance layer's sentences; none (the layer off) when the file is absent."""
    if not path.is_file():
        return (), ""
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise RulePackError(f"{path}: not a gzip file ({exc})") from exc
    out = []
    for where, item in _jsonl(path, raw.decode("utf-8")):
        try:
            sentence = TrainingSentence(item["text"], frozenset(item["cues"]),
                                        frozenset(item.get("hard_negative_for", ())))
        except (KeyError, TypeError) as exc:
            raise RulePackError(f'{where}: expected {{"text": ..., "cues": [...]}} ({exc!r})') from exc
        unknown = sorted((sentence.cues | sentence.hard_negative_for) - cues.keys())
        if unknown:
            raise RulePackError(f"{where}: undeclared cues {unknown}")
        out.append(sentence)
    return tuple(out), hashlib.sha256(raw).hexdigest()


def _read_cue_file(path: Path, cue: str, text: str) -> list[CuePattern]:
    out = []
    for where, item in _jsonl(path, text):
        missing = [k for k in ("label", "id", "pattern", "example", "hard_negative") if k not in item]
        if missing:
            raise RulePackError(f"{where}: missing {missing}")
        if item["label"] != cue or not item["id"].startswith(cue + "."):
            raise RulePackError(f"{where}: label must be '{cue}' and id must start with '{cue}.'")
        confidence = float(item.get("confidence", 1.0))
        if not 0 < confidence <= 1:
            raise RulePackError(f"{where}: confidence must be in (0, 1], got {confidence}")
        neighbours = {}
        for key in ("not_after", "not_before"):
            words = item.get(key, [])
            if not (isinstance(words, list) and all(isinstance(w, str) for w in words)):
                raise RulePackError(f"{where}: {key} must be a list of words, got {words!r}")
            neighbours[key] = frozenset(w.lower() for w in words)
        out.append(CuePattern(cue, item["id"], item["pattern"], item["example"], item["hard_negative"], where, confidence,
                              **neighbours))
    return out
