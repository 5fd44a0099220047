"""Word error rate of the default transcription path (faster-whisper, int8, model base: what
`escucha transcribe` does) against reference text, per file and per language.

    .venv/bin/python benchmarks/speech_wer.py [--calls examples/calls] [--real ../shared/real-calls] [--align]

References:

- the scripted example calls: each `examples/calls/<call_id>.ogg` (espeak-ng, made by
  scripts/make_example_calls.py) against the lines of `examples/scenarios/<call_id>.json`. The calls
  are stereo with the agent on the left and the customer on the right, so each side is scored on its
  own: the agent's turns in time order against the agent's lines, the same for the customer. The
  folder's manifest.csv is read as `escucha transcribe` reads it (it sets each call's language).
- the public material in ../shared/real-calls (skipped when absent) that has a human reference in
  its text/ folder: only the Spanish read speech `es_azure_customspeech-es-ES_audio1_read-speech_16k`
  (row audio1.wav of `es_azure_customspeech-es-ES_training_trans.txt`), scored as one text. No
  English recording there has a reference: the vendor transcripts in text/ are of calls whose audio
  is not in the snapshot, or of no recording at all (see its MANIFEST.tsv); they are listed under
  the table. The language is detected, as for any file without a manifest.

Normalisation, the same on both sides before scoring (`normalise`): Unicode NFC, typographic
apostrophes made plain; numbers written in digits are spelled out with num2words in the text's
language ("40" -> "cuarenta" / "forty"; "3rd" and "3º" as ordinals; "%", "€" and "$" as words after
the number; digit groups like 1,000 or 1.000 are one number, any other separator between digits is
a word break: "10:30" -> "ten thirty"); then lower case, every character that is neither a letter,
a digit nor an apostrophe inside a word becomes a space ("speech-to-text" -> "speech to text"), and
spaces are collapsed. Spelling variants ("okay"/"ok"), accents, contractions and fillers are left
alone: they count as errors. WER = (substitutions + deletions + insertions) / reference words,
from jiwer's alignment; a total is computed from summed counts, not by averaging rates.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
import unicodedata
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import jiwer
from num2words import num2words

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speech.sources import discover  # noqa: E402
from speech.transcribe import TranscribeOptions, transcribe_source  # noqa: E402
from speech.types import CallSource  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CALLS = ROOT / "examples" / "calls"
SCENARIOS = ROOT / "examples" / "scenarios"
REAL = ROOT.parent / "shared" / "real-calls"
# audio file in REAL/audio -> (reference file in REAL/text, row key, language)
REAL_REFERENCES = {
    "es_azure_customspeech-es-ES_audio1_read-speech_16k.flac":
        ("es_azure_customspeech-es-ES_training_trans.txt", "audio1.wav", "es"),
}

# --- normalisation ------------------------------------------------------------------------------

_WORDS = {"es": {"%": "por ciento", "€": "euros", "$": "dólares"},
          "en": {"%": "percent", "€": "euros", "$": "dollars"}}
_GROUPED = r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)"  # 1,000 / 1.000 / 12,345,678: one number
_NUMBER = re.compile(rf"(?P<pre>[$€])?\s?(?P<num>{_GROUPED}|\d+)"
                     r"(?:(?P<ord_en>st|nd|rd|th)\b|\.?(?P<ord_es>[ºª]))?(?P<post>\s?[%€])?")
_CLEANUP = jiwer.Compose([
    jiwer.ToLowerCase(),
    jiwer.SubstituteRegexes({r"[^\w\s']|_": " ", r"(?<!\w)'|'(?!\w)": " "}),
    jiwer.RemoveMultipleSpaces(),
    jiwer.Strip(),
])


def _spell(match: re.Match, language: str) -> str:
    number = int(re.sub(r"[.,]", "", match["num"]))
    if match["ord_en"] and language == "en" or match["ord_es"] and language == "es":
        words = num2words(number, lang=language, to="ordinal")
        if match["ord_es"] == "ª":  # num2words' Spanish ordinals are masculine: primero -> primera
            words = " ".join(w[:-1] + "a" if w.endswith("o") else w for w in words.split())
    else:
        words = num2words(number, lang=language)
        if match["ord_en"] or match["ord_es"]:
            words += " " + (match["ord_en"] or match["ord_es"])
    for symbol in (match["pre"], (match["post"] or "").strip()):
        if symbol:
            words += " " + _WORDS[language][symbol]
    return f" {words} "


def normalise(text: str, language: str) -> str:
    """Text as scored: numbers spelled in `language` ("es"/"en"), lower case, no punctuation."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u02bc", "'")
    text = _NUMBER.sub(lambda m: _spell(m, language), text)
    return _CLEANUP(text)


# --- scoring ------------------------------------------------------------------------------------

@dataclass
class Score:
    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0
    reference_words: int = 0

    @property
    def wer(self) -> float:
        return (self.substitutions + self.deletions + self.insertions) / self.reference_words

    def __add__(self, other: Score) -> Score:
        return Score(self.substitutions + other.substitutions, self.deletions + other.deletions,
                     self.insertions + other.insertions, self.reference_words + other.reference_words)


def score(references: list[str], hypotheses: list[str], language: str) -> tuple[Score, jiwer.WordOutput]:
    """Align each normalised reference with its hypothesis (e.g. one pair per speaker); summed counts."""
    refs = [normalise(r, language) for r in references]
    hyps = [normalise(h, language) for h in hypotheses]
    out = jiwer.process_words(refs, hyps)
    return Score(out.substitutions, out.deletions, out.insertions, sum(len(r.split()) for r in refs)), out


