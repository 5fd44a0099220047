"""Generate escucha's labelled evaluation corpus: scripted call transcripts with the exact set of rules
a perfect judge would assign to each.

Every call is composed turn by turn from PHRASE BANKS (below) by a CALL TEMPLATE (one small function per
scenario type). Each bank is split in two halves by position -- even positions go to the "dev" split, odd
positions to the "test" split -- so a phrasing used in dev never appears in test, and the test split
measures generalisation to unseen wording. Neutral filler (greetings, identification, closings) is split
the same way.

Labels are derived from what was put in the call:

* behaviour banks carry their rule ids (a blame phrase carries ``blame_shifting``, a callback commitment
  ``follow_up``, ...); templates add context-dependent ones (``needless_transfer``,
  ``recording_intimidation``);
* the timing rules are computed from the timeline: ``missing_apology`` (each customer complaint turn
  needs a genuine agent apology starting within 60 s of its end, unless it repeats a grievance the agent
  apologised for in the 60 s before it), ``dead_air`` (a gap >= 15 s with no hold notice in an agent turn
  ending within 10 s before it) and ``interruption`` (an agent turn of 3+ words starting >= 1 s before the
  customer's turn ends).

A call whose labels would change if those thresholds moved a little (60 +- 10 s, 15 +- 3 s, 1 +- 0.3 s)
is rejected and re-drawn, so no label hangs on a borderline timing.

Regenerate (deterministic: same script, same files)::

    .venv/bin/python scripts/make_labelled_corpus.py
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "examples" / "labelled"
SPLITS = ("dev", "test")
LANGUAGES = ("es", "en")

RULE_IDS = (
    "blame_shifting", "recording_intimidation", "needless_transfer", "missing_apology",
    "helpless_refusal", "owner_unavailable", "repeat_contact", "churn_risk", "dead_air", "interruption",
    "ownership", "follow_up", "empathy",
)

WORDS_PER_S = 2.6
APOLOGY_WINDOW_S = 60.0
DEAD_AIR_S = 15.0
HOLD_LOOKBACK_S = 10.0
OVERLAP_MIN_S = 1.0
ASR_STYLE_SHARE = 0.2  # share of calls rendered lower case without punctuation, like raw recogniser output

# ---------------------------------------------------------------------------------------------------
# PHRASE BANKS. bank -> language -> phrasings. Even positions are dev, odd positions are test.
# Placeholders: {agent} {agent2} {company} {name} {num} {ref} {day} {amount} {dept} {dept2} {third}
# ---------------------------------------------------------------------------------------------------

BANKS: dict[str, dict[str, list[str]]] = {
    # ----- neutral filler -----
    "greeting": {
        "es": [
            "Buenos días, {company}, le atiende {agent}, ¿en qué puedo ayudarle?",
            "Hola, buenas tardes, habla {agent} de {company}. Dígame.",
            "{company}, buenas, soy {agent}. ¿Qué necesita?",
            "Buenas tardes, gracias por llamar a {company}, mi nombre es {agent}, ¿en qué le puedo servir?",
            "Hola, {company}, le saluda {agent}, cuénteme.",
            "Muy buenos días, está hablando con {agent}, de {company}. ¿En qué le ayudo?",
        ],
        "en": [
            "Good morning, {company}, you're through to {agent}, how can I help?",
            "Hi, thanks for calling {company}, this is {agent}. What can I do for you?",
            "{company}, {agent} speaking, how can I help you today?",
            "Hello, you've reached {company}, my name's {agent}. How can I help?",
            "Hi there, {agent} at {company}, what can I do for you?",
            "Good afternoon, {company} customer service, {agent} here. How may I help?",
        ],
    },
    "greeting_disclosure": {  # routine recording disclosure in the opening turn: never intimidation
        "es": [
            "Buenos días, {company}, le atiende {agent}. Le informo de que esta llamada puede ser grabada por motivos de calidad. ¿En qué puedo ayudarle?",
            "Hola, buenas, {company}, habla {agent}; esta conversación se graba para mejorar el servicio. Dígame.",
            "{company}, buenas tardes, soy {agent}. Le aviso que la llamada queda registrada con fines de calidad. ¿Qué necesita?",
            "Gracias por comunicarse con {company}, le saluda {agent}. Por su seguridad esta llamada es grabada. ¿En qué le colaboro?",
            "Buenas tardes, {company}, le atiende {agent}; recuerde que por calidad grabamos las llamadas. Cuénteme.",
            "Hola, {company}, mi nombre es {agent}, antes de nada le comento que la llamada puede ser monitorizada y grabada. ¿En qué le ayudo?",
        ],
        "en": [
            "Good morning, {company}, you're speaking with {agent}. This call may be recorded for quality and training purposes. How can I help?",
            "Hi, thanks for calling {company}, {agent} here; just so you know, calls are recorded to help us improve. What can I do for you?",
            "{company}, {agent} speaking. Please note this call is recorded for quality. How can I help today?",
            "Hello, you've reached {company}, my name's {agent}, and calls on this line are recorded for training. What's going on?",
            "Good afternoon, {company}, {agent} here, this call may be monitored or recorded. How may I help?",
            "Hi, {agent} at {company}; before we start, I have to let you know the call is being recorded for quality purposes. How can I help?",
        ],
    },
    "hello": {  # customer's opener, prefixed to the customer's first turn
        "es": ["Hola, buenos días.", "Buenas tardes, mire,", "Hola, ¿qué tal? Pues mire,", "Sí, hola, oiga,",
               "Buenas. A ver,", "Hola, buen día, fíjese que"],
        "en": ["Hi there.", "Hello, yeah, um,", "Hi, okay so", "Morning. Look,", "Hiya,", "Hi, yes, so basically"],
    },
    "ask_id": {
        "es": [
            "¿Me facilita su número de cliente, por favor?",
            "¿Me dice el DNI del titular?",
            "Para empezar, ¿me da el número de contrato?",
            "¿Me regala su número de cédula, por favor?",
            "Vale, ¿me confirma el número de teléfono de la línea?",
            "Primero necesito su número de cuenta, ¿lo tiene a mano?",
        ],
        "en": [
            "Can I take your account number, please?",
            "Could you confirm the phone number on the account?",
            "First off, what's the account number?",
            "Can I get your customer ID, please?",
            "Okay, can you give me the phone number on file?",
            "Let me grab your details first, what's the customer number?",
        ],
    },
    "give_id": {
        "es": ["Sí, es el {num}.", "Claro, apunte: {num}.", "Pues a ver... {num}.", "Es a nombre de {name}, el {num}.",
               "Tome nota, {num}.", "Sí, mire, {num}, a nombre de {name}."],
        "en": ["Yeah, it's {num}.", "Sure, it's {num}.", "Um, hang on... {num}.", "It's under {name}, {num}.",
               "Okay so it's {num}.", "That's {num}, the account's in the name of {name}."],
    },
    "repeat_please": {  # politeness, not an apology
        "es": ["Disculpe, ¿me repite el número?", "Perdone, no le he oído bien, ¿me lo dice otra vez?",
               "Disculpe, ¿cómo ha dicho?", "Perdona, ¿me lo repites más despacito?"],
        "en": ["Sorry, can you repeat that?", "Sorry, I didn't catch that, say again?",
               "Pardon me, could you read that number back?", "Sorry, what was that last bit?"],
    },
    "verify": {
        "es": ["Perfecto, {name}, ya le tengo.", "Muy bien, ya veo su ficha.", "Gracias, ya está localizado.",
               "Estupendo, ya tengo su cuenta abierta.", "Listo, ya me aparece todo.", "Vale, ya le tengo aquí en pantalla."],
        "en": ["Perfect, {name}, I've got you.", "Great, I can see your account now.", "Thanks, that's found you.",
               "Brilliant, I've got your details up.", "Okay, all pulled up.", "Lovely, you're on my screen now."],
    },
    "ack": {
        "es": ["Vale.", "De acuerdo.", "Ah, vale, perfecto.", "Bueno, vale.", "Ok, gracias.", "Ajá, entendido."],
        "en": ["Okay.", "Alright.", "Oh, okay, great.", "Right, okay.", "Okay, thanks.", "Got it."],
    },
    "ack_how": {  # customer, after a deflection or check: neutral
        "es": ["Vale. ¿Y cómo lo arreglamos?", "Ya. ¿Y entonces qué hacemos?", "Bueno, ¿y qué solución hay?",
               "Vale, pero ¿me lo pueden resolver?", "Ajá. ¿Y ahora qué?", "Bien, ¿y cómo quedamos entonces?"],
        "en": ["Okay. So how do we fix it?", "Right. So what happens now?", "Fine, so what's the solution?",
               "Okay, but can you sort it out?", "Uh-huh. And now what?", "Right, so where does that leave me?"],
    },
    "ask_fix": {  # customer asks for a remedy: neutral
        "es": ["¿Y no me lo pueden devolver de alguna forma?", "¿Y no hay manera de arreglarlo hoy?",
               "¿No se puede hacer nada entonces?", "¿Y no me pueden compensar de alguna manera?",
               "¿Y qué opciones tengo?", "¿Hay alguna forma de solucionarlo?"],
        "en": ["Can't you refund it somehow?", "Is there no way to get it fixed today?",
               "So is there anything you can do?", "Can't you compensate me somehow?",
               "What are my options then?", "Is there any way to sort this out?"],
    },
    "resigned": {  # customer, after a refusal: neutral
        "es": ["Bueno, pues nada.", "Ya veo. Bueno.", "Pues vale, qué le vamos a hacer.", "Ah. Bueno, está bien.",
               "Pues nada, gracias igualmente.", "Mm, vale."],
        "en": ["Well, okay then.", "I see. Right.", "Okay, if that's how it is.", "Oh. Okay.", "Alright, thanks anyway.", "Hmm, okay."],
    },
    "closing_agent": {
        "es": ["¿Puedo ayudarle en algo más?", "¿Alguna cosa más?", "¿Necesita algo más, {name}?",
               "¿Le ayudo con alguna otra cosa?", "¿Hay algo más en lo que le pueda ayudar?", "¿Algo más por hoy?"],
        "en": ["Is there anything else I can help with?", "Anything else today?", "Anything else I can do for you, {name}?",
               "Can I help with anything else?", "Is there anything else at all?", "Anything more I can do?"],
    },
    "closing_customer": {
        "es": ["No, nada más, gracias.", "No, eso era todo. Gracias.", "Nada más, muchas gracias, hasta luego.",
               "No, ya está, gracias.", "No, con eso es suficiente, gracias.", "Nada más, muy amable."],
        "en": ["No, that's all, thanks.", "No, that's everything. Thank you.", "Nope, that's it, cheers.",
               "No, I'm good, thanks.", "That's all I needed, thanks.", "No, that's great, thank you."],
    },
    "bye": {
        "es": ["Gracias a usted, que tenga un buen día.", "Un placer, hasta luego.", "Gracias por llamar, buenas tardes.",
               "Con mucho gusto, que esté bien.", "A usted. Que vaya bien.", "Gracias, feliz tarde."],
        "en": ["Thanks for calling, have a great day.", "My pleasure, bye now.", "Thank you, take care.",
               "You're welcome, have a good one.", "Cheers, bye.", "Thanks, enjoy the rest of your day."],
    },
    "hold": {  # hold notice: a gap right after it is not dead air
        "es": ["Un momento, por favor, no se retire.", "Le dejo un momentito en espera mientras lo consulto.",
               "Permítame un minuto, le pongo en espera.", "Espere un momento, por favor, que lo compruebo.",
               "Aguárdeme un momentico en línea, por favor.", "No cuelgue, le pongo un momento en espera."],
        "en": ["Let me put you on hold for a moment.", "Bear with me one moment, please.",
               "Could you hold the line for a minute while I check?", "One moment please, I'll just pop you on hold.",
               "Can I place you on a brief hold?", "Hang on the line for me a second, I'm putting you on hold."],
    },
    "resume": {
        "es": ["Gracias por la espera.", "Bueno, ya estoy con usted.", "Vale, ya lo tengo delante.", "Aquí estoy de nuevo.",
               "Ya está, ya lo veo.", "Sigo con usted."],
        "en": ["Thanks for holding.", "Okay, I'm back with you.", "Right, I've got it in front of me now.",
               "Okay, here I am.", "Right, that's come up now.", "Okay, still with me?"],
    },
    "backchannel": {  # <= 2 words: overlapping it is not an interruption
        "es": ["Ajá.", "Sí, sí.", "Vale.", "Ya, ya.", "Mm-hm.", "Claro."],
        "en": ["Mm-hm.", "Right.", "Okay.", "Yeah, yeah.", "Uh-huh.", "Sure."],
    },
    "detail": {  # extra complaint detail to make a long customer turn
        "es": [
            "y encima tengo que trabajar desde casa y así no hay manera, de verdad que estoy harta de todo esto",
            "y yo no tengo tiempo para andar llamando, que tengo dos críos y un trabajo, o sea, imagínese",
            "y mire, le explico, he mirado la web, la aplicación, todo, y nada, seguimos igual",
            "y la verdad es que ya no sé qué más hacer porque nadie me da una respuesta clara de nada",
            "y fíjese que justo esta semana lo necesitaba más que nunca, es que no me lo puedo creer",
            "y a ver, yo entiendo que pueda haber problemas, pero esto ya es demasiado, de verdad se lo digo",
        ],
        "en": [
            "and on top of that I work from home so I literally can't do my job, I'm just so fed up with it",
            "and I don't have time to keep chasing this, I've got two kids and a full-time job, you know",
            "and I've checked the website, the app, everything, and nothing, it's still the same",
            "and honestly I don't know what else to do because nobody gives me a straight answer about anything",
            "and this week of all weeks I really needed it, I just can't believe it",
            "and look, I get that things go wrong, but this is just too much, I'm telling you",
        ],
    },
    "interrupt": {  # agent cuts in, 3+ words
        "es": ["A ver, a ver, déjeme que le pida primero el número de cliente.", "Vale, vale, pero necesito su DNI antes de nada.",
               "Espere, espere, que así no le sigo, dígame el número de contrato.", "Sí, pero vamos por partes, ¿cuál es el número de contrato?",
               "Oiga, oiga, pare un segundo, ¿me da su número de cuenta?", "Ya, pero primero tengo que identificarle, ¿su número de cliente?"],
        "en": ["Okay, okay, hang on, I need your account number first.", "Right, but let me just stop you there, what's the account number?",
               "Hold on, hold on, can I get your customer number first?", "Yeah but let's go step by step, what's the order number?",
               "Wait, wait, before all that, what's the phone number on the account?", "Sure, but I need to verify you first, what's your account number?"],
    },
    "owner_request": {  # neutral request that needs someone with authority
        "es": ["Quería solicitar un aplazamiento del recibo de este mes.", "Llamaba para pedir que me amplíen el límite de la tarjeta.",
               "Quería cambiar el titular del contrato a nombre de mi mujer.", "Necesito un certificado de estar al corriente de pago.",
               "Quería pedir un descuento por ser cliente desde hace diez años.", "Necesito que me autoricen un pago fraccionado."],
        "en": ["I wanted to ask about deferring this month's payment.", "I'm calling to ask for a higher limit on my card.",
               "I'd like to transfer the account into my wife's name.", "I need a letter confirming my account's up to date.",
               "I wanted to ask for a loyalty discount, I've been with you ten years.", "I need a payment plan approved."],
    },
    "transfer_request": {  # customer asks to be transferred: not needless
        "es": ["¿Me podría pasar con el departamento de {dept}?", "Prefiero hablar directamente con {dept}, ¿me pasa?",
               "Quería que me pusiera con alguien de ventas, por favor.", "¿Me transfiere con {dept}, si es tan amable?",
               "Mire, páseme con {dept}, que es con quien quiero hablar.", "¿Me comunica con el área de {dept}, por favor?"],
        "en": ["Could you put me through to {dept}, please?", "I'd rather speak to {dept} directly, can you transfer me?",
               "Can you connect me with someone in sales, please?", "Would you mind transferring me to {dept}?",
               "Look, just put me through to {dept}, that's who I need.", "Can I be transferred to the {dept} team, please?"],
    },
    "transfer_accept": {
        "es": ["Claro, ahora mismo le paso.", "Por supuesto, le transfiero.", "Sin problema, le pongo con ellos.",
               "Cómo no, un segundito y le paso.", "Con gusto, le comunico ya.", "Perfecto, le paso la llamada."],
        "en": ["Of course, putting you through now.", "Sure thing, transferring you.", "No problem, I'll connect you.",
               "Absolutely, one second and I'll put you through.", "Happy to, transferring now.", "Sure, I'll pass you over."],
    },
    "agent2_greeting": {
        "es": ["Hola, buenas, {dept}, le atiende {agent2}. Dígame.", "Buenas tardes, soy {agent2}, de {dept}. ¿En qué le ayudo?",
               "{dept}, habla {agent2}, cuénteme.", "Hola, {agent2} al habla, del área de {dept}. ¿Qué necesita?",
               "Buenos días, {dept}, soy {agent2}.", "Hola, le saluda {agent2}, de {dept}, ¿qué tal?"],
        "en": ["Hi, {dept}, {agent2} speaking. How can I help?", "Good afternoon, {agent2} from {dept}, what can I do for you?",
               "{dept}, this is {agent2}.", "Hello, {agent2} in the {dept} team, how can I help?",
               "Morning, {dept}, {agent2} here.", "Hi there, you're through to {agent2} in {dept}."],
    },
    "redisclosure": {  # neutral re-disclosure after the line dropped, no dispute
        "es": ["Sí, ya le oigo. Como le comenté al principio, la llamada se está grabando por calidad; seguimos.",
               "Ahora sí le escucho. Le repito lo del inicio: la conversación queda grabada. Continuamos con su consulta.",
               "Perfecto, ya vuelve a oírse. Simplemente recordarle, como al principio, que grabamos por calidad. Sigamos.",
               "Sí, sí, aquí estoy. Por protocolo le vuelvo a indicar que la llamada es grabada. Seguimos donde estábamos."],
        "en": ["Yes, I can hear you now. As I said at the start, the call's being recorded for quality; let's carry on.",
               "There you are. Just repeating what I mentioned at the beginning, this line is recorded. So, where were we?",
               "Got you again. As per the start of the call, it's recorded for quality purposes. Let's continue.",
               "Yep, I'm here. For procedure I need to mention again that we record calls. Carrying on then."],
    },
    "line_dropped": {
        "es": ["¿Hola? Perdone, se ha cortado un momento, ¿me oye?", "¿Sigue ahí? Creo que se cortó la línea.",
               "Oiga, ¿me escucha? Se ha ido la cobertura un segundo.", "¿Aló? Se perdió un momento la llamada."],
        "en": ["Hello? Sorry, it cut out for a second, can you hear me?", "Are you still there? I think the line dropped.",
               "Hello? I lost signal for a moment.", "Hi, you there? The call went dead for a sec."],
    },
    "recording_question": {  # customer asks: an answer is not intimidation
        "es": ["Oiga, una pregunta, ¿esta llamada se está grabando?", "¿Me están grabando ahora mismo?",
               "Perdone, ¿la conversación queda grabada?", "Antes de seguir, ¿esto se graba?",
               "¿Se guarda una grabación de esta llamada?", "Por curiosidad, ¿ustedes graban las llamadas?"],
        "en": ["Quick question, is this call being recorded?", "Am I being recorded right now?",
               "Sorry, does this conversation get recorded?", "Before we go on, is this recorded?",
               "Do you keep a recording of this call?", "Just wondering, do you guys record these calls?"],
    },
    "recording_answer": {
        "es": ["Sí, se graba por calidad; si lo necesita puede solicitar una copia.", "Sí, todas las llamadas se graban por motivos de calidad.",
               "Sí, señora, queda grabada, es el procedimiento habitual.", "Así es, se graba para control de calidad, ¿seguimos?",
               "Correcto, la llamada se registra, y usted tiene derecho a pedirla.", "Sí, se graban todas, es un protocolo estándar."],
        "en": ["Yes, it's recorded for quality; you can request a copy if you need one.", "Yes, all our calls are recorded for quality purposes.",
               "It is, yes, that's standard procedure.", "That's right, it's recorded for quality control, shall we carry on?",
               "Correct, the call is logged, and you're entitled to ask for it.", "Yes, every call is recorded, it's standard."],
    },
    # ----- customer complaint cues (complaints) -----
    "dispute": {  # escalation of the same grievance
        "es": ["¡Pero esto es un robo! No pienso pagarlo.", "Me da igual lo que diga, esto es una vergüenza.",
               "¿Pero usted me está tomando el pelo?", "Esto es inaceptable, ¡no hay derecho!",
               "No me venga con cuentos, que esto es un abuso.", "Pues yo no pienso aceptar esto, ¿eh?"],
        "en": ["This is daylight robbery, I'm not paying it!", "I don't care what you say, this is a disgrace.",
               "Are you having a laugh? This is ridiculous.", "This is completely unacceptable!",
               "Don't give me that, this is a total rip-off.", "Well I'm not accepting that, no way."],
    },
    "not_my_fault": {
        "es": ["Yo no tengo la culpa de esto, ¿eh?, yo lo hice todo bien.", "Oiga, que no es culpa mía, yo pagué a tiempo.",
               "Eso no fue error mío, yo seguí todos los pasos.", "Pues no es mi culpa, que yo no toqué nada.",
               "No es culpa mía, yo no he hecho nada raro.", "Yo no hice nada mal, que conste."],
        "en": ["It's not my fault, I did everything right.", "That wasn't my mistake, I paid on time.",
               "I didn't do anything wrong here, I followed all the steps.", "Don't look at me, I never touched anything, it's not on me.",
               "It's not my fault, I haven't done anything unusual.", "I did everything I was supposed to, for the record."],
    },
    "repeat_contact": {
        "es": ["Es la tercera vez que llamo por esto.", "Ya llamé ayer y me dijeron que estaba solucionado.",
               "Llevo toda la semana llamando por lo mismo.", "Ya he hablado con ustedes dos veces y sigo igual.",
               "La semana pasada puse una reclamación y nadie me ha contestado.", "Otra vez llamando, ya van cuatro veces."],
        "en": ["This is the third time I've called about this.", "I called yesterday and was told it was fixed.",
               "I've been ringing all week about the same thing.", "I already spoke to someone on Monday and nothing's changed.",
               "I raised this last week and never heard back.", "Here I am calling again, that's four times now."],
    },
    "churn": {
        "es": ["Como no me lo arreglen, me doy de baja.", "Estoy pensando seriamente en irme a otra compañía.",
               "Si esto sigue así, cancelo el contrato.", "Me cambio de operador, se lo digo en serio.",
               "Pues me voy con la competencia, que me ofrecen lo mismo más barato.", "Quiero cancelar todo si no hay solución hoy."],
        "en": ["If this isn't fixed I'm cancelling my account.", "I'm seriously thinking about switching providers.",
               "Honestly, I'll take my business elsewhere.", "One more problem and I'm leaving, I mean it.",
               "Your competitor's offering me a better deal, I might just switch.", "I want to close my account if this isn't sorted today."],
    },
    # ----- agent behaviours -----
    "apology": {
        "es": ["Lo siento muchísimo.", "Le pido disculpas por las molestias.", "Perdone, de verdad, siento mucho lo que ha pasado.",
               "Qué pena con usted, discúlpenos.", "Lamento mucho lo ocurrido.", "Mil disculpas por el inconveniente.",
               "Siento de verdad que haya tenido que pasar por esto.", "Uy, perdón, le pido mil perdones."],
        "en": ["I'm really sorry about that.", "I apologise for the inconvenience.", "Oh no, I'm so sorry to hear that.",
               "I do apologise, that shouldn't have happened.", "Sorry about all the trouble.", "I'm very sorry for the mix-up.",
               "Please accept my apologies.", "I'm truly sorry you've been put through this."],
    },
    "empathy": {
        "es": ["Entiendo perfectamente su frustración.", "Tiene toda la razón en estar molesto.",
               "Me imagino lo desesperante que es.", "Comprendo que esto le haya sentado fatal.",
               "Es normal que esté enfadada, yo estaría igual.", "Entiendo lo molesto que resulta, de verdad."],
        "en": ["I completely understand how frustrating that is.", "You've every right to be annoyed.",
               "I can only imagine how stressful that's been.", "I get it, that would drive me up the wall too.",
               "That sounds really frustrating, I hear you.", "I understand why you're upset."],
    },
    "ownership": {
        "es": ["Eso es responsabilidad nuestra, yo me encargo.", "Déjelo en mis manos, yo me ocupo personalmente.",
               "Fue un error nuestro y lo vamos a arreglar ahora mismo.", "No se preocupe, esto lo resuelvo yo.",
               "Asumo el problema, yo me hago cargo de que se corrija.", "Esto es cosa nuestra, ahora mismo lo soluciono."],
        "en": ["That's on us, I'll take care of it.", "Leave it with me, I'll sort it out personally.",
               "That was our mistake and I'm going to fix it right now.", "I'll own this one, I'll make sure it gets fixed.",
               "This is our responsibility, I'm handling it myself.", "Don't worry, I've got this, I'll get it resolved today."],
    },
    "follow_case": {
        "es": ["Le dejo abierta la incidencia con el número {ref}, por si necesita consultarla.", "Apunte el número de caso: {ref}.",
               "Su referencia de reclamación es la {ref}.", "Le he generado el expediente {ref}; con ese número puede hacer seguimiento.",
               "Anote, por favor, el número de ticket {ref}.", "Queda registrado con la referencia {ref}, por si le hace falta."],
        "en": ["Your case number is {ref}.", "I've opened a ticket for you, the reference is {ref}.",
               "Just jot down this reference, {ref}, in case you need to chase it.", "That's logged under case {ref}.",
               "Take a note of your ticket number, it's {ref}.", "For your records, the reference is {ref}."],
    },
    "follow_callback": {
        "es": ["Le llamo el {day} para confirmar que todo ha quedado bien.", "Mañana por la tarde le vuelvo a llamar para ver si ya le funciona.",
               "Le hago una llamada de seguimiento el {day} por la mañana.", "Le contactamos el {day} en cuanto tengamos la respuesta.",
               "El {day} le marco para verificar que quedó solucionado.", "Le escribo y le llamo el {day} para comprobar que está todo en orden."],
        "en": ["I'll give you a call on {day} to make sure everything's sorted.", "I'll ring you back tomorrow afternoon to check it's working.",
               "Expect a follow-up call from me on {day} morning.", "We'll get back to you on {day} once we hear back.",
               "I'll call you {day} to confirm it all went through.", "I'll check in with you by phone on {day} to see it's all okay."],
    },
    "pseudo_apology": {  # not an apology
        "es": ["Lamento que lo vea así, pero es lo que pone en las condiciones.", "Siento que piense eso, pero el cargo es correcto.",
               "Pues siento que esté molesto, pero así es como funciona.", "Lamento que se sienta así, pero la tarifa es la que es.",
               "Siento que no le guste, pero es la política de la empresa.", "Perdone si se ha molestado, pero aquí está todo correcto."],
        "en": ["I'm sorry you feel that way, but that's in the terms.", "Sorry if you're upset, but the charge is correct.",
               "I'm sorry you see it like that, but that's just how it works.", "Well, I'm sorry you're not happy, but it's company policy.",
               "Sorry you think that, but everything's correct on our side.", "I'm sorry if that upset you, but the price is the price."],
    },
    "pseudo_helpless": {  # pseudo-apology that is also a helpless refusal
        "es": ["Lo siento, pero no hay nada que yo pueda hacer.", "Lo lamento, pero yo no puedo hacer nada.",
               "Perdone, pero de verdad que aquí no hay nada que hacer.", "Lo siento mucho, pero no tiene arreglo.",
               "Lo siento, pero de mi parte no se puede hacer nada.", "Lamentablemente, y lo siento, no hay solución posible."],
        "en": ["I'm sorry, but there's nothing I can do.", "Sorry, there's just nothing I'm able to do about it.",
               "I apologise, but nothing can be done.", "I'm sorry, but there's no way to fix that.",
               "Sorry, but it's out of my hands, nothing I can do.", "I'm afraid, and I'm sorry, there's no solution."],
    },
    "helpless": {
        "es": ["Mire, no hay nada que yo pueda hacer con eso.", "Pues eso ya no tiene arreglo, es así.",
               "Desde aquí no se puede hacer nada, señora.", "Eso ya está cerrado y no hay manera de cambiarlo.",
               "Me temo que no hay forma de solucionarlo.", "Yo con eso no puedo hacer absolutamente nada."],
        "en": ["Look, there's nothing I can do about that.", "That can't be undone, I'm afraid, it is what it is.",
               "From here nothing can be done, ma'am.", "That's closed now and there's no way to change it.",
               "I'm afraid there's no way to fix it.", "Honestly, my hands are tied on this one."],
    },
    "refusal_alternative": {  # "nothing I can do, but what I can do is ..." : not helpless
        "es": ["Eso no lo puedo anular, pero lo que sí puedo hacer es abonarle la diferencia en la próxima factura.",
               "La penalización en sí no se puede quitar; lo que sí le puedo ofrecer es un mes gratis.",
               "Eso en concreto no hay nada que yo pueda hacer, pero sí puedo aplicarle un descuento en el próximo recibo.",
               "Eso no está en mi mano, pero lo que sí podemos hacer es pedir una revisión y devolverle el importe si procede.",
               "Eso ya no se puede cambiar, aunque lo que sí hago ahora es aplicarle un descuento del veinte por ciento.",
               "Con eso no puedo hacer nada, pero como alternativa le quito las comisiones del próximo trimestre."],
        "en": ["I can't reverse that charge, but what I can do is credit the difference on your next bill.",
               "There's nothing I can do about the fee itself, but I can give you a month free to make up for it.",
               "I'm not able to change that part, but I can knock it off next month's bill.",
               "That's outside what I can change, but what I can do is open a review and refund you if it qualifies.",
               "That can't be changed now, though what I can do right away is take twenty percent off.",
               "There's nothing I can do on that, but as an alternative I can waive your fees for the next three months."],
    },
    "owner_unavailable": {
        "es": ["La persona que lleva las autorizaciones no está hoy, tendría que llamar mañana.",
               "Mi supervisora es la única que puede aprobarlo y ahora mismo no está; vuelva a llamar más tarde.",
               "El gestor de su cuenta está de vacaciones hasta el lunes, llame entonces.",
               "Quien puede resolverlo ya se ha ido por hoy, pruebe a llamar mañana por la mañana.",
               "Ahora mismo no hay nadie de {dept} disponible, llame en otro momento.",
               "El responsable de eso no se encuentra, inténtelo otro día."],
        "en": ["The person who handles approvals isn't in today, you'll have to call back tomorrow.",
               "Only my supervisor can sign that off and she's not available right now, try again later.",
               "Your account manager is on leave until Monday, so call back then.",
               "The team that deals with that has gone home for the day, give us a ring tomorrow morning.",
               "There's nobody from {dept} available at the moment, call back another time.",
               "The guy who can fix that isn't around, try again in a couple of hours."],
    },
    "owner_unavailable_callback": {  # owner away, but the agent owns a next step: follow_up, not owner_unavailable
        "es": ["La persona que lo autoriza no está hoy, pero le dejo el caso anotado con la referencia {ref} y le llamamos mañana antes de las doce.",
               "Mi supervisora no está ahora, pero en cuanto vuelva se lo paso y le llamo esta misma tarde con la respuesta.",
               "El gestor está fuera hasta el lunes; le apunto la incidencia {ref} y el lunes a primera hora le llamamos.",
               "Ahora no hay nadie de {dept}, pero le programo una llamada para mañana a las diez, ¿le viene bien?",
               "Quien lo aprueba no está disponible, así que le abro la solicitud {ref} y el {day} le confirmo por teléfono.",
               "El responsable ya se fue, pero le dejo nota con su número y le devolvemos la llamada el {day} sin falta."],
        "en": ["The person who approves that is out today, but I've logged it under reference {ref} and we'll call you tomorrow before noon.",
               "My supervisor isn't available right now, but as soon as she's back I'll call you this afternoon with an answer.",
               "Your account manager is away until Monday; I've opened case {ref} and someone will ring you first thing Monday.",
               "Nobody from {dept} is free right now, so I'm booking you a callback for ten tomorrow, does that work?",
               "The approver's not in, so I've raised request {ref} and I'll confirm by phone on {day}.",
               "The manager's gone for the day, but I've left a note with your number and we'll call you back on {day} without fail."],
    },
    "recording_threat": {
        "es": ["Le recuerdo que esta llamada está siendo grabada.", "Señor, le recuerdo que la conversación se está grabando, así que mida sus palabras.",
               "Tenga en cuenta que todo esto queda grabado.", "Mire, esta llamada se graba, así que le pido que modere el tono.",
               "Le aviso de que la llamada está siendo grabada y puede usarse.", "Que conste que esta conversación queda registrada, cuidado con lo que dice."],
        "en": ["I'd like to remind you that this call is being recorded.", "Just so you know, this call is recorded, so watch your language.",
               "Sir, this conversation is being recorded, I'd choose your words carefully.", "Bear in mind everything you say on this call is recorded.",
               "I'll remind you this line is recorded, and that can be used.", "Ma'am, this call is being recorded, so let's keep it civil."],
    },
    "transfer_cold": {
        "es": ["Le paso con el departamento de {dept}, no cuelgue.", "Le transfiero ahora con {dept}.",
               "Un segundo que le paso con {dept}.", "Vale, le pongo con el área de {dept}.",
               "Le voy a transferir con otro compañero de {dept}.", "Le comunico con {dept}, aguarde."],
        "en": ["I'll put you through to {dept}, don't hang up.", "Let me transfer you to {dept}.",
               "One sec, I'm passing you over to {dept}.", "Okay, I'm going to connect you with {dept}.",
               "I'll transfer you to a colleague in {dept}.", "I'm putting you through to {dept} now."],
    },
    "transfer_plain": {  # transfer after a check, but nothing passed on
        "es": ["Le paso ahora con {dept} para que sigan con ello.", "Para eso le pongo con {dept}, un segundo.",
               "Vale, le derivo a {dept}.", "Le paso con mis compañeros de {dept}.",
               "Le transfiero a {dept}, ellos le atienden.", "Le traspaso a {dept} para que lo miren."],
        "en": ["I'll put you through to {dept} now so they can carry on.", "For that I'll pass you to {dept}, one second.",
               "Okay, I'm routing you to {dept}.", "Let me put you through to my colleagues in {dept}.",
               "I'll transfer you to {dept}, they'll help you.", "I'm handing you over to {dept} so they can look at it."],
    },
    "transfer_warm": {  # after diagnosis, case passed on: not needless
        "es": ["Le voy a pasar con {dept}; ya les he contado su caso y lo tienen todo anotado, no tendrá que repetir nada.",
               "Le transfiero con un técnico de segundo nivel, le he pasado el diagnóstico completo para que siga desde aquí.",
               "Ahora le paso con {dept}; les dejo el caso documentado con todo lo que hemos revisado.",
               "Le pongo con mi compañero de {dept}, que ya está al tanto de todo lo que hemos comprobado.",
               "Le comunico con {dept}; he dejado en la ficha todas las pruebas que hicimos, así no tiene que explicar nada otra vez.",
               "Le paso con {dept} y les acabo de explicar su situación, le van a atender directamente."],
        "en": ["I'm going to put you through to {dept}; I've briefed them on everything so you won't need to repeat yourself.",
               "I'll transfer you to a second-line engineer, I've passed on the full diagnosis so they can pick it up from here.",
               "I'm passing you to {dept} now; the case notes have everything we've checked.",
               "Let me connect you with my colleague in {dept}, who's already up to speed on what we've tested.",
               "I'm putting you through to {dept}; all the tests we ran are on the ticket, so no need to explain again.",
               "I'll pass you to {dept}, I've just walked them through your situation and they'll take it straight on."],
    },
    "agent2_warm": {
        "es": ["Hola, soy {agent2}, de {dept}; mi compañero ya me ha pasado su caso.", "Buenas, {agent2} de {dept}, ya tengo aquí todo lo que han revisado.",
               "Hola, le atiende {agent2}; ya me han contado lo que le pasa.", "Buenas tardes, soy {agent2}, ya estoy al tanto de su caso.",
               "Hola de nuevo, {agent2} de {dept}, tengo las notas de mi compañera.", "Buenas, {agent2} al habla, ya he leído el diagnóstico."],
        "en": ["Hi, {agent2} from {dept}; my colleague's passed your case over.", "Hello, {agent2} in {dept}, I've got all the notes here.",
               "Hi, it's {agent2}; I've been told what's going on.", "Good afternoon, {agent2} here, I'm up to speed on your case.",
               "Hi, {agent2} from {dept}, I've got my colleague's notes.", "Hello, {agent2} speaking, I've read through the diagnosis."],
    },
    "repeat_forced": {  # new agent makes the customer start over
        "es": ["Hola, buenas. A ver, cuénteme otra vez desde el principio qué le pasa.",
               "Buenas tardes, aquí no me sale nada de lo que ha hablado, ¿me lo explica todo de nuevo?",
               "Hola, ¿me vuelve a contar su problema desde el principio, por favor?",
               "Buenos días, necesito que me explique otra vez todo lo que le ha pasado.",
               "Hola, no tengo ninguna nota, ¿me cuenta de nuevo el caso completo?",
               "Buenas, a ver, empecemos de cero, ¿qué es lo que ocurre?"],
        "en": ["Hi there. Okay, tell me again from the start what the problem is.",
               "Good afternoon, I've got no notes from the last call, can you explain it all again?",
               "Hello, could you run me through your issue again from the beginning?",
               "Morning, I'll need you to go over everything that's happened again.",
               "Hi, nothing's been passed over to me, can you tell me the whole thing again?",
               "Hi, right, let's start from scratch, what's going on?"],
    },
    "as_i_said": {
        "es": ["Pues como le decía a su compañero,", "Pues nada, otra vez:", "Bueno, lo que le conté antes:", "A ver, como ya expliqué,"],
        "en": ["Well, like I told your colleague,", "Okay, so again:", "So, what I said before was,", "Right, as I already explained,"],
    },
    # blame_shifting, by kind
    "blame_department": {
        "es": ["Mire, eso es cosa de {dept}, ellos son los que meten la pata con esto.",
               "El problema viene de {dept}, que no nos pasa bien los datos.",
               "Pues eso lo ha hecho mal el área de {dept}, no nosotros.",
               "Es que los de {dept} siempre van tarde con estas cosas, no es cosa nuestra."],
        "en": ["Honestly, that's {dept}'s fault, they keep messing these up.",
               "That's down to {dept}, they never update our records properly.",
               "{dept} dropped the ball on that one, not us.",
               "Look, that's on the {dept} people, not customer service."],
    },
    "blame_colleague": {
        "es": ["Eso se lo tramitó mal un compañero, yo no tuve nada que ver.",
               "Eso lo gestionó otro compañero y lo dejó a medias, a mí no me mire.",
               "La compañera del turno de tarde es la que se equivocó al meterlo.",
               "El que le dio de alta lo hizo fatal, ese fallo es de él."],
        "en": ["My colleague must have keyed it in wrong, I wasn't the one who set it up.",
               "Whoever handled this before me messed it up, not me.",
               "The guy on the evening shift is the one who got it wrong.",
               "The person who opened your account botched it, that's on him."],
    },
    "blame_system": {
        "es": ["Es el sistema, que hace lo que quiere con estas cosas.", "Eso es un fallo del sistema informático, no es culpa nuestra.",
               "La aplicación lo genera sola, eso no depende de mí, es el programa.", "El programa nuevo da muchos errores, la culpa es del sistema."],
        "en": ["It's the system, it just does that sometimes, it's not us.", "That's a system glitch, nothing to do with me.",
               "The computer does that automatically, blame the software.", "The new platform keeps throwing errors, that's the system's fault."],
    },
    "blame_customer": {
        "es": ["Bueno, es que usted no leyó bien las condiciones cuando lo contrató.",
               "Si usted hubiera seguido las instrucciones, esto no habría pasado.",
               "Mire, eso le pasa por no haber revisado sus datos.",
               "La culpa es suya por no avisarnos a tiempo."],
        "en": ["Well, you should have read the terms before you signed up.",
               "If you'd followed the instructions this wouldn't have happened.",
               "That's what happens when you don't check your details, really.",
               "That's your own doing for not telling us in time."],
    },
    "blame_third_party": {
        "es": ["Eso es culpa de {third}, nosotros hicimos nuestra parte.", "Quien ha fallado es {third}, hable usted con ellos.",
               "Es {third}, que ha liado todo, no es problema nuestro.", "Eso es cosa de {third}, a nosotros no nos compete."],
        "en": ["That's {third}'s fault, we did our part.", "It's {third} who messed up, you'll need to take it up with them.",
               "It's {third}, they've made a mess of it, not our problem.", "That's on {third}, nothing to do with us."],
    },
    "blame_not_my_area": {
        "es": ["Eso no me corresponde a mí, yo solo llevo altas.", "Mire, eso no es de mi departamento.",
               "Yo de eso no me ocupo, no es mi área.", "A mí eso no me toca, eso lo tiene que ver otro."],
        "en": ["That's not my department, I only do sales.", "I don't deal with that, it's not my area.",
               "That's not really my job, someone else handles that.", "That isn't something I'm responsible for."],
    },
}

# Per-topic banks: each topic is one grievance with coherent check / fix / cause / info Q&A.
TOPICS: dict[str, list[dict]] = {
    "es": [
        {"key": "billing", "company": "Movinet", "dept": "facturación", "dept2": "cobros", "third": "el banco",
         "complaint": ["Me han cobrado dos veces la factura de este mes.", "Oiga, en la factura me aparece un cargo de {amount} euros que yo no reconozco.",
                       "Pues me han pasado el recibo repetido, dos cargos iguales.", "Ahorita veo en el banco que me cobraron doble la mensualidad."],
         "check": ["Estoy viendo los cargos de este mes en su cuenta.", "A ver, aquí tengo los últimos recibos emitidos.",
                   "Veo efectivamente dos cargos del mismo importe.", "Estoy revisando el detalle de la factura."],
         "fix": ["Queda anulado el cargo duplicado y la devolución le llega en cinco días hábiles.", "Ya está corregido: el importe se le abona en la próxima factura.",
                 "Listo, se ha emitido el reembolso de {amount} euros a su cuenta.", "El segundo cargo queda cancelado y le llega el dinero esta semana."],
         "cause": ["El cargo se duplicó por un fallo de nuestro sistema de facturación.", "El recibo salió repetido por un error en nuestro proceso de cobros.",
                   "Veo que el cobro doble lo generó una actualización nuestra del sistema.", "El importe extra viene de un error al aplicar su tarifa en nuestro sistema."],
         "qa": [("Quería saber qué día se cobra la factura.", "Se cobra el día cinco de cada mes."),
                ("¿Me puede decir cuánto pago al mes con mi tarifa?", "Su cuota es de {amount} euros al mes, impuestos incluidos."),
                ("¿Puedo cambiar la cuenta bancaria de domiciliación?", "Sí, puede hacerlo desde el área de clientes o por aquí mismo."),
                ("¿Cuándo vence mi permanencia?", "Su permanencia termina en marzo del año que viene.")]},
        {"key": "internet", "company": "Movinet", "dept": "soporte técnico", "dept2": "averías", "third": "la compañía eléctrica",
         "complaint": ["Llevo desde el lunes sin internet en casa.", "La fibra se me corta cada dos por tres y así no puedo teletrabajar.",
                       "No me funciona el internet, el router tiene la luz roja.", "Pues la conexión va fatal, no carga ni una página."],
         "check": ["Estoy lanzando una prueba a su línea.", "Veo que su router no sincroniza desde ayer.",
                   "La prueba de línea muestra cortes en las últimas horas.", "Estoy comprobando el estado del puerto en la central."],
         "fix": ["Listo, el puerto está reiniciado y la línea vuelve a sincronizar; pruebe ahora.", "La configuración ya está corregida y la velocidad es normal.",
                 "Ya vuelve a tener servicio, la luz del router debería ponerse verde.", "Queda restablecida la conexión, ya puede navegar."],
         "cause": ["La avería viene de una configuración errónea que hicimos nosotros en la central.", "Se cortó por un cambio que aplicamos en nuestra red.",
                   "El fallo lo provocó un mantenimiento nuestro que no se cerró bien.", "Veo que el problema es un perfil mal cargado en nuestro sistema."],
         "qa": [("Quería saber qué velocidad tengo contratada.", "Tiene contratados seiscientos megas simétricos."),
                ("¿Cómo cambio la contraseña del wifi?", "Desde la aplicación, en el apartado de su router, la puede cambiar."),
                ("¿Me pueden mandar un repetidor?", "Sí, el repetidor cuesta {amount} euros y llega en tres días."),
                ("¿Tengo permanencia con la fibra?", "No, su tarifa de fibra no tiene permanencia.")]},
        {"key": "delivery", "company": "Tiendalia", "dept": "logística", "dept2": "devoluciones", "third": "la empresa de mensajería",
         "complaint": ["Mi pedido tenía que llegar hace una semana y sigue sin aparecer.", "El pedido no me ha llegado y ya han pasado diez días.",
                       "Ahorita sigo esperando el paquete, ya tendría que haber llegado.", "Oiga, compré una lavadora y no me la han traído."],
         "check": ["Estoy mirando el seguimiento del envío.", "Veo que el paquete figura en el almacén de reparto.",
                   "Aquí consta que el pedido salió el día tres.", "Estoy consultando el estado del pedido."],
         "fix": ["Le reenviamos el pedido hoy por urgente y le llega mañana.", "Queda tramitado un nuevo envío prioritario sin coste.",
                 "El paquete sale hoy mismo y mañana lo tiene en casa.", "Se le ha reembolsado el importe de {amount} euros."],
         "cause": ["El paquete se quedó parado en nuestro almacén por un error de etiquetado.", "El pedido no salió porque lo registramos mal en nuestro almacén.",
                   "Veo que el retraso viene de un fallo nuestro al preparar el envío.", "Se nos quedó sin asignar a ninguna ruta en el sistema."],
         "qa": [("Quería saber cuánto tarda un envío a Canarias.", "A Canarias son entre cinco y siete días hábiles."),
                ("¿Puedo cambiar la dirección de entrega de un pedido?", "Sí, mientras no haya salido del almacén se puede cambiar."),
                ("¿Cuánto cuesta el envío urgente?", "El urgente cuesta {amount} euros."),
                ("¿Hasta cuándo puedo devolver un producto?", "Tiene treinta días desde la entrega para devolverlo.")]},
        {"key": "card", "company": "Banco Meridiano", "dept": "tarjetas", "dept2": "seguridad", "third": "la red de pagos",
         "complaint": ["Me han bloqueado la tarjeta y no puedo pagar nada.", "Fui a pagar en el súper y me rechazaron la tarjeta, qué vergüenza.",
                       "La tarjeta no me funciona desde esta mañana.", "No puedo sacar plata del cajero, me dice que la tarjeta está bloqueada."],
         "check": ["Estoy viendo el estado de su tarjeta.", "Aquí aparece un bloqueo preventivo desde esta mañana.",
                   "Veo los últimos intentos de pago rechazados.", "Estoy revisando los movimientos de la tarjeta."],
         "fix": ["Ya está desbloqueada la tarjeta; puede usarla ahora mismo.", "El bloqueo queda levantado, pruebe de nuevo a pagar.",
                 "Listo, la tarjeta vuelve a estar operativa.", "Queda reactivada la tarjeta y el límite está como antes."],
         "cause": ["Se bloqueó por una alerta de fraude que saltó por error en nuestros controles.", "El bloqueo lo activamos nosotros por un fallo en la revisión.",
                   "Veo que lo bloqueó un proceso nuestro de seguridad sin motivo.", "La tarjeta quedó bloqueada por un error en nuestra renovación."],
         "qa": [("¿Cuál es el límite diario del cajero?", "Su límite diario es de seiscientos euros."),
                ("¿Cómo activo los pagos con el móvil?", "Desde la aplicación, en ajustes de tarjeta, puede activarlos."),
                ("¿Cuánto cuesta la tarjeta de crédito?", "No tiene cuota si la usa una vez al mes."),
                ("¿Cuándo me llega la tarjeta nueva?", "La tarjeta nueva le llega en unos cinco días.")]},
    ],
    "en": [
        {"key": "billing", "company": "Linkwave", "dept": "billing", "dept2": "collections", "third": "your bank",
         "complaint": ["I've been charged twice for this month's bill.", "There's a charge of {amount} dollars on my bill that I don't recognise.",
                       "My direct debit went out two times this month, same amount.", "So I just checked my bank and you've double-billed me."],
         "check": ["I'm looking at this month's charges on your account.", "Okay, I've got your recent bills here.",
                   "I can see two payments for the same amount.", "I'm going through the bill line by line."],
         "fix": ["The duplicate charge is cancelled and the refund will reach you in five working days.", "That's corrected now, the amount will come off your next bill.",
                 "Done, a refund of {amount} dollars has gone back to your account.", "The second charge is voided and the money's back this week."],
         "cause": ["The double charge came from a fault in our billing system.", "The bill went out twice because of an error in our payment run.",
                   "I can see the duplicate was triggered by one of our system updates.", "The extra amount is from an error applying your plan on our side."],
         "qa": [("I wanted to know what day the bill is taken.", "It's taken on the fifth of every month."),
                ("Can you tell me how much I pay a month?", "Your plan is {amount} dollars a month including tax."),
                ("Can I change the bank account I pay from?", "Yes, you can do that in the app or right here with me."),
                ("When does my contract end?", "Your minimum term ends next March.")]},
        {"key": "internet", "company": "Linkwave", "dept": "tech support", "dept2": "faults", "third": "the power company",
         "complaint": ["My broadband's been down since Monday.", "The internet keeps dropping out and I can't work from home like this.",
                       "The internet isn't working, the router's got a red light.", "The connection is awful, nothing will even load."],
         "check": ["I'm running a line test now.", "I can see your router hasn't synced since yesterday.",
                   "The line test shows drop-outs over the last few hours.", "I'm checking the port status at the exchange."],
         "fix": ["Okay, the port's been reset and the line's syncing again, try it now.", "The configuration's corrected and your speed is back to normal.",
                 "You should have service again, the router light should go green.", "Your connection's restored, you can get online now."],
         "cause": ["The fault came from a misconfiguration we made at the exchange.", "It dropped because of a change we pushed to our network.",
                   "The fault was caused by our maintenance work that wasn't closed properly.", "I can see the problem is a profile loaded wrongly on our system."],
         "qa": [("I wanted to check what speed I'm paying for.", "You're on the five hundred meg plan."),
                ("How do I change my wifi password?", "You can change it in the app under your router settings."),
                ("Can you send me a wifi extender?", "Yes, the extender is {amount} dollars and arrives in three days."),
                ("Am I still in contract on the broadband?", "No, your broadband plan is rolling monthly.")]},
        {"key": "delivery", "company": "ShopHub", "dept": "logistics", "dept2": "returns", "third": "the courier",
         "complaint": ["My order was due a week ago and it still hasn't turned up.", "My parcel hasn't arrived and it's been ten days.",
                       "I'm still waiting on my package, it should've been here ages ago.", "I ordered a washing machine and it never got delivered."],
         "check": ["I'm looking at the tracking now.", "I can see the parcel is sitting at the local depot.",
                   "It shows here the order left on the third.", "I'm checking the status of the order."],
         "fix": ["We're resending it today by express and it'll be with you tomorrow.", "A new priority delivery has been booked at no charge.",
                 "The parcel goes out today and you'll have it tomorrow.", "You've been refunded the {amount} dollars."],
         "cause": ["The parcel got stuck in our warehouse because of a labelling error.", "The order never left because we logged it wrong in our warehouse.",
                   "I can see the delay came from a mistake on our side when packing it.", "It was never assigned to a route on our system."],
         "qa": [("How long does delivery to Alaska take?", "To Alaska it's five to seven working days."),
                ("Can I change the delivery address on an order?", "Yes, as long as it hasn't left the warehouse."),
                ("How much is express shipping?", "Express is {amount} dollars."),
                ("How long do I have to return something?", "You've got thirty days from delivery.")]},
        {"key": "card", "company": "Northgate Bank", "dept": "cards", "dept2": "fraud", "third": "the card network",
         "complaint": ["My card's been blocked and I can't pay for anything.", "My card got declined at the supermarket, it was so embarrassing.",
                       "My card hasn't worked since this morning.", "I can't get cash out, the machine says my card's blocked."],
         "check": ["I'm looking at the status of your card.", "There's a precautionary block on it since this morning.",
                   "I can see the declined payments.", "I'm going through the recent card activity."],
         "fix": ["The card's unblocked, you can use it right away.", "The block's been lifted, try paying again.",
                 "Done, the card's working again.", "The card's reactivated and your limit is back as it was."],
         "cause": ["It was blocked by a fraud alert that our checks raised by mistake.", "We put the block on ourselves because of a review error.",
                   "I can see one of our security processes blocked it for no reason.", "The card got locked because of an error in our renewal run."],
         "qa": [("What's my daily cash withdrawal limit?", "Your daily limit is five hundred dollars."),
                ("How do I set up phone payments?", "In the app, under card settings, you can turn them on."),
                ("Is there a fee for the credit card?", "There's no annual fee if you use it once a month."),
                ("When will my new card arrive?", "The new card should arrive in about five days.")]},
    ],
}

# Rule ids carried by a bank's phrasings wherever they are used.
BANK_TAGS: dict[str, set[str]] = {
    "empathy": {"empathy"}, "ownership": {"ownership"}, "follow_case": {"follow_up"}, "follow_callback": {"follow_up"},
    "pseudo_helpless": {"helpless_refusal"}, "helpless": {"helpless_refusal"}, "owner_unavailable": {"owner_unavailable"},
    "owner_unavailable_callback": {"follow_up"}, "recording_threat": {"recording_intimidation"},
    "repeat_contact": {"repeat_contact"}, "churn": {"churn_risk"},
    **{f"blame_{kind}": {"blame_shifting"} for kind in
       ("department", "colleague", "system", "customer", "third_party", "not_my_area")},
    "topic.cause": set(),  # naming a cause is no behaviour on its own; templates pair it with ownership
}
APOLOGY_BANKS = {"apology"}  # genuine apologies; pseudo_apology / pseudo_helpless are not
HOLD_BANKS = {"hold"}
COMPLAINT_BANKS = {"topic.complaint", "dispute", "not_my_fault", "repeat_contact", "churn", "detail"}
# Banks whose phrasings are behaviour or cue evidence: checked disjoint between dev and test files.
NEUTRAL_BANKS = {"greeting", "hello", "ask_id", "give_id", "verify", "ack", "ack_how", "ask_fix", "resigned",
                 "closing_agent", "closing_customer", "bye", "resume", "backchannel", "as_i_said", "line_dropped",
                 "agent2_greeting", "owner_request"}

SLOT_VALUES = {
    "es": {"agent": ["Marta", "Javier", "Sofía", "Luis"], "agent2": ["Raúl", "Elena", "Pablo", "Inés"],
           "name": ["Carmen López", "José Martínez", "Lucía Fernández", "Andrés Gómez", "María José Ruiz", "Diego Hernández"],
           "day": ["lunes", "martes", "miércoles", "jueves", "viernes"]},
    "en": {"agent": ["Emma", "Daniel", "Olivia", "Ryan"], "agent2": ["Chris", "Hannah", "Mike", "Zoe"],
           "name": ["Sarah Collins", "James Miller", "Priya Shah", "Tom Baker", "Emily Johnson", "Marcus Reed"],
           "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]},
}
AGENTS = {"es": ["AG-ES-1", "AG-ES-2", "AG-ES-3", "AG-ES-4"], "en": ["AG-EN-1", "AG-EN-2", "AG-EN-3", "AG-EN-4"]}
TZ = {"es": "+01:00", "en": "Z"}


def split_half(phrases: list, split: str) -> list:
    """The half of a bank a split may use: even positions for dev, odd positions for test."""
    return phrases[0::2] if split == "dev" else phrases[1::2]


def checked_banks():
    """(bank name, language, phrasings) for every behaviour/cue bank whose halves must stay disjoint."""
    for name, per_lang in BANKS.items():
        if name not in NEUTRAL_BANKS:
            for lang, phrases in per_lang.items():
                yield name, lang, phrases
    for lang, topics in TOPICS.items():
        for topic in topics:
            for part in ("complaint", "cause"):
                yield f"topic.{part}.{topic['key']}", lang, topic[part]


# ---------------------------------------------------------------------------------------------------
# Call builder and label derivation
# ---------------------------------------------------------------------------------------------------

@dataclass
class Turn:
    speaker: str
    start: float
    end: float
    text: str
    tags: set = field(default_factory=set)
    complaint: str | None = None  # grievance id for a customer complaint turn
    apology: bool = False
    hold: bool = False


def join_parts(texts: list[str]) -> str:
    """Join phrases into one spoken turn: a phrase after an unfinished one ("Hola, mire,") starts in lower
    case, and a lower-case continuation ("and honestly ...") turns the full stop before it into a comma."""
    out = ""
    for text in texts:
        if not out:
            out = text
            continue
        if text[:1].islower() and out.endswith("."):
            out = out[:-1] + ","
        elif not out.endswith((".", "?", "!", ":")) and not re.match(r"I\b|I'", text):
            text = text[:1].lower() + text[1:]
        out = f"{out} {text}"
    return out


class Ambiguous(Exception):
    """The call's labels would change with a small change of a timing threshold: draw it again."""


