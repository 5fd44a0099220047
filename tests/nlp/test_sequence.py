"""The rules on whole calls: labelled positives and hard negatives, timing windows, speaker scope."""
from __future__ import annotations

import re

import pytest

from nlp.detect import analyse, detect
from nlp.rulebook import load_rulebook
from nlp.sequence import BARE_NEGATION_REPORTS, CORE_RULES
from speech.transcript_json import transcript_from_dict
from speech.types import Transcript, Turn, Word
from tests.conftest import case_to_transcript_dict, labelled_cases

CASES = [(lang, case) for lang in ("es", "en") for case in labelled_cases(lang)]


def _transcript(turns, language="es", call_id="c1") -> Transcript:
    return transcript_from_dict({"call_id": call_id, "agent_id": "a1", "language": language,
                                 "turns": [{"speaker": s, "start": a, "end": b, "text": t} for s, a, b, t in turns]})


def _core(findings) -> list[str]:
    return sorted({f.rule_id for f in findings} & set(CORE_RULES))


@pytest.mark.parametrize("language,case", CASES, ids=[c["call_id"] for _, c in CASES])
def test_labelled_call(language, case):
    """These hand-written calls are labelled for the four core rules (the corpus covers the others)."""
    findings = detect(transcript_from_dict(case_to_transcript_dict(case, language)))
    assert _core(findings) == sorted(case["expected_rules"]), [(f.rule_id, f.explanation) for f in findings]


@pytest.mark.parametrize("language,case", CASES, ids=[c["call_id"] for _, c in CASES])
def test_findings_point_inside_their_turn(language, case):
    transcript = transcript_from_dict(case_to_transcript_dict(case, language))
    for f in detect(transcript):
        if f.rule_id in ("dead_air", "interruption"):
            continue  # their evidence is a stretch of time, not words of the turn
        turn = transcript.turns[f.turn_index]
        assert turn.start_s <= f.start_s <= f.end_s <= turn.end_s
        assert f.speaker == turn.speaker
        assert f.evidence and f.evidence in turn.text
        assert re.match(rf"^\d+\.\d+\+{language}\.[0-9a-f]{{8}}$", f.rule_version), f.rule_version
        assert 0 < f.confidence <= 1


@pytest.mark.parametrize("language,complaint,apology", [
    ("es", "Es la tercera vez que llamo, esto es inaceptable.", "Lo siento mucho, ahora lo reviso."),
    ("en", "This is the third time I'm calling, it's unacceptable.", "I'm so sorry, let me check it now."),
])
@pytest.mark.parametrize("delay_s,flagged", [(5, False), (59.5, False), (60.5, True), (120, True)])
def test_apology_window_is_sixty_seconds_from_the_end_of_the_complaint(language, complaint, apology, delay_s, flagged):
    transcript = _transcript([("customer", 0, 10, complaint), ("agent", 10 + delay_s, 10 + delay_s + 3, apology)], language)
    rules = {f.rule_id for f in detect(transcript)}
    assert ("missing_apology" in rules) is flagged
    assert ("dead_air" in rules) is (delay_s >= 15)  # nobody speaks between complaint and apology


def test_no_complaint_never_needs_an_apology():
    transcript = _transcript([("agent", 0, 3, "Buenos días."), ("customer", 4, 8, "Quiero saber mi saldo."),
                              ("agent", 200, 203, "Su saldo es de veinte euros.")])
    assert "missing_apology" not in {f.rule_id for f in detect(transcript)}


@pytest.mark.parametrize("language,complaint,polite,apology", [
    ("en", "Every time it rains I lose the internet completely.", "Sorry, the line's a bit crackly, can you give me that again?",
     "I'm so sorry about the outages, let me check the line."),
    ("es", "Cada vez que llueve me quedo sin internet.", "Perdone, ¿me lo repite?", "Lo siento mucho, ahora reviso la línea."),
])
def test_sorry_before_asking_to_repeat_is_politeness_not_an_apology(language, complaint, polite, apology):
    """'Sorry, can you say that again?' does not answer a complaint; a real apology in the same turn still does."""
    opening = ("agent", 0, 3, "Hello, how can I help?" if language == "en" else "Hola, ¿en qué le ayudo?")
    only_polite = _transcript([opening, ("customer", 4, 9, complaint), ("agent", 10, 14, polite)], language)
    assert "missing_apology" in {f.rule_id for f in detect(only_polite)}
    both = _transcript([opening, ("customer", 4, 9, complaint), ("agent", 10, 14, polite), ("agent", 15, 19, apology)], language)
    assert "missing_apology" not in {f.rule_id for f in detect(both)}


def test_opening_question_about_the_recording_is_not_a_complaint():
    transcript = _transcript([("agent", 0, 3, "Hola, ¿en qué le ayudo?"),
                              ("customer", 4, 9, "Bueno, oye, ¿y esto queda grabado o no?"),
                              ("agent", 10, 14, "Sí, todas las llamadas se graban por calidad.")])
    assert "missing_apology" not in {f.rule_id for f in detect(transcript)}


@pytest.mark.parametrize("language,reason,flagged", [
    ("en", "Can I take money out without my card, using my phone?", False),
    ("en", "Yeah, so the problem is this: can you send me a reminder before the bill's due?", False),
    ("en", "My internet has been down for three days, can you fix it?", True),
    ("en", "Why is my internet still down?", True),
    ("es", "Vea, le comento: ¿qué pasa con mis minutos si no los uso todos?", False),
    ("es", "¿Puedo cambiar la fecha de corte de la tarjeta?", False),
    ("es", "Llevo tres días sin internet, ¿me lo pueden arreglar?", True),
    ("es", "¿Por qué todavía no tengo línea?", True),
    # lead-ins and framings before the question; a Spanish '¿' opens a question whatever word follows it
    ("en", "So the issue I have is that is there a fee for paying in another currency?", False),
    ("en", "Okay so, long story short, is there a fee for paying in another currency?", False),
    ("en", "My own problem is that can I switch from pay-as-you-go to a monthly plan?", False),
    ("en", "I'd like to know if I can pay my bill without the app.", False),
    ("es", "Vea, fíjese que ¿se acumulan los datos que no gasto de un mes al otro?", False),
    ("es", "Desde ayer no tengo línea, ¿me lo mira?", True),  # stated before the question
    # a failure in the if-clause of a question is hypothetical; in a statement 'if' is 'whenever'
    ("en", "If something's not right, what's the window for sending it back?", False),
    ("es", "Si el paquete llega roto, ¿qué tengo que hacer?", False),
    ("en", "If I pay by card it gets declined, every single time.", True),
    # an indirect question ('ringing to ask if', 'quería saber si') is a question without its '?'
    ("en", "So I'm ringing to ask if I can freeze my line for three months without paying.", False),
    ("es", "Le llamaba para preguntarle si puedo pausar la línea sin pagar la cuota.", False),
    ("en", "I'm ringing to ask if you can help, my card keeps getting declined.", True),
    # 'porque' is 'because', no 'why'; a framing before the '¿' leaves the sentence a question
    ("es", "Oiga, le llamo porque, ¿no me podría pasar con alguien de tarjetas?", False),
    ("es", "Oiga, ¿por qué no me pasan con alguien que lo sepa?", True),
    # a request gives its reasons: a bare negation after it is no failure, a failure named outright is
    ("en", "I'm ringing to see if I could pay the setup fee in two instalments; money's tight this month.", False),
    ("en", "I'd like the bill in my business's name, without changing who holds the line.", False),
    ("es", "Le cuento: quería pedir que me ampliaran el plazo de pago, que la cosecha aún no la he cobrado.", False),
    ("en", "I'd like a refund, you charged me twice for May.", True),
    # the reasons may come before the request; what a request asks to have done is no failure
    ("es", "Verá, acabo de llegar al país y no tengo historial de crédito; quería pedir que me aprueben el alta.", False),
    ("en", "My mum's moving into a home, so I wanted to ask for the exit penalty to be dropped.", False),
    ("en", "The penalty was dropped on my account without warning, and I'd like it back.", True),
    # what a colon introduces is the question itself
    ("es", "Mire, es por esto: ¿hacen ustedes entregas en fin de semana?", False),
    ("es", "Ve, es por esto: Oiga, ¿y me pondría con alguien de facturación?", False),
    ("en", "Please, I have an issue: am I allowed to plug in a router I bought myself?", False),
])
def test_a_question_for_information_reports_no_problem_but_one_asking_why_does(language, reason, flagged):
    """Negations and failure words in the reason for calling mark a problem, unless the customer is only asking."""
    opening = ("agent", 0, 3, "Hello, how can I help?" if language == "en" else "Hola, ¿en qué le ayudo?")
    answer = "Let me look at that for you." if language == "en" else "Déjeme revisarlo."
    transcript = _transcript([opening, ("customer", 4, 9, reason), ("agent", 10, 14, answer)], language)
    assert ("missing_apology" in {f.rule_id for f in detect(transcript)}) is flagged


