"""Turn a transcript into cue hits: which cue phrases each turn holds, with times and confidence.

This is the only module that touches spaCy objects; what leaves it is plain dataclasses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.pipeline import SPANS_KEY, build_nlp
from nlp.resemblance import RESEMBLANCE_MARK, resembler
from nlp.rulebook import RuleBook, load_rulebook
from speech.types import Transcript, Turn

NEGATORS = {"es": {"no", "nunca", "jamás", "jamas", "tampoco", "ni"},
            "en": {"not", "n't", "never", "no", "nor"}}
SUBJECT_PRONOUNS = {"i", "we", "yo", "nosotros"}
# How far back a negator may stand before a cue (within the sentence, stopping at punctuation).
NEGATION_LOOKBACK_TOKENS = 3
# A sentence this share of whose words are numbers is a number read out, not something a cue could resemble.
NUMBER_SHARE = 0.4
# A sentence shorter than this ("Of course.", "Vale.") is too short to resemble anything; nor does it train the layer.
RESEMBLANCE_MIN_WORDS = 3
# Cues marked `resemblance_windows` are also looked for in windows of this many tokens across a longer sentence.
# Chosen on the haven and skerry splits (a validation pair): an apology in the middle of a long run-on sentence.
RESEMBLANCE_WINDOW_WORDS = 10
# A recogniser's unpunctuated turn ends without a full stop, so transfer patterns that close on one ("le paso.",
# "transferring.") miss its last words: for them the turn's last words are also read with a full stop after them.
# Only the tail is re-read (re-reading the whole turn changes its tagging elsewhere), and only for transfers (other
# cues' closing patterns then fired on unpunctuated questions: "what happens if i pay a few days late").
CLOSING_TAIL_WORDS = 6
CLOSING_TAIL_CUES = {"transfer"}
CLOSING_TAIL = re.compile(rf"(?:\S+\s+){{0,{CLOSING_TAIL_WORDS - 1}}}\S+$")


@dataclass(frozen=True, slots=True)
class CueHit:
    cue: str
    pattern_id: str
    text: str  # the matched words
    sentence: str  # the sentence around them: the evidence a reviewer reads
    start_char: int
    end_char: int
    start_s: float
    end_s: float
    # mean ASR word probability over the matched words (1.0 for typed transcripts), times the pattern's
    # own confidence (tolerant variants < 1) and the turn's speaker confidence (inferred roles < 1)
    confidence: float

    @property
    def resembled(self) -> bool:
        """Found by the resemblance layer, not by a phrase pattern."""
        return self.pattern_id.endswith(RESEMBLANCE_MARK)


@dataclass(frozen=True, slots=True)
class TurnCues:
    index: int
    turn: Turn
    hits: tuple[CueHit, ...]

    def of(self, cue: str) -> list[CueHit]:
        return [h for h in self.hits if h.cue == cue]

    def has(self, cue: str) -> bool:
        return any(h.cue == cue for h in self.hits)


def annotate(transcript: Transcript, rulebook: RuleBook | None = None) -> list[TurnCues]:
    """Cue hits per turn, in turn order; cues said by the wrong party, or negated where that cancels them, are dropped."""
    rulebook = rulebook or load_rulebook(transcript.language)
    nlp = build_nlp(transcript.language)
    negators = NEGATORS[transcript.language]
    out = []
    docs = nlp.pipe(turn.text for turn in transcript.turns)
    resembles = resembler(rulebook)
    # The agent's greeting is formulaic, and company names read like cues ("Thank you for calling Connect"
    # resembles "I'll connect you"): only phrase patterns are trusted there.
    greeting = next((i for i, t in enumerate(transcript.turns) if t.speaker == "agent"), None)
    # The customer's first turn often opens on a lead-in ("Hello; I'm on the boat, so bear with me; here goes:
    # I bought my router outright..."): the statement after it is also read on its own.
    reason = next((i for i, t in enumerate(transcript.turns) if t.speaker == "customer"), None)
    tails = dict(_closing_tails(transcript.turns, nlp, rulebook))
    for index, (turn, doc) in enumerate(zip(transcript.turns, docs)):
        heard = _cue_spans(doc, rulebook, negators)
        hits = [_hit(turn, span.label_, span.id_, span.text, span.sent.text.strip(), span.start_char, span.end_char,
                     rulebook.pattern_confidence(span.id_))
                for span in heard if _may_say(rulebook.cues[span.label_], turn)]
        if index in tails:
            offset, tail = tails[index]
            hits += [_hit(turn, span.label_, span.id_, span.text, doc[-1].sent.text.strip(), offset + span.start_char,
                          offset + span.end_char, rulebook.pattern_confidence(span.id_))
                     for span in _cue_spans(tail, rulebook, negators)
                     if span.end == len(tail) and span.label_ in CLOSING_TAIL_CUES
                     and _may_say(rulebook.cues[span.label_], turn)
                     and not any(h.cue == span.label_ and h.end_char > offset + span.start_char for h in hits)]
        if resembles is not None and index != greeting:
            hits += [_hit(turn, found.cue, found.pattern_id, piece.text.strip(), sent.text.strip(), piece.start_char,
                          piece.end_char, found.probability)
                     for sent, piece, found in _resembled(doc, rulebook, resembles, turn, index == reason, heard)
                     if _may_say(rulebook.cues[found.cue], turn)]
        # In reading order; where an exact and a tolerant pattern find the same words, the surer first.
        hits.sort(key=lambda h: (h.start_char, -h.confidence))
        out.append(TurnCues(index, turn, tuple(hits)))
    return out


def _closing_tails(turns, nlp, rulebook: RuleBook):
    """(turn index, (character offset, doc)) of each unpunctuated turn's last words, read with a full stop; only
    turns whose speaker may say a closing cue (the customer's are never parsed twice for an agent's transfer)."""
    open_ended = [(i, t.text) for i, t in enumerate(turns) if t.text[-1:].isalnum()
                  and any(_may_say(rulebook.cues[cue], t) for cue in CLOSING_TAIL_CUES)]
    offsets = [CLOSING_TAIL.search(text).start() for _, text in open_ended]
    docs = nlp.pipe(text[offset:] + "." for (_, text), offset in zip(open_ended, offsets))
    return [(i, (offset, doc)) for (i, _), offset, doc in zip(open_ended, offsets, docs)]


def _may_say(spec, turn: Turn) -> bool:
    return spec.speaker == "any" or spec.speaker == turn.speaker


def _hit(turn: Turn, cue: str, pattern_id: str, text: str, sentence: str, start_char: int, end_char: int,
         pattern_confidence: float) -> CueHit:
    """A cue hit with its times; confidence = ASR word probability x the match's own x the speaker's."""
    start_s, end_s, word_confidence = _span_times(turn, start_char, end_char)
    return CueHit(cue, pattern_id, text, sentence, start_char, end_char, start_s, end_s,
                  round(word_confidence * pattern_confidence * turn.speaker_confidence, 4))


def _resembled(doc, rulebook: RuleBook, resembles, turn: Turn | None = None, lead_in: bool = False, heard=None):
    """(sentence, the words read, Resemblance) where no pattern of the cue matched, negated or not (the patterns know better),
    and no pattern of a cue that rules it out did, in the sentence or the next ("fue un error nuestro" is no
    deflection; "Sorry? Could you repeat that?" is no apology), unnegated ("no le voy a pasar con nadie" rules out
    no ownership), and not in a question where the cue says a question cannot carry it. Given the turn, windows
    are read only where its speaker may say a windowed cue. heard: the doc's unnegated cue spans, where the caller
    already has them."""
    sents = list(doc.sents)
    if heard is None:
        heard = _cue_spans(doc, rulebook, NEGATORS[rulebook.language])
    windowed = any(spec.resemblance_windows and (turn is None or _may_say(spec, turn)) for spec in rulebook.cues.values())
    for i, sent in enumerate(sents):
        if len(sent.text.split()) < RESEMBLANCE_MIN_WORDS or _reads_out_numbers(sent):
            continue
        matched = {span.label_ for span in doc.spans[SPANS_KEY] if sent.start <= span.start < sent.end}
        after = sents[i + 1].end if i + 1 < len(sents) else sent.end
        near = {span.label_ for span in heard if sent.start <= span.start < after}
        question = sent.text.rstrip().endswith("?")
        windows = list(_windows(sent)) if windowed else []
        statement = _after_lead_in(sent) if lead_in else None
        pieces = windows + ([statement] if statement is not None else [])
        in_sentence, *in_pieces = resembles.each([sent.text] + [piece.text for piece in pieces])
        best = {found.cue: (sent, found) for found in in_sentence}
        for piece, resembled in zip(pieces, in_pieces):
            for found in resembled:
                if (piece is statement or rulebook.cues[found.cue].resemblance_windows) and \
                        (found.cue not in best or found.probability > best[found.cue][1].probability):
                    best[found.cue] = (piece, found)
        for piece, found in best.values():
            spec = rulebook.cues[found.cue]
            if found.cue not in matched and not near & set(spec.resemblance_unless) \
                    and not (question and not spec.resemblance_in_questions):
                yield sent, piece, found


def _after_lead_in(sent):
    """What follows the last colon of a sentence, when both sides have words and it is no question ("...; here goes:
    I bought my router outright..."), else None. A question after a lead-in asks for something ("...my trouble is
    this: the bank wants a stamped letter; who can sign that?"); the whole sentence is still read as well."""
    colons = [t.i for t in sent if t.text == ":"]
    if not colons or colons[-1] == sent.start or sent.text.rstrip().endswith("?"):
        return None
    statement = sent.doc[colons[-1] + 1:sent.end]
    return statement if len(statement.text.split()) >= RESEMBLANCE_MIN_WORDS else None


def _windows(sent):
    """Overlapping windows of RESEMBLANCE_WINDOW_WORDS tokens, half a window apart, over a sentence longer than one."""
    if sum(not t.is_punct and not t.is_space for t in sent) <= RESEMBLANCE_WINDOW_WORDS:
        return
    step = RESEMBLANCE_WINDOW_WORDS // 2
    for start in range(sent.start, sent.end - RESEMBLANCE_WINDOW_WORDS + step, step):
        yield sent.doc[start:min(start + RESEMBLANCE_WINDOW_WORDS, sent.end)]


def _reads_out_numbers(sent) -> bool:
    """An account or phone number read out ("el fijo de la casa, dos, cuarenta y cuatro, treinta, quince") is
    no cue, however its letters happen to read."""
    words = [token for token in sent if not token.is_punct and not token.is_space]
    return bool(words) and sum(token.like_num for token in words) >= NUMBER_SHARE * len(words)


def resemble_text(text: str, language: str) -> list[tuple[str, str]]:
    """(cue, nearest pattern id~) the resemblance layer adds to one sentence, whoever says it."""
    rulebook = load_rulebook(language)
    resembles = resembler(rulebook)
    if resembles is None:
        return []
    return [(found.cue, found.pattern_id) for _, _, found in _resembled(build_nlp(language)(text), rulebook, resembles)]


def cues_in(sentences: list[str], language: str) -> list[set[str]]:
    """The cues the phrase patterns find in each sentence, whoever says it: the resemblance layer's teacher."""
    rulebook, negators = load_rulebook(language), NEGATORS[language]
    return [{span.label_ for span in _cue_spans(doc, rulebook, negators)} for doc in build_nlp(language).pipe(sentences)]


def match_text(text: str, language: str) -> list[tuple[str, str, str]]:
    """(cue, pattern_id, matched words) for one sentence, whoever says it: what the rule-file examples test."""
    doc = build_nlp(language)(text)
    return [(s.label_, s.id_, s.text) for s in _cue_spans(doc, load_rulebook(language), NEGATORS[language])]


def _cue_spans(doc, rulebook: RuleBook, negators: set[str]):
    heard = [span for span in doc.spans[SPANS_KEY]
             if not (rulebook.cues[span.label_].negatable and _negated(span, negators))
             and not (span.start > 0 and doc[span.start - 1].lower_ in rulebook.not_after(span.id_))
             and not (span.end < len(doc) and doc[span.end].lower_ in rulebook.not_before(span.id_))]
    # An overriding cue's words that only close or open a longer span ("...es de tarjetas, no cuelgue", "hold on
    # for billing") leave it heard.
    return [span for span in heard
            if not any(span.label_ in rulebook.cues[other.label_].overrides
                       and other.start < span.end and span.start < other.end
                       and not (span.start <= other.start and other.end <= span.end and len(other) < len(span))
                       for other in heard)]


def _negated(span, negators: set[str]) -> bool:
    doc = span.doc
    # "...was never dispatched I'll personally make sure": a cue opening on its subject starts a new clause (a
    # recogniser's unpunctuated text runs clauses together), so a negator before it negates something else.
    if doc[span.start].lower_ in SUBJECT_PRONOUNS:
        return False
    between = []
    for i in range(span.start - 1, max(span.sent.start, span.start - NEGATION_LOOKBACK_TOKENS) - 1, -1):
        token = doc[i]
        if token.is_punct:
            return False
        if token.lower_ in negators and not _asks_not(doc, i):
            return not _new_clause(between, span)
        between.append(token)
    return False


def _new_clause(between: list, span) -> bool:
    """"no debió pasar te transfiero con tarjetas": a cue with its own finite verb, after the verb the negator
    governed, starts a new clause (a negated verb takes an infinitive; "no quiero que le pasen" stays subordinate)."""
    return (any(token.pos_ in ("VERB", "AUX") for token in between)
            and not any(token.pos_ == "SCONJ" for token in between)
            and any(token.pos_ in ("VERB", "AUX") and token.morph.get("VerbForm") == ["Fin"] for token in span))


def _asks_not(doc, i: int) -> bool:
    """"Can you not just put me through?", "¿No me podría poner con soporte?": a negated question asks for it."""
    if doc[i].lower_ in ("not", "n't") and i >= 2 and doc[i - 1].lower_ == "you":
        return doc[i - 2].lower_ in ("can", "could", "would", "will", "ca", "wo")
    if doc[i].lower_ == "no" and i >= 1 and doc[i - 1].text == "¿" and i + 1 < len(doc):
        return doc[i + 1].lower_ in ("me", "nos")
    return False


def _span_times(turn: Turn, start_char: int, end_char: int) -> tuple[float, float, float]:
    """Times and confidence of a character range of a turn, from word timings when there are any."""
    located = _locate_words(turn)
    inside = [w for (s, e, w) in located if e > start_char and s < end_char]
    if inside:
        confidence = sum(w.probability for w in inside) / len(inside)
        return inside[0].start_s, inside[-1].end_s, round(confidence, 4)
    # No word timings (typed transcript): interpolate over the turn by character position.
    length = max(len(turn.text), 1)
    start_char, end_char = min(start_char, length), min(end_char, length)  # a closing tail's added full stop
    span_s = turn.end_s - turn.start_s
    return (round(turn.start_s + span_s * start_char / length, 3),
            round(turn.start_s + span_s * end_char / length, 3), 1.0)


def _locate_words(turn: Turn):
    located, cursor, lowered = [], 0, turn.text.lower()
    for word in turn.words:
        token = word.text.strip().lower()
        if not token:
            continue
        at = lowered.find(token, cursor)
        if at < 0:
            continue
        located.append((at, at + len(token), word))
        cursor = at + len(token)
    return located