class Call:
    def __init__(self, lang: str, split: str, rng: random.Random):
        self.lang, self.split, self.rng = lang, split, rng
        self.turns: list[Turn] = []
        self.t = rng.uniform(0.2, 0.9)
        self.extra: set[str] = set()
        self.topic = rng.choice(TOPICS[lang])
        self.slots = {k: rng.choice(v) for k, v in SLOT_VALUES[lang].items()}
        self.agent_index = rng.randrange(len(AGENTS[lang]))  # agent_id and the name the agent gives agree
        self.slots["agent"] = SLOT_VALUES[lang]["agent"][self.agent_index]
        self.slots.update(company=self.topic["company"], dept=self.topic["dept"], dept2=self.topic["dept2"],
                          third=self.topic["third"], num=self._digits(8), ref=self._ref(),
                          amount=str(rng.choice([12, 29, 35, 48, 59, 74, 120])))

    def _digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def _ref(self) -> str:
        return f"{self.rng.choice(['INC', 'CAS', 'REF'])}-{self._digits(5)}"

    def phrase(self, key: str) -> str:
        if key.startswith("topic."):
            pool = self.topic[key[len("topic."):]]
        else:
            pool = BANKS[key][self.lang]
        return self.rng.choice(split_half(pool, self.split)).format(**self.slots)

    def qa(self) -> tuple[str, str]:
        q, a = self.rng.choice(split_half(self.topic["qa"], self.split))
        return q.format(**self.slots), a.format(**self.slots)

    def say(self, speaker: str, *parts: str, gap: float | None = None, grievance: str = "main",
            tags: set[str] | None = None, at: float | None = None) -> Turn:
        """One turn made of bank phrases (keys) or literal text ('=' prefix). Returns the turn."""
        texts, turn_tags, complaint, apology, hold = [], set(tags or ()), None, False, False
        for part in parts:
            if part.startswith("="):
                texts.append(part[1:])
                continue
            texts.append(self.phrase(part))
            turn_tags |= BANK_TAGS.get(part, set())
            complaint = grievance if (part in COMPLAINT_BANKS and speaker == "customer") else complaint
            apology = apology or part in APOLOGY_BANKS
            hold = hold or part in HOLD_BANKS
        text = join_parts(texts)
        words = len(text.split())
        duration = max(0.6, words / WORDS_PER_S * self.rng.uniform(0.9, 1.1))
        if at is not None:
            start = at
        elif not self.turns:
            start = self.t
        else:
            start = self.t + (gap if gap is not None else self.rng.uniform(0.5, 1.5))
        turn = Turn(speaker, start, start + duration, text, turn_tags, complaint, apology, hold)
        self.turns.append(turn)
        self.t = max(self.t, turn.end)
        return turn

    # common pieces
    def opening(self, disclosure: bool | None = None) -> None:
        if disclosure is None:
            disclosure = self.rng.random() < 0.4
        self.say("agent", "greeting_disclosure" if disclosure else "greeting")

    def identify(self) -> None:
        self.say("agent", "ask_id")
        self.say("customer", "give_id")
        self.say("agent", "verify")

    def closing(self) -> None:
        self.say("agent", "closing_agent")
        self.say("customer", "closing_customer")
        self.say("agent", "bye")