def test_the_bare_negation_reports_named_in_the_code_are_in_the_rule_files():
    """A request's reasons are told from a failure by pattern id: renaming one of those patterns in a rule file
    must fail here, not silently flag requests again."""
    ids = {p.pattern_id for language in ("es", "en") for p in load_rulebook(language).patterns}
    assert set(BARE_NEGATION_REPORTS) <= ids


@pytest.mark.parametrize("language,closing", [("en", "No, all good, thanks for your time."),
                                              ("es", "No, gracias, eso era todo."),
                                              ("en", "Nothing else for today, thanks very much."),
                                              ("es", "Nada más por hoy, muchas gracias.")])
def test_no_thanks_after_a_transfer_is_not_a_retold_problem(language, closing):
    """The first long customer turn after a transfer is read as the problem told again; 'No, all good' is not."""
    en = language == "en"
    transcript = _transcript([
        ("agent", 0, 3, "Hello, how can I help?" if en else "Hola, ¿en qué le ayudo?"),
        ("customer", 4, 9, "I'd like to add a second line to my plan." if en else "Quería añadir una segunda línea."),
        ("agent", 10, 14, "I'll put you through to sales now." if en else "Le paso con ventas ahora mismo."),
        ("agent", 20, 24, "Sales, how can I help?" if en else "Ventas, ¿en qué le puedo ayudar?"),
        ("customer", 25, 28, closing)], language)
    assert "missing_apology" not in {f.rule_id for f in detect(transcript)}


def test_one_finding_per_unanswered_grievance():
    transcript = _transcript([("customer", 0, 5, "No funciona el internet."), ("agent", 6, 8, "Deme su número."),
                              ("customer", 9, 12, "Esto es inaceptable."), ("customer", 13, 15, "Estoy harto.")])
    assert [f.rule_id for f in detect(transcript)] == ["missing_apology"]
    events = analyse(transcript).events
    assert [e.kind for e in events] == ["complaint"] * 3 and [e.turn_index for e in events] == [0, 2, 3]


@pytest.mark.parametrize("language,text", [
    ("es", "No es mi culpa, eso no me corresponde a mí pagarlo."),
    ("en", "That's not my department's fault, it's billing's fault, not mine."),
])
def test_customer_words_never_count_as_agent_blame(language, text):
    transcript = _transcript([("agent", 0, 3, "Hola." if language == "es" else "Hello."), ("customer", 4, 9, text)], language)
    assert "blame_shifting" not in {f.rule_id for f in detect(transcript)}


def test_recording_notice_in_the_opening_is_routine_even_with_an_upset_customer_later():
    transcript = _transcript([
        ("agent", 0, 6, "Le informamos de que esta llamada está siendo grabada."),
        ("customer", 7, 12, "Estoy harto, me cobraron de más."),
        ("agent", 13, 17, "Lo siento mucho, lo reviso ahora."),
    ])
    assert detect(transcript) == []


def test_mid_call_recording_notice_without_dispute_is_not_intimidation():
    transcript = _transcript([
        ("agent", 0, 4, "Hola, ¿en qué le ayudo?"), ("customer", 5, 8, "Quiero cambiar mi plan."),
        ("agent", 60, 65, "Se cortó la llamada antes; le recuerdo que esta llamada está siendo grabada."),
    ])
    assert _core(detect(transcript)) == []


def test_word_timings_give_the_evidence_its_own_times_and_confidence():
    words = [Word(10.0 + i, 10.8 + i, w, p) for i, (w, p) in
             enumerate([("Eso", 0.9), ("no", 0.9), ("me", 0.5), ("corresponde.", 0.7)])]
    turn = Turn("agent", 10.0, 14.0, "Eso no me corresponde.", tuple(words))
    transcript = Transcript("c1", "a1", "es", None, 20.0, (turn,))
    (finding,) = detect(transcript)
    assert (finding.start_s, finding.end_s) == (11.0, 13.8)
    assert finding.confidence == pytest.approx((0.9 + 0.5 + 0.7) / 3, abs=1e-3)


def test_finding_ids_are_stable_across_runs():
    transcript = transcript_from_dict(case_to_transcript_dict(labelled_cases("en")[0], "en"))
    assert [f.finding_id for f in detect(transcript)] == [f.finding_id for f in detect(transcript)]


def _findings(language: str, turns: list[list]):
    case = {"call_id": "c", "expected_rules": [], "turns": turns}
    return detect(transcript_from_dict(case_to_transcript_dict(case, language)))


def _rules_after_the_customer_says(language: str, customer: str, *replies: str) -> set[str]:
    """The rules found when, after the agent's greeting, the customer says `customer` and the agent answers
    with `replies`, one turn each."""
    greeting = "Hello, how can I help?" if language == "en" else "Hola, ¿en qué le ayudo?"
    return {f.rule_id for f in _findings(language, [["agent", 0, 4, greeting], ["customer", 5, 12, customer]]
                                          + [["agent", 13 + 6 * i, 18 + 6 * i, r] for i, r in enumerate(replies)])}


def _rules_after_a_complaint(language: str, reply: str) -> set[str]:
    """The rules found when the agent answers a billing complaint with `reply`."""
    complaint = "You charged me twice this month." if language == "en" else "Me han cobrado dos veces este mes."
    return _rules_after_the_customer_says(language, complaint, reply)


def _rules_of(language: str, turns: list[list]) -> list[tuple[str, int, str]]:
    return [(f.rule_id, f.turn_index, f.explanation) for f in _findings(language, turns) if f.rule_id == "needless_transfer"]


def test_a_department_answering_with_no_transfer_heard_is_a_transfer():
    """What Whisper base made of an example call: 'le paso con el departamento de ventas' came out garbled,
    but the department answering mid-call still shows the transfer."""
    found = _rules_of("es", [
        ["agent", 0, 5, "Buenos días, atención al cliente, le atiende Jorge. ¿En qué le ayudo?"],
        ["customer", 6, 11, "Hola, quiero cambiar mi tarifa de móvil a una más barata."],
        ["agent", 12, 20, "Para eso repaso que en el departamento le ventas, un momento. Ventas, buenos días, ¿qué necesita?"],
        ["customer", 21, 29, "Otra vez tengo que explicarle todo. Quiero una tarifa más barata."]])
    assert len(found) == 1 and found[0][1] == 2
    assert "another department answers" in found[0][2] and "start over" in found[0][2]


