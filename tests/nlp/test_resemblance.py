"""The resemblance layer: sentences no pattern matched but that read like a cue (nlp/resemblance.py)."""
from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from nlp.cues import annotate, cues_in, match_text, resemble_text
from nlp.detect import detect
from nlp import resemblance
from nlp.resemblance import CACHED_PACKS_PER_LANGUAGE, RESEMBLANCE_MARK, CueResembler, resembler
from nlp.rulebook import RESEMBLANCE_FILE, RULES_DIR, RulePackError, load_rulebook, read_labelled_sentences
from speech.transcript_json import transcript_from_dict

LANGUAGES = ("es", "en")
# Wordings no pattern matches (checked below), from the corpus's development splits
UNMATCHED_APOLOGY = {"en": "Genuinely sorry, that's a poor show from us.",
                     "es": "Me disculpo con usted, esto no está bien."}
COMPLAINT = {"en": "You cut my credit limit without telling me and now my card is declined.",
             "es": "Me han cortado la línea sin avisar y llevo tres días sin servicio."}


@lru_cache(maxsize=None)
def _set_writer():
    """scripts/make_resemblance_set.py, loaded as a module."""
    path = Path(__file__).resolve().parents[2] / "scripts" / "make_resemblance_set.py"
    spec = importlib.util.spec_from_file_location("make_resemblance_set", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def _bank_labels(language: str) -> dict[str, set[str]]:
    """The corpus writers' labels that scripts/make_resemblance_set.py adds to the patterns' (BANK_CUES)."""
    return _set_writer().bank_phrasings(language)


def _call(language: str, agent_text: str, speaker: str = "agent"):
    return transcript_from_dict({"call_id": "r1", "agent_id": "a1", "language": language, "turns": [
        {"speaker": "agent", "start": 0.0, "end": 3.0, "text": "Buenos días." if language == "es" else "Good morning."},
        {"speaker": "customer", "start": 3.5, "end": 9.0, "text": COMPLAINT[language]},
        {"speaker": speaker, "start": 9.5, "end": 14.0, "text": agent_text}]})


@pytest.mark.parametrize("language", LANGUAGES)
def test_training_set_holds_every_rule_file_sentence_with_todays_labels(language):
    """Adding or changing a pattern means re-running scripts/make_resemblance_set.py; this says when it is due.
    A rule-file sentence that is also a corpus bank's phrasing carries that bank's cues too."""
    rulebook = load_rulebook(language)
    labels = {s.text: s.cues for s in rulebook.resemblance_sentences}
    by_hand = {s.text for s in read_labelled_sentences(language)}
    sentences = sorted({s for p in rulebook.patterns for s in (p.example, p.hard_negative)} - by_hand)
    missing = [s for s in sentences if s not in labels]
    assert not missing, f"not in {language}/{RESEMBLANCE_FILE} (run scripts/make_resemblance_set.py): {missing[:5]}"
    by_bank = _bank_labels(language)
    stale = [(s, sorted(labels[s]), sorted(now)) for s, now in zip(sentences, cues_in(sentences, language))
             if labels[s] != now | by_bank.get(s, set())]
    assert not stale, f"labels out of date (run scripts/make_resemblance_set.py): {stale[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_training_set_takes_the_development_banks_with_their_writers_labels_and_no_unseen_split(language):
    """A deflection written for a development split trains the deflection classifier even where no pattern
    matches it; not one phrasing of the splits the layer is judged on enters."""
    writer = _set_writer()
    corpus = writer._corpus_generator()
    labels = {s.text: s.cues for s in load_rulebook(language).resemblance_sentences}
    whole = lambda phrasings: [p for p in phrasings if "{" not in p and len(p.split()) >= 3]  # noqa: E731
    blame = [p for name, bank in corpus.FRESH_BANKS["bight"].items() if name.startswith("blame_")
             for p in whole(bank[language])]
    assert blame and all("deflection" in labels[p] for p in blame)
    unseen = [p for split in writer.UNSEEN_SPLITS if split in corpus.FRESH_BANKS
              for bank in corpus.FRESH_BANKS[split].values() for p in whole(bank[language])]
    assert unseen and not [p for p in unseen if p in labels]


@pytest.mark.parametrize("language", LANGUAGES)
def test_training_set_holds_the_hand_labelled_sentences_of_the_chosen_cues(language):
    rulebook = load_rulebook(language)
    chosen = set(rulebook.hand_labelled_cues)
    assert chosen, "rules.toml [resemblance] hand_labelled is empty"
    training = {s.text: s for s in rulebook.resemblance_sentences}
    labelled = read_labelled_sentences(language)
    for sentence in labelled:
        if sentence.written_for not in chosen:
            continue
        line = training.get(sentence.text)
        assert line is not None, f"{sentence.source} not in {RESEMBLANCE_FILE} (run scripts/make_resemblance_set.py)"
        assert line.cues & chosen == sentence.cues & chosen, sentence.source
        assert line.hard_negative_for == ({sentence.written_for} if sentence.hard_negative else set()), sentence.source
    # each chosen cue has its positives and its near misses, in both languages
    for cue in chosen:
        kinds = [s.hard_negative for s in labelled if s.written_for == cue]
        assert kinds.count(False) >= 50 and kinds.count(True) >= 30, (language, cue)


@pytest.mark.parametrize("language", LANGUAGES)
def test_hand_labelled_sentences_weigh_as_near_misses_of_their_cue(language):
    """Most near misses written for a chosen cue stay below the threshold, though the layer is a classifier,
    not a lookup: it may get a few of its own training sentences wrong."""
    rulebook = load_rulebook(language)
    near_misses = [s for s in read_labelled_sentences(language)
                   if s.hard_negative and s.written_for in rulebook.hand_labelled_cues]
    resembled = [s.text for s in near_misses if any(c == s.written_for for c, _ in resemble_text(s.text, language))]
    assert len(resembled) <= 0.05 * len(near_misses), resembled


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_hard_negative_resembles_its_own_cue(language):
    """The near misses a QA lead wrote down hold for both layers, not only for the patterns."""
    rulebook = load_rulebook(language)
    flagged = [(p.pattern_id, p.hard_negative) for p in rulebook.patterns if rulebook.cues[p.cue].resemblance
               and any(cue == p.cue for cue, _ in resemble_text(p.hard_negative, language))]
    assert not flagged


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_apology_no_pattern_knows_counts_and_says_how_it_was_found(language):
    sentence = UNMATCHED_APOLOGY[language]
    turns = annotate(_call(language, sentence))
    assert not [h for h in turns[2].hits if h.cue == "apology" and not h.pattern_id.endswith(RESEMBLANCE_MARK)]
    [hit] = [h for h in turns[2].hits if h.cue == "apology"]
    assert hit.pattern_id.endswith(RESEMBLANCE_MARK) and hit.pattern_id.startswith("apology.")
    assert hit.sentence == sentence and hit.text == sentence
    assert resembler(load_rulebook(language)).threshold <= hit.confidence < 1.0
    # the apology within the window answers the complaint
    assert "missing_apology" not in {f.rule_id for f in detect(_call(language, sentence))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_speaker_scope_holds_for_resemblance(language):
    """The customer saying sorry is not the agent apologising."""
    turns = annotate(_call(language, UNMATCHED_APOLOGY[language], speaker="customer"))
    assert not turns[2].of("apology")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_cue_that_rules_it_out_blocks_a_resemblance(language):
    """Owning the fault in the same sentence is not a deflection, however much it reads like one."""
    rulebook = load_rulebook(language)
    assert "ownership" in rulebook.cues["deflection"].resemblance_unless
    owned = {"es": "No es culpa de facturación, es un error nuestro y lo arreglo yo.",
             "en": "It's not billing's fault, it's our mistake and I'll fix it."}[language]
    assert "ownership" in {cue for cue, _, _ in match_text(owned, language)}
    assert "deflection" not in {cue for cue, _ in resemble_text(owned, language)}


def test_passing_the_call_on_rules_out_ownership_but_refusing_to_does_not():
    """"I'll put faults on" hands the call over, however much it reads like "I'll put it under my name"; "no le voy a
    pasar con nadie" (I won't pass you to anyone) names a transfer only to refuse it, so it rules nothing out."""
    assert "transfer" in load_rulebook("en").cues["ownership"].resemblance_unless
    handed_over = "Hang on, I'll put faults on."
    assert "transfer" in {cue for cue, _, _ in match_text(handed_over, "en")}
    assert "ownership" not in {cue for cue, _ in resemble_text(handed_over, "en")}
    kept = "El almacén tomó la dirección antigua por error; no le voy a pasar con nadie, me quedo hasta dejarlo resuelto yo."
    assert "transfer" not in {cue for cue, _, _ in match_text(kept, "es")}
    assert "ownership" in {cue for cue, _ in resemble_text(kept, "es")}


@pytest.mark.parametrize("question", ["Can nothing further be done?", "Is there nothing else you can do about it?"])
def test_a_question_is_no_refusal_or_deflection_by_resemblance(question):
    """The layer reads "Can nothing further be done?" like "there's nothing further I can do"; helpless and
    deflection say a question cannot carry them (resemblance_in_questions = false), so it adds neither."""
    rulebook = load_rulebook("en")
    assert not rulebook.cues["helpless"].resemblance_in_questions
    assert not rulebook.cues["deflection"].resemblance_in_questions
    allowing = dataclasses.replace(rulebook, cues={name: dataclasses.replace(spec, resemblance_in_questions=True)
                                                   for name, spec in rulebook.cues.items()})
    def resembled(book):
        return {h.cue for h in annotate(_call("en", question), book)[2].hits if h.resembled}
    assert resembled(allowing) & {"helpless", "deflection"}
    assert not resembled(rulebook) & {"helpless", "deflection"}


def test_threshold_one_switches_the_layer_off():
    rulebook = dataclasses.replace(load_rulebook("en"), resemblance_threshold=1.0)
    assert resembler(rulebook) is None
    turns = annotate(_call("en", UNMATCHED_APOLOGY["en"]), rulebook)
    assert not [h for tc in turns for h in tc.hits if h.pattern_id.endswith(RESEMBLANCE_MARK)]


def test_rule_versions_change_with_the_training_sentences():
    rulebook = load_rulebook("en")
    changed = dataclasses.replace(rulebook, resemblance_digest="0" * 64)
    assert rulebook.rule_version("missing_apology") != changed.rule_version("missing_apology")
    # dead_air reads no cue that resembles: its version does not move
    assert rulebook.rule_version("dead_air") == changed.rule_version("dead_air")


def _copy_rules(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    return rules


def test_a_bad_training_line_names_the_file_and_line(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "en" / RESEMBLANCE_FILE
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    path.write_bytes(gzip.compress(("\n".join([lines[0], '{"text": "no cues field"}'] + lines[2:]) + "\n").encode()))
    with pytest.raises(RulePackError, match=r"resemblance\.jsonl\.gz:2"):
        load_rulebook("en", rules)


def test_a_training_file_that_is_not_gzip_names_the_file(tmp_path):
    rules = _copy_rules(tmp_path)
    (rules / "en" / RESEMBLANCE_FILE).write_text('{"text": "Sorry about that.", "cues": ["apology"]}\n')
    with pytest.raises(RulePackError, match=r"resemblance\.jsonl\.gz: not a gzip file"):
        load_rulebook("en", rules)


def test_a_training_line_with_an_undeclared_cue_is_refused(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "es" / RESEMBLANCE_FILE
    path.write_bytes(gzip.compress((json.dumps({"text": "Hola qué tal", "cues": ["no_such_cue"]}) + "\n").encode()))
    with pytest.raises(RulePackError, match=r"undeclared cues \['no_such_cue'\]"):
        load_rulebook("es", rules)


def test_without_a_training_file_the_layer_is_off(tmp_path):
    rules = _copy_rules(tmp_path)
    (rules / "es" / RESEMBLANCE_FILE).unlink()
    assert resembler(load_rulebook("es", rules)) is None


@pytest.mark.parametrize("language,line,error", [
    ("en", {"text": "I'm so sorry about that.", "speaker": "customer", "cues": ["apology"], "for": "apology",
            "kind": "positive"}, r"cue_sentences\.jsonl:1: the customer cannot say \['apology'\]"),
    ("es", {"text": "Le paso con facturación.", "speaker": "agent", "cues": [], "for": "transfer", "kind": "positive"},
     r"cue_sentences\.jsonl:1: a positive must carry"),
    ("en", {"text": "Sorry about that.", "speaker": "agent", "cues": ["apology"], "for": "apology", "kind": "pos"},
     r"cue_sentences\.jsonl:1: kind must be 'positive' or 'hard_negative'"),
], ids=["speaker-cannot-say", "positive-without-its-cue", "unknown-kind"])
def test_a_bad_hand_labelled_line_is_refused_with_its_file_and_line(tmp_path, language, line, error):
    rules = _copy_rules(tmp_path)
    (rules / language / "cue_sentences.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(RulePackError, match=error):
        read_labelled_sentences(language, rules)


def test_hand_labelled_cues_must_use_the_layer(tmp_path):
    rules = _copy_rules(tmp_path)
    config = rules / "rules.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('hand_labelled = ["apology"',
                                                                  'hand_labelled = ["hold_notice", "apology"'),
                      encoding="utf-8")
    with pytest.raises(RulePackError, match=r"hand_labelled names cues without resemblance = true: \['hold_notice'\]"):
        load_rulebook("es", rules)


@pytest.mark.parametrize("language,reading", [("es", "El fijo de la casa, dos, cuarenta y cuatro, treinta, quince."),
                                              ("en", "It's 4 4 1 5 9, and then 7 1 4.")])
def test_a_number_read_out_resembles_no_cue(language, reading):
    assert resemble_text(reading, language) == []


def test_without_hand_labelled_sentences_there_are_none(tmp_path):
    rules = _copy_rules(tmp_path)
    (rules / "es" / "cue_sentences.jsonl").unlink()
    assert read_labelled_sentences("es", rules) == []


def _small_pack(tag: str = "small"):
    """The English pack on every tenth training sentence: trains in a fraction of a second, keyed apart."""
    rulebook = load_rulebook("en")
    return dataclasses.replace(rulebook, resemblance_sentences=rulebook.resemblance_sentences[::10],
                               resemblance_digest=f"{tag}:{rulebook.resemblance_digest}")


def _fresh_process(monkeypatch, home):
    """As a new process sees it: nothing trained in memory, the cache folder under `home`."""
    monkeypatch.setenv("ESCUCHA_HOME", str(home))
    monkeypatch.setattr(resemblance, "_TRAINED", {})


def _probe_sentences():
    return [s.text for s in load_rulebook("en").resemblance_sentences[5::40]] + [UNMATCHED_APOLOGY["en"]]


def test_a_trained_pack_is_cached_and_a_later_process_loads_the_same_numbers(tmp_path, monkeypatch):
    pack = _small_pack()
    _fresh_process(monkeypatch, tmp_path)
    trained = resembler(pack)
    assert list((tmp_path / "resemblance").glob("en-*.npz"))
    _fresh_process(monkeypatch, tmp_path)
    monkeypatch.setattr(CueResembler, "train", classmethod(lambda cls, book: pytest.fail("trained again")))
    loaded = resembler(pack)
    assert loaded is not trained
    assert loaded._cues == trained._cues and (loaded._weights == trained._weights).all()
    sentences = _probe_sentences()
    assert [loaded(s) for s in sentences] == [trained(s) for s in sentences]
    assert any(trained(s) for s in sentences)  # the comparison is not between empty answers


def test_a_change_to_the_training_set_or_threshold_trains_afresh(tmp_path, monkeypatch):
    _fresh_process(monkeypatch, tmp_path)
    resembler(_small_pack())
    resembler(_small_pack("edited"))
    resembler(dataclasses.replace(_small_pack(), resemblance_threshold=0.9))
    assert len(list((tmp_path / "resemblance").glob("en-*.npz"))) == 3


def test_a_damaged_cache_entry_is_trained_again_and_rewritten(tmp_path, monkeypatch):
    pack = _small_pack()
    _fresh_process(monkeypatch, tmp_path)
    reference = resembler(pack)
    [entry] = (tmp_path / "resemblance").glob("en-*.npz")
    entry.write_bytes(b"not an npz file")
    _fresh_process(monkeypatch, tmp_path)
    again = resembler(pack)
    sentences = _probe_sentences()
    assert [again(s) for s in sentences] == [reference(s) for s in sentences]
    _fresh_process(monkeypatch, tmp_path)
    monkeypatch.setattr(CueResembler, "train", classmethod(lambda cls, book: pytest.fail("trained again")))
    assert resembler(pack)._cues == reference._cues  # the rewritten entry loads


def test_an_unwritable_cache_folder_costs_only_the_training(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.write_text("a file where the cache folder should be")
    _fresh_process(monkeypatch, home)
    assert resembler(_small_pack())._cues


def test_the_cache_keeps_the_most_recently_used_packs_per_language(tmp_path, monkeypatch):
    _fresh_process(monkeypatch, tmp_path)
    folder = tmp_path / "resemblance"
    folder.mkdir()
    stale = [folder / f"en-old{i}.npz" for i in range(CACHED_PACKS_PER_LANGUAGE + 2)]
    for age, path in enumerate(stale):
        path.write_bytes(b"")
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    (folder / "es-old.npz").write_bytes(b"")
    resembler(_small_pack())
    kept = {p.name for p in folder.glob("en-*.npz")}
    assert len(kept) == CACHED_PACKS_PER_LANGUAGE
    assert {p.name for p in stale[-(CACHED_PACKS_PER_LANGUAGE - 1):]} < kept  # the newest old ones stay
    assert (folder / "es-old.npz").exists()  # another language's packs are not counted


# A run-on sentence, as a recogniser writes it, with the apology in its middle (written for this test).
RUN_ON_APOLOGY = {
    "en": "right so i've pulled up the account and the order history and i can see the delivery notes from tuesday "
          "sorry you've been passed around like that could you confirm the postcode and the first line of the address "
          "for me",
    "es": "vale ya tengo su ficha abierta aquí perdone que le hayan tenido dando vueltas de un lado a otro me dice el "
          "código postal de la cuenta"}


def _with_cue(rulebook, cue: str, **changes):
    return dataclasses.replace(rulebook, cues={**rulebook.cues, cue: dataclasses.replace(rulebook.cues[cue], **changes)})


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_apology_inside_a_long_run_on_sentence_is_found_in_a_window_of_it(language):
    rulebook = load_rulebook(language)
    assert rulebook.cues["apology"].resemblance_windows
    def apologies(book):
        return [h for h in annotate(_call(language, RUN_ON_APOLOGY[language]), book)[2].hits if h.cue == "apology"]
    [hit] = apologies(rulebook)
    assert hit.resembled and hit.pattern_id.endswith(RESEMBLANCE_MARK)
    # the evidence is the window that reads like an apology, inside the whole sentence
    assert hit.text in hit.sentence and len(hit.text.split()) < len(hit.sentence.split())
    assert ("sorry" if language == "en" else "perdone") in hit.text
    assert not apologies(_with_cue(rulebook, "apology", resemblance_windows=False))


def test_a_cue_can_need_a_higher_probability_than_the_pack():
    """Churn threats need 0.9 where the pack needs 0.7: this musing reads like one at about 0.86 (written for this
    test; "I'm thinking about my options" reads as a threat at 0.92 since creek and dune's churn wordings trained
    the layer, and "I'm weighing up my options" since tarn and weir's did)."""
    rulebook = load_rulebook("en")
    assert rulebook.cue_threshold("churn_threat") == 0.9 and rulebook.cue_threshold("apology") == rulebook.resemblance_threshold
    musing = "I'm having a think about where I go from here."
    def threats(book):
        return [h for h in annotate(_call("en", musing, speaker="customer"), book)[2].hits if h.cue == "churn_threat"]
    assert not threats(rulebook)
    at_pack_threshold = _with_cue(rulebook, "churn_threat", resemblance_threshold=None)
    [hit] = threats(at_pack_threshold)
    assert rulebook.resemblance_threshold <= hit.confidence < 0.9
    assert at_pack_threshold.rule_version("churn_risk") != rulebook.rule_version("churn_risk")
    assert at_pack_threshold.rule_version("dead_air") == rulebook.rule_version("dead_air")


@pytest.mark.parametrize("value", [0, 1.5, "high", True])
def test_a_cue_threshold_outside_zero_to_one_is_refused(tmp_path, value):
    rules = _copy_rules(tmp_path)
    config = rules / "rules.toml"
    text = config.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("apology = {"))
    config.write_text(text.replace(line, line[:-2] + f", resemblance_threshold = {json.dumps(value)} }}"),
                      encoding="utf-8")
    with pytest.raises(RulePackError, match=r"rules\.toml: cue apology has resemblance_threshold"):
        load_rulebook("en", rules)


@pytest.mark.parametrize("language,text,cue", [
    ("en", "Keep your phone handy Friday, I'll be ringing with news.", "follow_up"),
    ("es", "Esto ya se lo he contado a ustedes más veces de las que recuerdo.", "repeat_contact")])
def test_follow_ups_and_repeat_contacts_no_pattern_knows_are_found_by_resemblance(language, text, cue):
    """They learn from the development splits' phrase banks (follow_callback, follow_case, repeat_contact, churn)."""
    assert cue not in {c for c, _, _ in match_text(text, language)}
    assert cue in {c for c, _ in resemble_text(text, language)}


LEAD_IN_STATEMENT = {  # written for this test
    "en": ("Hello, it's Ann from Leeds, and the signal here is poor, so bear with me; here goes: ",
           "I bought the modem outright and since the engineer came you bill it as rented."),
    "es": ("Buenas tardes, le llamo desde Soria y tengo poca cobertura, así que tenga paciencia; le cuento: ",
           "compré el módem en propiedad y desde que vino el técnico me lo cobran como alquilado."),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statement_after_the_customers_lead_in_is_also_read_on_its_own(language):
    """In the customer's first turn, what follows a lead-in's colon is read as well as the whole sentence (the
    lead-in dilutes it), and the hit quotes the statement; in a later turn only the whole sentence is read."""
    lead_in, statement = LEAD_IN_STATEMENT[language]
    hello = "Hello." if language == "en" else "Hola."

    def complaints(first_turn: bool):
        turns = [{"speaker": "agent", "start": 0.0, "end": 3.0, "text": "Good morning." if language == "en" else "Buenos días."}]
        if not first_turn:
            turns.append({"speaker": "customer", "start": 3.2, "end": 4.0, "text": hello})
        turns.append({"speaker": "customer", "start": 4.5, "end": 12.0, "text": lead_in + statement})
        call = transcript_from_dict({"call_id": "r1", "agent_id": "a1", "language": language, "turns": turns})
        return [h for h in annotate(call)[-1].hits if h.cue == "complaint"]

    [hit] = complaints(first_turn=True)
    assert hit.resembled and hit.text == statement and hit.sentence == (lead_in + statement).strip()
    assert not [h for h in complaints(first_turn=False) if h.text == statement]