def derive_labels(turns: list[Turn], apology_w=APOLOGY_WINDOW_S, dead_s=DEAD_AIR_S, hold_look=HOLD_LOOKBACK_S,
                  overlap_min=OVERLAP_MIN_S) -> set[str]:
    labels: set[str] = set()
    for turn in turns:
        labels |= turn.tags
    # missing_apology
    apologies = [t for t in turns if t.speaker == "agent" and t.apology]
    complaints = [t for t in turns if t.speaker == "customer" and t.complaint]
    for c in complaints:
        acknowledged = any(
            a.end <= c.start and c.start - a.end <= apology_w
            and any(p.complaint == c.complaint and p.start < a.start for p in complaints)
            for a in apologies)
        answered = any(c.start <= a.start <= c.end + apology_w for a in apologies)
        if not acknowledged and not answered:
            labels.add("missing_apology")
    # dead_air
    ordered = sorted(turns, key=lambda t: t.start)
    reach = ordered[0].end
    for nxt in ordered[1:]:
        if nxt.start - reach >= dead_s:
            held = any(t.speaker == "agent" and t.hold and reach - hold_look <= t.end <= reach for t in ordered)
            if not held:
                labels.add("dead_air")
        reach = max(reach, nxt.end)
    # interruption
    for a in turns:
        if a.speaker != "agent" or len(a.text.split()) < 3:
            continue
        for c in turns:
            if c.speaker == "customer" and c.start < a.start < c.end and min(a.end, c.end) - a.start >= overlap_min:
                labels.add("interruption")
    return labels