def test_a_pickup_after_an_announced_transfer_is_the_same_transfer():
    found = _rules_of("en", [
        ["agent", 0, 4, "Good afternoon, how can I help?"],
        ["customer", 5, 10, "My internet has been down since Monday."],
        ["agent", 11, 15, "Let me transfer you to tech support."],
        ["agent", 20, 23, "Technical support, this is Sam."],
        ["customer", 24, 30, "Do I have to explain everything again?"]])
    assert len(found) == 1 and found[0][1] == 2 and "transfer number" not in found[0][2]


def test_a_department_greeting_in_the_opening_is_not_a_transfer():
    assert _rules_of("es", [
        ["agent", 0, 4, "Facturación, buenos días, le atiende Marta."],
        ["customer", 5, 10, "Me han cobrado dos veces la factura de mayo."],
        ["agent", 11, 16, "Lo reviso ahora mismo. Sí, veo el cargo duplicado, se lo devuelvo hoy."]]) == []


def _all_rules(language: str, turns: list[list]) -> set[str]:
    return {f.rule_id for f in _findings(language, turns)}


@pytest.mark.parametrize("language,routing,refusal", [
    ("en", "That's a collections matter, transferring you now.", "That's not my department, I'll transfer you to collections."),
    ("es", "Eso es tema de cobros, le transfiero ya.", "Eso no me corresponde, le transfiero con cobros."),
    # a deflection found by resemblance quotes the whole sentence, transfer included: routing
    ("en", "We don't process that here, it's faults'; connecting you now.", "That's not my department, I'll transfer you to collections."),
])
def test_naming_who_handles_it_while_transferring_is_routing_but_a_refusal_is_blame(language, routing, refusal):
    """'That's a collections matter, transferring you now' is judged as a transfer; 'not my department' is blame too."""
    en = language == "en"
    opening = ["agent", 0, 3, "Hello, how can I help?" if en else "Hola, ¿en qué le ayudo?"]
    reason = ["customer", 4, 9, "I was charged twice for May." if en else "Me han cobrado dos veces mayo."]
    apology = ["agent", 10, 13, "I'm so sorry about that." if en else "Lo siento mucho."]
    routed = _all_rules(language, [opening, reason, apology, ["agent", 14, 18, routing]])
    assert "needless_transfer" in routed and "blame_shifting" not in routed
    refused = _all_rules(language, [opening, reason, apology, ["agent", 14, 18, refusal]])
    assert {"needless_transfer", "blame_shifting"} <= refused


@pytest.mark.parametrize("language,handoff,pickup", [
    ("en", "I'll transfer you to logistics now.", "Hi, Tunde in logistics; I've got the handover notes, no need to start again."),
    ("es", "Le transfiero a logística ahora.", "Buenas, Ponciano de logística; ya tengo su caso delante, no hace falta que me lo repita."),
])
def test_a_pickup_that_already_has_the_case_makes_the_transfer_warm(language, handoff, pickup):
    """The agent who answers with the notes in hand shows the case was passed on; 'no need to start again' is no
    forced repeat."""
    en = language == "en"
    turns = [["agent", 0, 3, "Hello, how can I help?" if en else "Hola, ¿en qué le ayudo?"],
             ["customer", 4, 9, "My parcel never arrived." if en else "Mi paquete nunca llegó."],
             ["agent", 10, 14, "I'm so sorry. Let me check the tracking." if en else "Lo siento mucho. Déjeme revisar el envío."],
             ["agent", 15, 18, handoff], ["agent", 22, 28, pickup]]
    assert "needless_transfer" not in _all_rules(language, turns)
    cold = turns[:4] + [["agent", 22, 28, "Hi, logistics here. Nothing's on my screen, you'll have to explain it all again."
                         if en else "Hola, logística. No tengo nada anotado, tendrá que contármelo todo otra vez."]]
    assert "needless_transfer" in _all_rules(language, cold)


@pytest.mark.parametrize("language,pseudo", [
    ("en", "I'm sorry from the bottom of my heart, but that's been through every level and there's nothing left to do."),
    ("en", "Sorry you're upset, but we followed the procedure to the letter."),
    ("es", "Siento que esto le moleste, pero nosotros hemos seguido el procedimiento al pie de la letra."),
    ("en", "Sorry you expected something different, but I've checked and the charge is correct."),
    ("es", "Lamento que esperase otra cosa, pero lo he comprobado y el cargo es correcto."),
])
def test_a_sorry_undone_later_in_its_sentence_is_no_apology(language, pseudo):
    """Found by a phrase or by resemblance (which quotes the whole sentence), a refusal or brush-off after the
    'sorry' undoes it."""
    en = language == "en"
    transcript = _transcript([("agent", 0, 3, "Hello, how can I help?" if en else "Hola, ¿en qué le ayudo?"),
                              ("customer", 4, 9, "You cut off my line by mistake." if en else "Me cortaron la línea por error."),
                              ("agent", 10, 16, pseudo)], language)
    assert "missing_apology" in {f.rule_id for f in detect(transcript)}


@pytest.mark.parametrize("language,question", [("en", "Is there a way to tap and pay using my phone?"),
                                               ("en", "Okay, so like, is there a way to tap and pay using my phone?")])
def test_a_question_for_information_is_no_grievance_even_where_it_reads_like_one(language, question):
    transcript = _transcript([("agent", 0, 3, "Hello, how can I help?"), ("customer", 4, 9, question),
                              ("agent", 10, 14, "Yes, you can add your card to the wallet app.")], language)
    assert "missing_apology" not in {f.rule_id for f in detect(transcript)}


def test_a_sorry_followed_by_a_brush_off_is_no_apology_and_the_brush_off_is_no_blame():
    """'Siento que le haya sentado mal, pero no hemos hecho nada fuera de lo normal' answers a complaint with a
    dismissal: no apology, and (a dismissal rules out a deflection by resemblance) no blame either."""
    transcript = _transcript([
        ("agent", 0, 3, "Hola, ¿en qué le ayudo?"),
        ("customer", 4, 10, "Me han bloqueado la tarjeta sin avisar y no puedo pagar nada."),
        ("agent", 11, 16, "Siento que le haya sentado mal, pero nosotros no hemos hecho nada fuera de lo normal."),
        ("customer", 17, 19, "Bueno, pues nada."),
    ], "es")
    rules = {f.rule_id for f in detect(transcript)}
    assert "missing_apology" in rules and "blame_shifting" not in rules


@pytest.mark.parametrize("language,reply,empathy", [
    ("es", "Ya, ya, le entiendo, pero antes necesito su DNI para ubicarle.", False),
    ("es", "Le entiendo perfectamente; vamos a revisarlo ahora mismo.", True),
    ("en", "I understand, but first I need your account number.", False),
    ("en", "I understand how frustrating that is. Let me look into it.", True),
    # a brush-off after it in the sentence takes it back too; one inside its own words does not
    ("es", "Le entiendo perfectamente, aunque la norma se aplica a todos los clientes por igual.", False),
    ("es", "Es totalmente válido que se sienta así; déjeme revisarlo.", True),
])
def test_a_but_straight_after_an_acknowledgement_takes_it_back(language, reply, empathy):
    en = language == "en"
    transcript = _transcript([("agent", 0, 3, "Hello, how can I help?" if en else "Hola, ¿en qué le ayudo?"),
                              ("customer", 4, 9, "My parcel never arrived." if en else "Mi paquete nunca llegó."),
                              ("agent", 10, 16, reply)], language)
    assert ("empathy" in {f.rule_id for f in detect(transcript)}) is empathy