# --- material -----------------------------------------------------------------------------------

@dataclass
class Item:
    group: str  # "scripted" or "real"
    source: CallSource
    language: str  # the reference's
    references: dict[str, str]  # speaker ("agent", "customer") or "all" -> reference text


def scripted_items(calls: Path) -> list[Item]:
    sources, problems = discover([calls])
    for problem in problems:
        print(f"skipped: {problem.error}", file=sys.stderr)
    items = []
    for source in sources:
        scenario_path = SCENARIOS / f"{source.call_id}.json"
        if source.kind != "audio" or not scenario_path.is_file():
            continue
        scenario = json.loads(scenario_path.read_text(encoding="utf-8"))
        turns = sorted(scenario["turns"], key=lambda t: t["start"])
        refs = {who: " ".join(t["text"] for t in turns if t["speaker"] == who) for who in ("agent", "customer")}
        items.append(Item("scripted", source, scenario["language"], {k: v for k, v in refs.items() if v}))
    return items


def real_items(real: Path) -> tuple[list[Item], list[str]]:
    """Items with a reference, and the names of the audio files without one."""
    if not (real / "audio").is_dir():
        return [], []
    items, without = [], []
    for path in sorted((real / "audio").iterdir()):
        if path.name not in REAL_REFERENCES:
            without.append(path.name)
            continue
        text_name, key, language = REAL_REFERENCES[path.name]
        rows = dict(line.split("\t", 1) for line in
                    (real / "text" / text_name).read_text(encoding="utf-8-sig").splitlines() if "\t" in line)
        source = CallSource(path=path, kind="audio", call_id=path.stem)  # as `escucha transcribe FILE`
        items.append(Item("real", source, language, {"all": rows[key].strip()}))
    return items, without


def transcribe(item: Item, options: TranscribeOptions) -> tuple[dict[str, str], str, float, float]:
    """Hypothesis text per reference key, detected/used language, audio seconds, wall seconds."""
    t0 = time.perf_counter()
    transcript = transcribe_source(item.source, options)
    wall = time.perf_counter() - t0
    turns = sorted(transcript.turns, key=lambda t: t.start_s)
    if list(item.references) == ["all"]:
        hyps = {"all": " ".join(t.text for t in turns)}
    else:
        hyps = {who: " ".join(t.text for t in turns if t.speaker == who) for who in item.references}
    return hyps, transcript.language, transcript.duration_s, wall


# --- report -------------------------------------------------------------------------------------

def _row(name: str, s: Score, extra: str = "") -> str:
    return (f"| {name} | {s.reference_words} | {s.substitutions} | {s.deletions} | {s.insertions} | "
            f"{s.wer:.1%} | {extra} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=Path, default=CALLS, help="folder of scripted calls (default: %(default)s)")
    parser.add_argument("--real", type=Path, default=REAL, help="shared real-calls folder (default: %(default)s)")
    parser.add_argument("--no-scripted", action="store_true", help="skip the scripted calls")
    parser.add_argument("--no-real", action="store_true", help="skip the shared material")
    parser.add_argument("--align", action="store_true", help="print every alignment after the table")
    args = parser.parse_args()
    options = TranscribeOptions()  # the defaults `escucha transcribe` uses
    items = [] if args.no_scripted else scripted_items(args.calls)
    real, without = ([], []) if args.no_real else real_items(args.real)
    if not args.no_real and not (args.real / "audio").is_dir():
        print(f"note: {args.real} is absent: shared material skipped", file=sys.stderr)
    items += real
    print(f"# {time.strftime('%Y-%m-%d')}; {os.cpu_count()} cores, {platform.machine()}, Python "
          f"{platform.python_version()}; {options.backend} {version('faster-whisper')} (ctranslate2 "
          f"{version('ctranslate2')}), model {options.model}, {options.compute_type}, beam {options.beam_size}; "
          f"jiwer {version('jiwer')}, num2words {version('num2words')}\n")
    print("| file | ref words | sub | del | ins | WER | notes |\n|---|---|---|---|---|---|---|")
    totals: dict[tuple[str, str], Score] = {}
    alignments = []
    for item in items:
        hyps, language, audio_s, wall = transcribe(item, options)
        keys = list(item.references)
        s, out = score([item.references[k] for k in keys], [hyps[k] for k in keys], item.language)
        alignments.append((item.source.path.name, keys, out))
        notes = [f"{audio_s:.0f} s audio, {wall:.0f} s wall"]
        if language != item.language:
            notes.insert(0, f"**transcribed as {language}**")
        if len(keys) > 1:
            parts = [f"{k} {score([item.references[k]], [hyps[k]], item.language)[0].wer:.0%}" for k in keys]
            notes.insert(0, ", ".join(parts))
        key = (item.group, item.language)
        totals[key] = totals.get(key, Score()) + s
        print(_row(item.source.path.name, s, "; ".join(notes)), flush=True)
    for (group, language), s in sorted(totals.items()):
        print(_row(f"**{group}, {language}**", s))
    for language in sorted({lang for _, lang in totals}):
        groups = [s for (_, lang), s in totals.items() if lang == language]
        if len(groups) > 1:
            print(_row(f"**all {language}**", sum(groups, Score())))
    if without:
        print(f"\nNo reference transcript in {args.real.name}/text/ for: {', '.join(without)}.")
    if args.align:
        for name, keys, out in alignments:
            print(f"\n## {name} ({', '.join(keys)})\n")
            print(jiwer.visualize_alignment(out, show_measures=False))


if __name__ == "__main__":
    main()