def robust_labels(turns: list[Turn]) -> set[str]:
    nominal = derive_labels(turns)
    for variant in ((50, 12, 7, 0.7), (70, 18, 13, 1.3)):
        if derive_labels(turns, *variant) != nominal:
            raise Ambiguous
    return nominal


# ---------------------------------------------------------------------------------------------------
# CALL TEMPLATES: one function per scenario type. Each composes a call; labels come from derive_labels
# plus any context tags a template adds.
# ---------------------------------------------------------------------------------------------------

def clean_info(c: Call):
    c.opening()
    q, a = c.qa()
    c.say("customer", "hello", "=" + q)
    c.identify()
    c.say("agent", "=" + a)
    c.say("customer", "ack")
    c.closing()


def opening_disclosure_only(c: Call):
    c.opening(disclosure=True)
    q, a = c.qa()
    c.say("customer", "hello", "=" + q)
    c.say("agent", "=" + a)
    c.say("customer", "ack")
    c.closing()


def complaint_prompt_apology_fix(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("customer", "ack")
    c.say("agent", "topic.fix")
    c.say("customer", "ack")
    c.closing()


def complaint_no_apology(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "repeat_please")  # politeness, not an apology
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("agent", "topic.fix")
    c.say("customer", "ack")
    c.closing()


def late_apology(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.identify()
    c.say("agent", "hold")
    c.say("agent", "resume", "apology", "topic.check", gap=c.rng.uniform(72, 90))
    c.say("customer", "ack")
    c.say("agent", "topic.fix")
    c.closing()


def pseudo_apology(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.identify()
    c.say("agent", "topic.check")
    c.say("customer", "dispute")
    c.say("agent", "pseudo_apology")
    c.say("customer", "resigned")
    c.closing()


def pseudo_apology_helpless(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.identify()
    c.say("agent", "topic.check")
    c.say("customer", "ask_fix")
    c.say("agent", "pseudo_helpless")
    c.say("customer", "resigned")
    c.closing()


def _blame(kind: str):
    def template(c: Call):
        c.opening()
        c.say("customer", "hello", "topic.complaint")
        c.say("agent", "apology", "ask_id")
        c.say("customer", "give_id")
        c.say("agent", "verify", "topic.check")
        c.say("agent", f"blame_{kind}")
        c.say("customer", "ack_how")
        c.say("agent", "topic.fix")
        c.closing()
    template.__name__ = f"blame_{kind}"
    return template


def cause_named_ownership(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("agent", "topic.cause", "ownership")
    c.say("customer", "ack")
    c.say("agent", "topic.fix")
    c.closing()


def owned_fix(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "ownership")
    c.say("agent", "topic.fix")
    c.closing()


def customer_not_my_fault(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.identify()
    c.say("agent", "topic.check")
    c.say("customer", "not_my_fault")
    c.say("agent", "apology", "topic.fix")
    c.say("customer", "ack")
    c.closing()


def recording_threat(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.identify()
    c.say("agent", "topic.check")
    c.say("customer", "dispute")
    c.say("agent", "recording_threat", tags={"recording_intimidation"})
    c.say("customer", "resigned")
    c.say("agent", "topic.fix")
    c.closing()


def recording_threat_after_apology(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "dispute")  # the same grievance, right after the apology: already acknowledged
    c.say("agent", "recording_threat", tags={"recording_intimidation"})
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.fix")
    c.closing()


def customer_asks_recording(c: Call):
    c.opening(disclosure=False)
    q, a = c.qa()
    c.say("customer", "hello", "recording_question")
    c.say("agent", "recording_answer")
    c.say("customer", "=" + q)
    c.say("agent", "=" + a)
    c.say("customer", "ack")
    c.closing()


def reconnect_redisclosure(c: Call):
    c.opening(disclosure=True)
    q, a = c.qa()
    c.say("customer", "hello", "=" + q)
    c.say("customer", "line_dropped", gap=c.rng.uniform(2.0, 3.5))
    c.say("agent", "redisclosure")
    c.say("agent", "=" + a)
    c.say("customer", "ack")
    c.closing()


def cold_transfer(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "transfer_cold", tags={"needless_transfer"})
    c.say("customer", "ack")


def second_transfer(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("agent", "transfer_warm")
    c.say("agent", "agent2_warm", gap=c.rng.uniform(2.0, 4.0))
    c.say("customer", "ack")
    first_dept, c.slots["dept"] = c.slots["dept"], c.slots["dept2"]  # the second agent sends the call on again
    c.say("agent", "transfer_cold", tags={"needless_transfer"})
    c.slots["dept"] = first_dept
    c.say("customer", "ack")


def transfer_after_deflection(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", c.rng.choice(["blame_not_my_area", "blame_department"]), "transfer_cold", tags={"needless_transfer"})
    c.say("customer", "ack")


def transfer_repeat_forced(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("agent", "transfer_plain")
    c.say("agent", "repeat_forced", gap=c.rng.uniform(2.0, 4.0), tags={"needless_transfer"})
    c.say("customer", "as_i_said", "topic.complaint")
    c.say("agent", "apology", "topic.fix")
    c.closing()


def warm_transfer(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("customer", "ack")
    c.say("agent", "topic.check")
    c.say("agent", "transfer_warm")
    c.say("agent", "agent2_warm", gap=c.rng.uniform(2.0, 4.0))
    c.say("customer", "ack")
    c.say("agent", "topic.fix")
    c.closing()


def customer_requested_transfer(c: Call):
    c.opening()
    q, a = c.qa()
    c.say("customer", "hello", "transfer_request")
    c.say("agent", "transfer_accept")
    c.say("agent", "agent2_greeting", gap=c.rng.uniform(2.0, 4.0))
    c.say("customer", "=" + q)
    c.say("agent", "=" + a)
    c.closing()


def helpless_refusal(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("customer", "ask_fix")
    c.say("agent", "helpless")
    c.say("customer", "resigned")
    c.closing()


def refusal_with_alternative(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("customer", "ask_fix")
    c.say("agent", "refusal_alternative")
    c.say("customer", "ack")
    c.closing()


def owner_unavailable(c: Call):
    c.opening()
    c.say("customer", "hello", "owner_request")
    c.identify()
    c.say("agent", "owner_unavailable")
    c.say("customer", "resigned")
    c.closing()


def owner_unavailable_after_complaint(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("customer", "ask_fix")
    c.say("agent", "owner_unavailable")
    c.say("customer", "resigned")
    c.closing()


def owner_unavailable_callback(c: Call):
    c.opening()
    c.say("customer", "hello", "owner_request")
    c.identify()
    c.say("agent", "owner_unavailable_callback")
    c.say("customer", "ack")
    c.closing()


def repeat_contact(c: Call):
    c.opening()
    c.say("customer", "hello", "repeat_contact", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("agent", "topic.fix")
    c.say("customer", "ack")
    c.closing()


def churn_threat(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.identify()
    c.say("agent", "topic.check")
    c.say("customer", "churn")
    c.say("agent", "apology", "topic.fix")
    c.say("customer", "ack")
    c.closing()


def dead_air(c: Call):
    c.opening()
    q, a = c.qa()
    c.say("customer", "hello", "=" + q)
    c.say("agent", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", gap=c.rng.uniform(19, 32))  # long silence, no hold notice
    c.say("agent", "=" + a)
    c.say("customer", "ack")
    c.closing()


def hold_then_gap(c: Call):
    c.opening()
    q, a = c.qa()
    c.say("customer", "hello", "=" + q)
    c.identify()
    c.say("agent", "hold")
    c.say("agent", "resume", gap=c.rng.uniform(20, 55))
    c.say("agent", "=" + a)
    c.say("customer", "ack")
    c.closing()


def interruption(c: Call):
    c.opening()
    cust = c.say("customer", "hello", "topic.complaint", "detail")
    agent_text = c.phrase("interrupt")
    c.t = cust.end - c.rng.uniform(1.6, 2.6)  # the agent cuts in before the customer is done
    c.say("agent", "=" + agent_text, gap=0.0)
    c.say("customer", "give_id")
    c.say("agent", "verify", "apology", "topic.check")
    c.say("agent", "topic.fix")
    c.closing()


def backchannel_overlap(c: Call):
    c.opening()
    cust = c.say("customer", "hello", "topic.complaint", "detail")
    mid = cust.start + (cust.end - cust.start) * c.rng.uniform(0.4, 0.6)
    bc = c.say("agent", "backchannel", at=mid)
    assert bc.end < cust.end
    c.t = cust.end
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.fix")
    c.closing()


def empathy_with_apology(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint", "detail")
    c.say("agent", "empathy", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("agent", "topic.fix")
    c.closing()


def empathy_no_apology(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint", "detail")
    c.say("agent", "empathy", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "repeat_please")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("agent", "topic.fix")
    c.closing()


def follow_up_case_number(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("agent", "topic.fix", "follow_case")
    c.say("customer", "ack")
    c.closing()


def follow_up_callback(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint")
    c.say("agent", "apology", "ask_id")
    c.say("customer", "give_id")
    c.say("agent", "verify", "topic.check")
    c.say("agent", "topic.fix", "follow_callback")
    c.say("customer", "ack")
    c.closing()


def combo_bad(c: Call):
    c.opening()
    c.say("customer", "hello", "repeat_contact", "topic.complaint")
    c.identify()
    c.say("agent", "blame_system")
    c.say("customer", "churn")
    c.say("agent", "helpless")
    c.say("customer", "resigned")
    c.say("agent", "bye")


def combo_good(c: Call):
    c.opening()
    c.say("customer", "hello", "topic.complaint", "detail")
    c.say("agent", "empathy", "apology")
    c.identify()
    c.say("agent", "topic.cause", "ownership")
    c.say("agent", "topic.fix", "follow_case")
    c.say("customer", "ack")
    c.closing()


# (template, calls per language per split)
SCHEDULE = [
    (clean_info, 2), (opening_disclosure_only, 1), (complaint_prompt_apology_fix, 2), (complaint_no_apology, 2),
    (late_apology, 2), (pseudo_apology, 1), (pseudo_apology_helpless, 1),
    *[(_blame(k), 1) for k in ("department", "colleague", "system", "customer", "third_party", "not_my_area")],
    (cause_named_ownership, 2), (owned_fix, 1), (customer_not_my_fault, 2),
    (recording_threat, 2), (recording_threat_after_apology, 1), (customer_asks_recording, 2), (reconnect_redisclosure, 1),
    (cold_transfer, 1), (second_transfer, 1), (transfer_after_deflection, 1), (transfer_repeat_forced, 1),
    (warm_transfer, 2), (customer_requested_transfer, 2),
    (helpless_refusal, 1), (refusal_with_alternative, 2),
    (owner_unavailable, 2), (owner_unavailable_after_complaint, 1), (owner_unavailable_callback, 2),
    (repeat_contact, 2), (churn_threat, 2), (dead_air, 3), (hold_then_gap, 3), (interruption, 3), (backchannel_overlap, 3),
    (empathy_with_apology, 1), (empathy_no_apology, 1), (follow_up_case_number, 1), (follow_up_callback, 1),
    (combo_bad, 1), (combo_good, 1),
]

# ---------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------

_ASR_STRIP = re.compile(r"[¿?¡!.,;:]")


def asr_style(text: str) -> str:
    return re.sub(r"\s+", " ", _ASR_STRIP.sub("", text.lower())).strip()


def started_at(rng: random.Random, lang: str) -> str:
    day = datetime(2026, 11, 2)  # a Monday; four working weeks follow
    offset = rng.randrange(28)
    while (day + timedelta(days=offset)).weekday() >= 5:
        offset = rng.randrange(28)
    moment = day + timedelta(days=offset, hours=rng.randint(8, 19), minutes=rng.randrange(60), seconds=rng.randrange(60))
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + TZ[lang]


def build_call(template, lang: str, split: str, index: int, instance: int) -> dict:
    for attempt in range(50):
        rng = random.Random(f"{split}/{lang}/{template.__name__}/{instance}/{attempt}")
        call = Call(lang, split, rng)
        template(call)
        try:
            labels = robust_labels(call.turns)
        except Ambiguous:
            continue
        asr = rng.random() < ASR_STYLE_SHARE
        turns = sorted(call.turns, key=lambda t: t.start)
        return {
            "call_id": f"lab-{split}-{lang}-{index:03d}",
            "agent_id": AGENTS[lang][call.agent_index],
            "language": lang,
            "started_at": started_at(rng, lang),
            "expected_rules": sorted(labels),
            "scenario": template.__name__,
            "turns": [{"speaker": t.speaker, "start": round(t.start, 1), "end": round(t.end, 1),
                       "text": asr_style(t.text) if asr else t.text} for t in turns],
        }
    raise RuntimeError(f"{template.__name__}: no unambiguous draw in 50 attempts")


def build_corpus() -> dict[str, list[dict]]:
    corpus: dict[str, list[dict]] = {}
    for split in SPLITS:
        calls = []
        for lang in LANGUAGES:
            index = 1
            for template, count in SCHEDULE:
                for instance in range(count):
                    calls.append(build_call(template, lang, split, index, instance))
                    index += 1
        corpus[split] = calls
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: examples/labelled)")
    args = parser.parse_args()
    corpus = build_corpus()
    for split, calls in corpus.items():
        folder = args.out / split
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for call in calls:
            (folder / f"{call['call_id']}.json").write_text(
                json.dumps(call, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{split}: {len(calls)} calls -> {folder}")


if __name__ == "__main__":
    main()