@pytest.mark.parametrize("language,owning", [
    ("es", "Aquí quien falló fuimos nosotros, y yo personalmente lo dejo corregido."),
    ("es", "La equivocación fue de la compañía, no de usted, y me toca a mí enmendarla."),
])
def test_words_that_own_the_mistake_are_no_deflection(language, owning):
    """'Quien falló' reads as a deflection on its own; 'quien falló fuimos nosotros' owns it (ownership
    overrides the deflection words it spans)."""
    transcript = _transcript([("agent", 0, 3, "Hola, ¿en qué le ayudo?"),
                              ("customer", 4, 9, "Me cobraron dos veces la misma factura."),
                              ("agent", 10, 14, "Lo siento mucho, déjeme revisarlo."),
                              ("agent", 15, 22, owning)], language)
    rules = {f.rule_id for f in detect(transcript)}
    assert "ownership" in rules and "blame_shifting" not in rules


@pytest.mark.parametrize("language,refusal", [
    ("es", "Lo siento, pero por mi parte no queda nada que yo pueda hacer."),
    ("es", "Por mi parte no hay nada que yo pueda hacer, lo siento."),
])
def test_a_refusal_in_the_sentence_owns_nothing(language, refusal):
    """'Por mi parte' reads as ownership on its own; 'por mi parte no queda nada que yo pueda hacer' refuses."""
    en = language == "en"
    transcript = _transcript([("agent", 0, 3, "Hello, how can I help?" if en else "Hola, ¿en qué le ayudo?"),
                              ("customer", 4, 9, "I was charged twice for May." if en else "Me cobraron dos veces mayo."),
                              ("agent", 10, 16, refusal)], language)
    rules = {f.rule_id for f in detect(transcript)}
    assert "helpless_refusal" in rules and "ownership" not in rules


def test_a_pickup_found_by_two_patterns_is_one_landing():
    """'Hi, Chris from logistics' is a pickup twice over (two patterns); it lands the announced transfer once,
    and is no second, unannounced transfer."""
    transcript = _transcript([("agent", 0, 3, "Hello, how can I help?"),
                              ("customer", 4, 9, "My parcel never arrived."),
                              ("agent", 10, 14, "I'm so sorry. Let me check the tracking."),
                              ("agent", 15, 20, "I'm going to put you through to logistics; I've briefed them on everything."),
                              ("agent", 24, 28, "Hi, Chris from logistics, I've got my colleague's notes.")], "en")
    assert "needless_transfer" not in {f.rule_id for f in detect(transcript)}


@pytest.mark.parametrize("language,limit,blame", [
    ("en", "Taking it off isn't my department; what I can do straight away is put a credit in your favour.", False),
    ("en", "Taking it off isn't my department.", True),
    ("es", "Echar atrás el cargo no me corresponde a mí, pero le aplico ahora una bonificación equivalente.", False),
    ("es", "Echar atrás el cargo no me corresponde a mí.", True),
])
def test_a_limit_named_while_offering_something_instead_is_no_blame(language, limit, blame):
    en = language == "en"
    transcript = _transcript([("agent", 0, 3, "Hello, how can I help?" if en else "Hola, ¿en qué le ayudo?"),
                              ("customer", 4, 9, "I was charged twice for May." if en else "Me cobraron dos veces mayo."),
                              ("agent", 10, 13, "I'm so sorry about that." if en else "Lo siento mucho."),
                              ("agent", 14, 20, limit)], language)
    assert ("blame_shifting" in {f.rule_id for f in detect(transcript)}) is blame


def test_a_hold_is_no_transfer_even_where_a_transfer_phrase_matched():
    """'Le paso a espera' holds the customer; it sends them nowhere."""
    assert _rules_of("es", [
        ["agent", 0, 4, "Buenos días, le atiende Marta. ¿En qué le ayudo?"],
        ["customer", 5, 12, "Quería saber qué velocidad de subida tengo con mi tarifa."],
        ["agent", 13, 20, "Lo tengo que buscar en otro sistema, así que le paso a espera un momento."],
        ["agent", 40, 45, "Su tarifa es simétrica, con la misma subida que bajada."]]) == []


@pytest.mark.parametrize("language,apology_turn,owned", [
    ("en", "Our mistake entirely, and my apologies for it.", False),
    ("en", "My apologies. It was our mistake, and I'll put it right myself.", True),
    ("es", "Perdone usted: metimos la pata, y bien metida.", False),
])
def test_a_fault_admitted_in_the_apology_s_sentence_is_the_apology(language, apology_turn, owned):
    rules = _rules_after_a_complaint(language, apology_turn)
    assert ("ownership" in rules) is owned and "missing_apology" not in rules


def test_a_negation_in_the_clause_before_does_not_cancel_a_cue_that_opens_on_its_subject():
    """Unpunctuated recogniser text runs clauses together: 'it was never dispatched i'll personally make sure'."""
    rules = {f.rule_id for f in _findings("en", [
        ["agent", 0, 4, "hello how can i help"],
        ["customer", 5, 12, "my new card never arrived"],
        ["agent", 13, 20, "we left it in the warehouse and it was never dispatched i'll personally make sure this gets resolved today"]])}
    assert "ownership" in rules


@pytest.mark.parametrize("agent,transfer", [
    ("una disculpa de verdad no debió pasar le transfiero con cobros", True),
    ("no le transfiero con cobros porque esto lo resuelvo yo", False),
    ("no quiero que le transfieran con cobros, lo veo yo", False),
])
def test_a_negation_reaches_no_finite_verb_of_a_new_clause(agent, transfer):
    """'no debió pasar le transfiero': a negated verb takes an infinitive, so a cue with its own finite verb
    after it starts a new clause (run together in unpunctuated text); a subordinate clause stays negated."""
    rules = {f.rule_id for f in _findings("es", [
        ["agent", 0, 4, "hola en qué le ayudo"],
        ["customer", 5, 12, "me han cobrado dos veces la factura de este mes"],
        ["agent", 13, 20, agent]])}
    assert ("needless_transfer" in rules) is transfer


@pytest.mark.parametrize("language,reply,empathy", [
    ("en", "I'm so very sorry; you're completely right.", False),
    ("en", "I'm so very sorry. You're completely right to be upset about it.", True),
    ("es", "Lo siento muchísimo, tiene usted toda la razón.", False),
    ("es", "Lo siento muchísimo. Tiene usted toda la razón en quejarse.", True),
])
def test_agreeing_in_the_apology_s_own_sentence_is_the_apology(language, reply, empathy):
    """'I'm so sorry; you're right' is one apology, not an apology plus an acknowledgement of feelings;
    agreeing in a sentence of its own still acknowledges them."""
    rules = _rules_after_a_complaint(language, reply)
    assert ("empathy" in rules) is empathy and "missing_apology" not in rules


@pytest.mark.parametrize("closing,follow_up", [
    ("Le mando esta tarde el justificante por correo.", True),
    ("Eso lo ve el equipo de tarjetas, así que le mando para allá.", False),
])
def test_sending_the_customer_somewhere_is_no_follow_up(closing, follow_up):
    rules = {f.rule_id for f in _findings("es", [
        ["agent", 0, 4, "Hola, ¿en qué le ayudo?"],
        ["customer", 5, 12, "Quería saber si ya salió mi tarjeta nueva."],
        ["agent", 13, 18, closing]])}
    assert ("follow_up" in rules) is follow_up


@pytest.mark.parametrize("language,reason,complaint", [
    ("en", "hello there good evening to you please can i pay with my phone without the physical card", False),
    ("es", "hola qué tal oiga yo le llamo porque cuánto me cobran por sacar dinero en otro banco", False),
    ("es", "hola buenas con quién hablo bueno es que puedo cambiar la fecha de corte de la tarjeta", False),
    # a statement before the question, or an opener inside a statement, is still the problem
    ("en", "hi morning yeah so the problem is this yesterday the atm showed an error and gave me nothing", True),
    ("en", "the card was declined twice can you check it", True),
    ("es", "cada mes en cuanto mis hijos ven un par de películas la conexión no funciona", True),
])
def test_an_unpunctuated_question_is_found_by_its_opening(language, reason, complaint):
    """Recogniser text has no '?': a question shows by its opening after greetings and lead-ins."""
    en = language == "en"
    rules = {f.rule_id for f in _findings(language, [
        ["agent", 0, 4, "hello how can i help" if en else "hola en qué le ayudo"],
        ["customer", 5, 14, reason],
        ["agent", 15, 20, "let me have a look at your account" if en else "déjeme revisar su cuenta"],
        ["agent", 90, 95, "all done have a nice day" if en else "listo que tenga buen día"]])}
    assert ("missing_apology" in rules) is complaint


@pytest.mark.parametrize("language,reply,empathy", [
    ("es", "Uf, lo siento mucho, qué rabia que le haya pasado esto.", False),
    ("en", "I'm so sorry about this, what a nightmare for you.", False),
    # recogniser text runs the turn into one sentence: the acknowledgement beside the apology stands
    ("es", "comprendo que esto le haya sentado fatal le pido disculpas por las molestias", True),
])
def test_an_acknowledgement_in_the_apology_s_punctuated_sentence_is_the_apology(language, reply, empathy):
    rules = _rules_after_a_complaint(language, reply)
    assert ("empathy" in rules) is empathy and "missing_apology" not in rules


@pytest.mark.parametrize("language,closing", [
    ("en", "no i'm all good cheers"),
    ("en", "no more you've sorted the main thing"),
])
def test_a_closing_after_a_transfer_retells_no_problem(language, closing):
    rules = {f.rule_id for f in _findings(language, [
        ["agent", 0, 4, "Hello, how can I help?"],
        ["customer", 5, 12, "Could you tell me my balance, please?"],
        ["agent", 13, 18, "Let me put you through to accounts."],
        ["agent", 25, 30, "Accounts, good afternoon, your balance is forty pounds. Anything else?"],
        ["customer", 31, 35, closing]])}
    assert "missing_apology" not in rules


@pytest.mark.parametrize("language,reply,apologised", [
    ("en", "I'm sorry you're upset, though we did everything correctly.", False),
    ("en", "Sorry if that came across badly; the fee stands.", False),
    ("es", "Perdone si le ha sentado mal; el cargo se queda.", False),
    ("en", "I'm sorry about what's happened to you could you spell your surname for me", True),
    ("en", "Sorry, could you spell your surname for me?", False),
])
def test_regret_for_feelings_or_a_bare_sorry_before_a_request_to_repeat_is_no_apology(language, reply, apologised):
    """'Sorry you're upset' regrets the customer's feelings, not what happened; a sorry that names what it is
    for is an apology even when a request to repeat follows it."""
    assert ("missing_apology" not in _rules_after_a_complaint(language, reply)) is apologised


@pytest.mark.parametrize("language,reason", [
    ("en", "Will there be a record of this call? I'm asking in case I need to complain later."),
    ("es", "¿Queda grabada esta llamada? Lo pregunto por si luego tengo que poner una queja."),
])
def test_a_grievance_in_an_in_case_clause_is_hypothetical(language, reason):
    reply = "Yes, you can ask for a copy in writing." if language == "en" else "Sí, puede pedir una copia por escrito."
    assert "missing_apology" not in _rules_after_the_customer_says(language, reason, reply)


@pytest.mark.parametrize("language,survey", [
    ("en", "If you'd like to give feedback, stay on the line after we finish and a recording will ask you two questions."),
    ("es", "Si quiere valorar la atención, quédese en la línea al colgar y una grabación le hará dos preguntas."),
])
def test_a_recording_that_plays_on_the_line_after_the_call_is_no_threat(language, survey):
    rules = _rules_after_a_complaint(language, survey)
    assert "recording_intimidation" not in rules and "missing_apology" in rules


@pytest.mark.parametrize("language,check", [
    ("es", "A ver qué día le pasamos al transportista como fecha de entrega..."),
    ("en", "Now, did the suspension ever make it through to billing?"),
])
def test_a_transfer_word_inside_a_question_is_no_transfer(language, check):
    en = language == "en"
    assert _rules_of(language, [
        ["agent", 0, 4, "Hello, how can I help?" if en else "Hola, ¿en qué le ayudo?"],
        ["customer", 5, 12, "My delivery came a day early and went back." if en else "El pedido llegó un día antes y se lo llevaron."],
        ["agent", 13, 18, check],
        ["agent", 20, 26, "I've booked it again free of charge." if en else "Se lo vuelvo a enviar sin coste."]]) == []


def test_a_negated_question_asks_for_the_transfer():
    """'Can you not just connect me...?' asks to be put through: the transfer that follows is not needless."""
    assert _rules_of("en", [
        ["agent", 0, 4, "Hello, how can I help?"],
        ["customer", 5, 10, "Can you not just connect me with the tech support team?"],
        ["agent", 11, 14, "Of course, I'll connect you to tech support now."]]) == []


@pytest.mark.parametrize("language,refusal,helpless", [
    ("es", "Así está y así se queda; no tengo otra opción.", True),
    ("es", "Eso así no, pero tengo otra opción: le hago un abono.", False),
])
def test_a_negated_offer_offers_nothing(language, refusal, helpless):
    assert ("helpless_refusal" in _rules_after_a_complaint(language, refusal)) is helpless


@pytest.mark.parametrize("language,statement,churn", [
    ("es", "Me he quedado sin fibra porque han pasado mi línea a otra compañía sin que yo lo pidiera.", False),
    ("es", "Ayer me llegó un SMS diciendo que se había completado mi cambio de operador.", False),
    ("es", "Si esto no se arregla, me llevo todos mis servicios a otra empresa.", True),
    ("en", "My broadband's gone because you've moved my line to another provider without me asking.", False),
    ("en", "Another company's already called offering me the same for less, and I'm thinking about it.", True),
])
def test_a_move_someone_else_made_is_no_churn_threat(language, statement, churn):
    assert ("churn_risk" in _rules_after_the_customer_says(language, statement)) is churn


@pytest.mark.parametrize("language,statement,repeat", [
    ("es", "Presenté la reclamación con todos los papeles y la aseguradora me la ha rechazado.", False),
    ("es", "Puse una reclamación hace un mes y nadie me ha contestado.", True),
    ("en", "Another company's already called me about a cheaper deal.", False),
])
def test_a_claim_with_an_insurer_or_a_call_from_someone_else_is_no_repeat_contact(language, statement, repeat):
    assert ("repeat_contact" in _rules_after_the_customer_says(language, statement)) is repeat


@pytest.mark.parametrize("language,reply", [
    ("en", "I'm so sorry; I have to be sure I'm speaking to the account holder, otherwise the system won't even let me look."),
    ("es", "Lo siento mucho; necesito confirmar que hablo con la persona titular, porque si no, el sistema no me deja ni mirar la cuenta."),
])
def test_a_limit_given_as_the_reason_to_verify_the_caller_is_procedure(language, reply):
    """Not a refusal, not blame, and it does not take back the apology before it."""
    rules = _rules_after_a_complaint(language, reply)
    assert not rules & {"helpless_refusal", "blame_shifting", "missing_apology"}, rules


@pytest.mark.parametrize("language,reply", [
    ("es", "El sistema no me permite tocarlo."),
    ("en", "I wish I could, but the system won't allow it."),
])
def test_the_system_not_letting_me_is_a_refusal_not_blame(language, reply):
    """In the labelled calls "the system won't let me" is never the blame: it is a refusal with nothing offered."""
    rules = _rules_after_a_complaint(language, reply)
    assert "helpless_refusal" in rules and "blame_shifting" not in rules, rules


def test_owning_before_the_customer_has_spoken_is_a_greeting():
    rules = {f.rule_id for f in _findings("en", [
        ["agent", 0, 6, "Hello, you've reached Acme; whatever it is, I'm the one dealing with it today."],
        ["customer", 7, 12, "Can I add a second line to my plan?"],
        ["agent", 13, 17, "Yes, it's ten dollars a month."]])}
    assert "ownership" not in rules


def test_saying_who_is_away_is_no_blame():
    rules = _rules_after_a_complaint("en", "Whoever approves those exceptions isn't back until Monday; you'll need to call then.")
    assert "blame_shifting" not in rules and "owner_unavailable" in rules


@pytest.mark.parametrize("language,question", [
    ("es", "¿Cuánto se tarda en resolver una reclamación de facturación?"),
    ("en", "How long does a complaint about a bill usually take?"),
])
def test_a_question_that_only_names_a_complaint_is_no_grievance(language, question):
    reply = "About ten working days." if language == "en" else "Unos diez días hábiles."
    assert "missing_apology" not in _rules_after_the_customer_says(language, question, reply)


def test_a_greeting_that_asks_how_you_are_does_not_make_a_statement_a_question():
    rules = {f.rule_id for f in _findings("es", [
        ["agent", 0, 4, "hola en qué le ayudo"],
        ["customer", 5, 14, "buenos días cómo me le va le cuento tengo tres reclamos abiertos y ninguno avanza"],
        ["agent", 15, 19, "a ver su número de cliente"]])}
    assert "missing_apology" in rules


@pytest.mark.parametrize("language,statement,repeat", [
    ("es", "Le hablo desde el coche; si me pierde, espéreme, que vuelvo a llamar. Me han cobrado dos veces.", False),
    ("en", "If we get cut off I'll just ring again. You've charged me twice.", False),
    ("en", "If you look back at my calls you'll see I reported this on the fifth and the twelfth.", True),
    ("es", "Y nada, hoy vuelvo a llamar porque sigue igual.", True),
])
def test_a_contact_an_if_clause_leads_up_to_is_a_plan(language, statement, repeat):
    assert ("repeat_contact" in _rules_after_the_customer_says(language, statement)) is repeat


@pytest.mark.parametrize("language,statement,churn", [
    ("en", "How much notice do I need to give to cancel?", False),
    ("en", "morning love right it's about this is there a charge for cancelling my contract", False),
    ("en", "I cancelled the contract a week after signing and my last bill's got an exit charge on it.", False),
    ("en", "I want to cancel my contract, I'm done with you.", True),
])
def test_asking_what_leaving_costs_or_telling_a_past_cancellation_is_no_churn_threat(language, statement, churn):
    assert ("churn_risk" in _rules_after_the_customer_says(language, statement)) is churn


@pytest.mark.parametrize("language,reason", [
    ("es", "Mire, le cuento: Quería pedir que me aplacen el recibo de este mes hasta el día veinte, que cobro tarde."),
    ("en", "Right, it's about this: I wanted to ask if this month's payment can be pushed back, as I get paid late."),
    ("en", "I need a second line set up in my son's name without him having to come in and sign."),
    ("es", "buenas cómo andás te cuento cuánto cuesta la reconexión si me suspenden la línea"),
    ("es", "Enviudé en marzo y quiero poner el contrato a mi nombre sin pagar la tarifa de cambio de titular."),
])
def test_a_request_s_reason_or_a_conditional_in_an_unpunctuated_question_is_no_grievance(language, reason):
    reply = "Yes, I can do that for you now." if language == "en" else "Sí, se lo dejo hecho ahora mismo."
    assert "missing_apology" not in _rules_after_the_customer_says(language, reason, reply)


@pytest.mark.parametrize("language,fix,follow_up", [
    ("es", "Le mando hoy el artículo correcto sin coste y un mensajero recoge el equivocado en su casa.", False),
    ("en", "I'll send the right item out today, and a courier will collect the wrong one.", False),
    ("es", "Le quito el recargo y le mando un técnico el jueves para cambiarle el router.", False),
    ("en", "I'm waiving the fee and sending an engineer out on Thursday to swap the router.", False),
    ("es", "Le mando esta tarde el justificante por correo.", True),
])
def test_sending_goods_or_a_technician_is_the_fix_not_a_next_contact(language, fix, follow_up):
    rules = _rules_after_a_complaint(language, fix)
    assert ("follow_up" in rules) is follow_up and "blame_shifting" not in rules


@pytest.mark.parametrize("language,reply,blame", [
    ("es", "Le devuelvo la comisión; el bloqueo fue culpa de nuestro terminal.", False),
    ("es", "Esto no tiene excusa: la culpa es de la empresa, y le pido perdón.", False),
    ("es", "La culpa es de la empresa de transporte, que no avisó.", True),
    ("es", "Nosotros bien; el error fue de la empresa de paquetería que lleva los envíos.", True),
    ("es", "Fue culpa de ellos, no nuestra; ahí nosotros no podemos hacer nada.", True),
    ("en", "I'm pulling up that machine's fault report now.", False),
    ("en", "It's the courier's fault, not ours.", True),
])
def test_a_fault_that_is_ours_or_a_report_is_no_blame(language, reply, blame):
    assert ("blame_shifting" in _rules_after_a_complaint(language, reply)) is blame


@pytest.mark.parametrize("request_", ["Oiga, ¿no me podría poner con soporte técnico?", "¿No me pasa con facturación?"])
def test_a_negated_spanish_question_asks_for_the_transfer(request_):
    rules = _rules_after_the_customer_says("es", request_, "Claro, le paso con ellos ahora mismo; no cuelgue.")
    assert "needless_transfer" not in rules


@pytest.mark.parametrize("language,reply,blame", [
    ("en", "Approving that isn't mine to do; what I am authorised to do is credit 48 dollars today.", False),
    ("en", "Calm down or I end the call and your case goes to another department.", False),
    ("es", "Por nuestra parte todo se hizo bien; la culpa está en el almacén, que no lo validó.", True),
])
def test_a_limit_with_a_way_forward_or_part_of_a_threat_is_no_blame(language, reply, blame):
    rules = _rules_after_a_complaint(language, reply)
    assert ("blame_shifting" in rules) is blame and "ownership" not in rules


@pytest.mark.parametrize("language,reply,transfer", [
    ("es", "Tiene que hablar con logística; no se retire.", True),
    ("en", "Not mine, that's tech support, hold on.", True),
    ("en", "Hold on for tech support, sir.", True),  # the hold notice opens the transfer, it does not replace it
    ("es", "Le pongo en espera un minuto mientras consulto con facturación; no corte, por favor.", False),
])
def test_naming_where_the_matter_belongs_then_a_hold_puts_the_call_through(language, reply, transfer):
    assert ("needless_transfer" in _rules_after_a_complaint(language, reply)) is transfer


def test_a_dead_end_said_of_the_one_who_is_away_is_owner_unavailable():
    rules = _rules_after_a_complaint("en", "Only the area manager can sign that and he's away until Monday; there's "
                                           "no way to queue it from here, so you'll have to ring again and ask for him.")
    assert "owner_unavailable" in rules and "helpless_refusal" not in rules


def test_a_transfer_s_wording_in_the_greeting_is_no_transfer():
    """'What's brought you to the phone?' opens the call: nothing can be transferred before the customer speaks."""
    assert _rules_of("en", [
        ["agent", 0, 4, "Hello there, Kelpie Telecom, Zanele speaking; what's brought you to the phone the day?"],
        ["customer", 5, 12, "You've charged me twice this month."],
        ["agent", 13, 18, "I'm refunding the second charge now."]]) == []


@pytest.mark.parametrize("language,asked,transfer", [
    ("es", "hola qué tal verá póngame con logística que allí ya saben lo mío", "claro quédese en línea mientras le transfiero"),
    ("en", "Is there any way to get tech support on the line?", "Sure thing, passing you to tech support."),
])
def test_a_transfer_the_customer_asked_for_is_not_needless(language, asked, transfer):
    assert _rules_of(language, [
        ["agent", 0, 4, "Hello, how can I help?" if language == "en" else "Hola, ¿en qué le ayudo?"],
        ["customer", 5, 12, asked],
        ["agent", 13, 18, transfer]]) == []


@pytest.mark.parametrize("language,reply,genuine", [
    ("en", "Sorry, but that was all in the terms you accepted.", False),
    ("es", "Lo lamento, pero eso venía en las condiciones que firmó.", False),
    ("en", "I'm sorry, but I'll sort the refund myself right now.", True),
    ("en", "Sorry, but the fee is right as it stands.", False),  # the phrase "Sorry, but" ends past its comma
    ("en", "I'm so sorry about the double charge; I'm refunding it now.", True),
    ("en", "Sorry and all, but it's been applied correctly.", False),  # a filler before the but softens nothing
    ("es", "Lo siento; aun así, el cargo se aplicó bien.", False),  # "aun así", "even so": a but in other words
    ("en", "Sorry; even so, the fee stands as billed.", False),
])
def test_a_sorry_that_a_but_turns_at_once_is_a_pseudo_apology(language, reply, genuine):
    """In every labelled call, "sorry, but..." / "lo siento, pero..." leads to a refusal or a brush-off: it is no
    apology, unless the agent owns the fix in the same sentence."""
    assert ("missing_apology" not in _rules_after_a_complaint(language, reply)) == genuine


@pytest.mark.parametrize("language,reply", [
    ("en", "I'm sorry you're cross, but the amount billed is right."),
    ("es", "Siento que esté tan molesto, pero el importe es correcto."),
    ("es", "Siento mucho que piense eso, pero he revisado cada línea y todo corresponde a lo que firmó."),
    ("es", "Siento que no le guste, pero el cobro está bien hecho."),
    ("es", "Siento que se haya enfadado, pero el cobro es correcto."),
    ("en", "Sorry you see it like that; the contract's clear, though."),
    ("es", "Lamento su molestia; el cobro se hizo según el contrato."),  # "su molestia": the customer's annoyance
    ("en", "I'm sorry for your frustration; the charge was applied correctly."),
])
def test_regret_for_the_customer_being_cross_is_no_apology(language, reply):
    assert "missing_apology" in _rules_after_a_complaint(language, reply)


@pytest.mark.parametrize("language,asked", [
    ("en", "My dad lives alone; I'd like his line flagged for priority repair if it ever goes down."),
    ("es", "Mi padre vive solo; querría que su línea tuviera prioridad de reparación en caso de avería."),
    ("en", "Could someone sign a letter saying I've no arrears? The bank wants it."),
])
def test_a_request_about_a_fault_that_may_come_is_no_grievance(language, asked):
    reply = "Done, it's on the account now." if language == "en" else "Hecho, ya consta en la cuenta."
    assert "missing_apology" not in _rules_after_the_customer_says(language, asked, reply)


def test_an_attempt_in_the_greeting_does_not_excuse_a_transfer():
    """'Mientras me cuenta, voy mirando su ficha' is said before the customer speaks: the agent has not tried to
    solve anything when the call is passed straight on."""
    found = _rules_of("es", [
        ["agent", 0, 5, "Buenos días, le atiende Jorge; mientras me cuenta, voy mirando su ficha."],
        ["customer", 6, 14, "Me han bloqueado la tarjeta y no puedo pagar nada."],
        ["agent", 15, 20, "De eso se encarga tarjetas; le derivo enseguida."]])
    assert found and "no attempt to resolve" in found[0][2], found


@pytest.mark.parametrize("language,reason,problem", [
    ("en", "Morning, I'm ringing from Leeds with a bit of a problem: lockers keep parcels how long?", False),
    ("en", "hello ringing from widecombe about a problem what's included in premium support", False),
    ("en", "Good morning, calling from Pune regarding one issue: our cricket club wants ten phones; who approves it?", False),
    ("es", "épale buenas mire chamo le echo el cuento cuánto cobran por descubierto", False),
    ("en", "I'm ringing with a bit of a problem: my router keeps dropping, what can you do?", True),
])
def test_a_problem_named_before_a_plain_question_is_the_question(language, reason, problem):
    """'With a bit of a problem:' only leads into the reason for calling; when a plain question follows, the
    customer is asking, not reporting a fault."""
    reply = "Three days, then it goes back." if language == "en" else "Son tres días y luego se devuelve."
    assert ("missing_apology" in _rules_after_the_customer_says(language, reason, reply)) == problem


@pytest.mark.parametrize("language,reason,flagged", [
    ("en", "The parcel is late again, it was due on Friday.", True),
    ("en", "Can I pay the bill by card instead?", False),
])
def test_the_recording_brought_up_after_a_reported_problem_is_intimidation(language, reason, flagged):
    """The reason for calling that reports a problem is the dispute in sight: bringing up the recording after it,
    past the opening, presses the customer; after a plain question it is a neutral reminder."""
    rules = {f.rule_id for f in _findings(language, [
        ["agent", 0, 4, "Hello, how can I help?"], ["customer", 5, 12, reason],
        ["agent", 40, 45, "Just so you know, this call is recorded."]])}
    assert ("recording_intimidation" in rules) == flagged


def test_a_fault_owned_is_no_attempt_to_resolve_before_a_transfer():
    """'The fault is ours' owns the fault; it diagnoses nothing, so the transfer straight after it is unattempted."""
    found = _rules_of("en", [
        ["agent", 0, 4, "Hello, how can I help?"],
        ["customer", 5, 12, "The website shows my new address, but the parcel went to the old one."],
        ["agent", 13, 20, "I do apologise: the fault is ours and ours alone. Over to logistics."]])
    assert found and "no attempt to resolve" in found[0][2], found


def test_a_sentence_that_reads_more_like_a_refusal_than_a_deflection_is_the_refusal():
    """Both are found only by resemblance in "Hasta ahí no llego yo...": the likelier reading wins."""
    rules = _rules_after_the_customer_says("es", "Me han cobrado dos veces este mes.",
                                           "Hasta ahí no llego yo, de ninguna manera.")
    assert "helpless_refusal" in rules and "blame_shifting" not in rules


@pytest.mark.parametrize("language,reason,problem", [
    ("en", "Hiya, I'm on a farm and the signal's shocking, so if I vanish, just hold on: how much is an extra router?", False),
    ("es", "Buenos días; hay un asunto que no entiendo: me pide el banco un certificado de estar al corriente de pago.", False),
    ("en", "Hiya, the signal's fine today: you've charged me twice this month.", True),
])
def test_what_the_customer_says_about_this_call_s_line_reports_no_problem(language, reason, problem):
    """"The signal's shocking, so if I vanish, hold on" speaks of the call itself; "un asunto que no entiendo"
    only leads in. Neither is the problem the customer rings about."""
    reply = "That's 29 dollars." if language == "en" else "Se lo mando hoy mismo por correo."
    assert ("missing_apology" in _rules_after_the_customer_says(language, reason, reply)) == problem


@pytest.mark.parametrize("language,reply,blame", [
    ("en", "Not us, duck; fraud, hold on.", False),
    ("es", "Eso no es nuestro: logística, allá le mando.", False),
    ("en", "I only do returns; billing are your people, transferring you.", True),
])
def test_a_bare_not_ours_routes_the_transfer_but_i_only_do_claims_it_is_someone_elses(language, reply, blame):
    assert ("blame_shifting" in _rules_after_a_complaint(language, reply)) == blame


@pytest.mark.parametrize("language,reply", [
    ("en", "Apologies, but there's no error here."),
    ("en", "Sorry it's not what you hoped, but the terms spell it out."),
])
def test_apologies_turned_by_a_but_or_regret_for_a_disappointment_are_no_apology(language, reply):
    assert "missing_apology" in _rules_after_a_complaint(language, reply)


@pytest.mark.parametrize("language,announcement", [
    ("en", "nothing wrong on my side so collections next transferring"),
    ("es", "aquí no veo nada raro eso lo lleva cobros le paso"),
])
def test_a_transfer_at_the_end_of_an_unpunctuated_turn_is_heard(language, announcement):
    """Recogniser text has no final full stop: 'le paso' or 'transferring' closing the turn is still a transfer,
    and the same words mid-turn are not read as closing."""
    en = language == "en"
    turns = [["agent", 0, 3, "hello how can i help" if en else "hola en qué le ayudo"],
             ["customer", 4, 9, "my parcel never arrived" if en else "mi paquete nunca llegó"],
             ["agent", 10, 14, "i'm so sorry about that" if en else "lo siento mucho de verdad"],
             ["agent", 15, 19, announcement]]
    assert "needless_transfer" in _all_rules(language, turns)
    mid_turn = announcement + (" the courier you mean" if en else " el número de seguimiento")
    assert "needless_transfer" not in _all_rules(language, turns[:3] + [["agent", 15, 19, mid_turn]])


@pytest.mark.parametrize("language,survey", [
    ("en", "We'll send a short feedback form later this week."),
    ("es", "Le llamaremos esta semana para una breve encuesta de satisfacción."),
])
def test_announcing_a_survey_is_no_follow_up(language, survey):
    assert "follow_up" not in _rules_after_a_complaint(language, survey)


@pytest.mark.parametrize("language,closing", [
    ("en", "anything more i can do mate"),
    ("es", "¿Algo más en que le pueda ayudar?"),
])
def test_the_agents_closing_offer_is_no_helpless_refusal(language, closing):
    assert "helpless_refusal" not in _rules_after_a_complaint(language, closing)


@pytest.mark.parametrize("language,compared,threat", [
    ("en", "I asked you to close the account because the holder died, and you treated it like we're switching providers.",
     "Sort it today or I'm switching providers."),
    ("es", "Pedí la baja por fallecimiento del titular y ustedes lo tratan como si cambiáramos de compañía.",
     "Si no me lo arreglan hoy me cambio de compañía."),
])
def test_leaving_said_as_a_comparison_or_as_what_was_asked_for_is_no_churn_threat(language, compared, threat):
    assert "churn_risk" not in _rules_after_the_customer_says(language, compared, "Let me look." if language == "en" else "Lo miro.")
    assert "churn_risk" in _rules_after_the_customer_says(language, threat, "Let me look." if language == "en" else "Lo miro.")


@pytest.mark.parametrize("language,reason", [
    ("en", "Hello, I'm ringing from Portrush about a wee problem: we run the village hall and want a charity rate; who decides that?"),
    ("es", "Hola, le llamo desde Teba por un pequeño problema: llevamos la peña del pueblo y queremos la tarifa social; ¿quién lo decide?"),
])
def test_a_lead_ins_problem_word_before_a_request_ending_on_a_question_is_no_complaint(language, reason):
    assert "missing_apology" not in _rules_after_the_customer_says(
        language, reason, "Let me check who approves that." if language == "en" else "Miro quién lo aprueba.")


@pytest.mark.parametrize("language,complaint,reply,flagged", [
    ("en", "My recorded shows were deleted and nobody warned me; this is a disgrace.",
     "Checking what recordings you had before the change.", False),
    ("es", "Me han borrado todas las grabaciones del decodificador y nadie me avisó; es una vergüenza.",
     "Reviso qué grabaciones tenía antes del cambio.", False),
    ("en", "You charged me twice this month.", "Your saved recordings are restored and the month is credited.", False),
    ("es", "Me han cobrado dos veces este mes.", "Queda restaurado su grabador y se le abona el mes.", False),
    # the customer's recordings are the grievance, yet the agent names the call: still the call's recording
    ("en", "My recorded shows were deleted and nobody warned me; this is a disgrace.",
     "Careful, this call is being recorded.", True),
    ("es", "Me han borrado todas las grabaciones del decodificador y nadie me avisó; es una vergüenza.",
     "Cuidado, que esta llamada se está grabando.", True),
    # ... or names one recording, the way the call's own is named
    ("es", "Me han borrado todas las grabaciones del decodificador y nadie me avisó; es una vergüenza.",
     "Cuidado con lo que dice, que tenemos la grabación.", True),
])
def test_recordings_that_are_the_grievance_are_not_the_calls_recording(language, complaint, reply, flagged):
    """A TV recorder's lost recordings are what the customer complains of: the agent checking or restoring them
    brings up no recording of the call, unless the sentence names the call itself."""
    greeting = "Hello, how can I help?" if language == "en" else "Hola, ¿en qué le ayudo?"
    rules = {f.rule_id for f in _findings(language, [
        ["agent", 0, 4, greeting], ["customer", 5, 12, complaint], ["agent", 40, 45, reply]])}
    assert ("recording_intimidation" in rules) == flagged


def test_retelling_right_after_a_transfer_is_no_earlier_contact():
    """What Whisper base made of the es_09 example call: after the transfer, the customer has to explain it all
    again, which only resembles "ya me atendió un compañero"; the phrase "es la tercera vez que llamo" still counts."""
    def rules(customer: str) -> set[str]:
        return {f.rule_id for f in _findings("es", [
            ["agent", 0, 4, "Buenos días, atención al cliente, ¿en qué le ayudo?"],
            ["customer", 5, 10, "Hola, quiero cambiar mi tarifa de móvil a una más barata."],
            ["agent", 11, 16, "Para eso le paso con el departamento de ventas, un momento."],
            ["customer", 17, 24, customer]])}
    assert "repeat_contact" not in rules("Otra vez tengo que explicarle todo, y hace lo que hace un compañero.")
    assert "repeat_contact" in rules("Es la tercera vez que llamo por esto y otra vez a explicarlo todo.")


@pytest.mark.parametrize("language,ported_in,ported_out", [
    ("en", "I've been billed to port my number in from my old network, when that was meant to be free.",
     "Fix it today or I'm porting my number over to another network."),
    ("es", "Me han cobrado por portar mi número desde otra compañía, y la oferta decía que era gratis.",
     "Si no me lo arreglan, pido la portabilidad a otra compañía."),
])
def test_bringing_a_number_in_is_no_threat_to_take_it_away(language, ported_in, ported_out):
    reply = "Let me look." if language == "en" else "Lo miro."
    assert "churn_risk" not in _rules_after_the_customer_says(language, ported_in, reply)
    assert "churn_risk" in _rules_after_the_customer_says(language, ported_out, reply)


def test_a_next_step_in_the_greeting_is_no_follow_up():
    """"Le aviso" in an unpunctuated greeting tells of the recording; nothing has been asked yet to follow up."""
    assert "follow_up" not in {f.rule_id for f in _findings("es", [
        ["agent", 0, 6, "muy buenos días esta llamada se graba le aviso con qué le ayudo"],
        ["customer", 7, 10, "¿Hay permanencia en este plan?"],
        ["agent", 11, 13, "No, ninguna."]])}
    assert "follow_up" in {f.rule_id for f in _findings("es", [
        ["agent", 0, 6, "Buenos días, ¿con qué le ayudo?"],
        ["customer", 7, 12, "Pedí una visita y no vino nadie."],
        ["agent", 13, 18, "Le pido disculpas. Mañana le aviso con un mensaje en cuanto tenga la cita."]])}
