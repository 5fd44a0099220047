"""Rule logic that needs turn order and time, beside the phrase files it reads.

Each rule is a function `(call, rule) -> list[Detection]` over the cue hits of one call. The phrase
files say *what* was said; these functions say when it counts (who said it, after what, how soon).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable

from nlp.cues import CueHit, TurnCues
from nlp.resemblance import RESEMBLANCE_MARK
from nlp.rulebook import RuleSpec
from speech.types import ConversationMetrics, Interval, Turn

# Customer cues that voice a grievance: each needs an apology, and each makes a later mention of the
# recording a threat rather than a notice.
GRIEVANCE_CUES = ("complaint", "repeat_contact", "churn_threat")


# A 'sorry' this close before a request to say something again is politeness ('Sorry, the line's
# crackly, can you say that again?'), not an apology; further away it may be both.
SAY_AGAIN_REACH_CHARS = 40

# A customer turn this long or longer can state why they call ("Hola, buenas" cannot).
REASON_MIN_WORDS = 4

# A question is a request for information ("Can I pay without my card?", "¿Qué pasa si no los uso?"), so its
# negations and failure words report no problem; one that asks why is a grievance ("Why is it still down?"),
# and a problem stated before a request ("It's been down for days, can you fix it?") is still stated. Fillers
# and framings before the question ("Okay, so like, is there...", "So the issue I have is that is there a
# fee...?") do not make it a statement.
QUESTION_LEAD_INS = (r"okay|ok|so|like|well|right|um|uh|yeah|look|listen|and|basically|long story short|"
                     r"quick question|here's the thing|the thing is|actually|"
                     r"(?:the|my) (?:own )?(?:issue|problem|question|query|matter)(?: i have| i've got)? is(?: that)?|"
                     r"oye|oiga|mire|vea|f[ií]jese(?: usted)?(?: que)?|bueno|pues|entonces|y|es que|(?:le|te|les) (?:cuento|explico|echo el cuento)|una pregunta|"
                     r"mi (?:duda|pregunta|consulta) es|(?:le |les )?(?:hablo|llamo|escribo) porque|"
                     r"i'm (?:calling|ringing|phoning) (?:because|since|as)|(?:i'm )?calling because|"
                     r"it's (?:about|like) this|(?:so )?get this|es por esto|es lo siguiente")
QUESTION_WORDS = (r"can|could|do|does|did|is|are|am|was|were|will|would|may|should|what|how|when|where|which|got|any|puedo|puede|pueden|"
                  r"podría|podrían|qué|cómo|cuándo|dónde|cuál|cuánto|cuánta|hay|tienen|tiene")
# The question a sentence ends with: from its start (or a colon) after lead-ins, or from a Spanish '¿' whatever
# word follows it ("Vea, fíjese que ¿se acumulan los datos...?").
QUESTION = re.compile(rf"(?:^|(?<=[:;]))\s*(?:(?:{QUESTION_LEAD_INS})\b[\s,:]*)*(?:{QUESTION_WORDS})\b[^:;¿]*\?\s*$"
                      r"|¿[^:;¿]*\?\s*$", re.IGNORECASE)
# Recogniser text has no punctuation: there a question shows by its opening, after greetings and lead-ins only
# ("hello there good evening to you please can i pay with my phone without the card", "hola qué tal oiga le llamo
# porque cuánto me cobran por sacar dinero"), and runs to the sentence's end. Spanish interrogatives only with
# their accent ("en cuanto" is "as soon as"); "cómo es posible" is an outcry.
# Greetings that ask after the other person: no question of the call ("buenos días cómo me le va le cuento...").
HOW_ARE_YOU = r"c[oó]mo (?:me |te )?(?:le |les )?va|c[oó]mo est[aá]s?|c[oó]mo and[aá]s|how are you|how(?:'s| is) it going"
UNPUNCTUATED_QUESTION = re.compile(
    r"^(?:\W*(?:hello|hi|hiya|hey|hello there|hi there|good (?:morning|afternoon|evening|day)|to you|please"
    r"|sir|madam|ma'am|hola|buenas|buenos d[ií]as|buenas (?:tardes|noches)|qu[eé] tal|con qui[eé]n hablo|yo"
    r"|morning|afternoon|evening|howdy|alright|love|mate|pet|hon|my lover|my dear"
    r"|[eé]pale|chamo|che|joven|pana|maje|mij[oa]|se[ñn]orita|se[ñn]ora?|cuz|b'y"
    rf"|{HOW_ARE_YOU}"
    rf"|{QUESTION_LEAD_INS})\b)*\W*"
    r"(?:(?:can|could|may|do|does|did|will|would|should) (?:i|you|we|it|they|my|the|your|our)|is (?:this|there|it)"
    r"|are (?:there|you)"
    r"|how (?:much|many|long|often|do|does|can|would)|what (?:happens|does|do)"
    rf"|cuántos?|cuántas?|(?!(?:{HOW_ARE_YOU})\b)cómo(?! es posible| puede ser)|dónde|cuándo|cuál"
    r"|(?:se )?(?:puedo|podría|pueden|puede)(?= \w+r\b))\b(?!')", re.IGNORECASE)
# "I'm on a farm and the signal's shocking, so if I vanish, hold on": the customer speaks of this call's line, not
# of the problem they ring about.
LINE_OF_THIS_CALL = re.compile(r"\b(?:signal|reception|coverage|connection|se[ñn]al|cobertura)\b[^:]*?\b(?:if i (?:vanish|drop|cut|go"
                               r"|lose)|if you lose me|si me corto|si se corta|si me pierde|bear with me|stay with me"
                               r"|tenga paciencia|esp[eé]reme|aguánteme)", re.IGNORECASE)
# A lead-in that says the customer doesn't understand something ("hay un asunto que no entiendo:") reports nothing.
NOT_UNDERSTOOD = re.compile(r"\b(?:asunto|cosa|algo|tema) que no (?:entiendo|comprendo|me explico|me cuadra)\b"
                            r"|\bsomething i (?:don't|can't) (?:understand|work out|get)\b", re.IGNORECASE)
# "I'm ringing with a bit of a problem: ..." names what follows; when a question follows, the call is the question.
PROBLEM_LEAD_IN = re.compile(r"\b(?:about|with|got|have|having|regarding|tengo|traigo|con|por)\s+(?:a|an|one|un|una)\s+"
                             r"(?:bit of a\s+|small\s+|little\s+|quick\s+|wee\s+|pequeño\s+)?"
                             r"(?:problem|issue|matter|query|problema|asunto|consulta)\b[\s:,.\-–]*", re.IGNORECASE)
OPENS_A_QUESTION = re.compile(r"(?:what|what's|how|when|where|which|who|is there|are there|qu[eé]|cu[aá]nt[oa]s?|c[oó]mo|cu[aá]ndo"
                              r"|d[oó]nde|cu[aá]l)\b", re.IGNORECASE)
# Only lead-ins and punctuation: what may stand before the question in a sentence that only asks.
LEAD_INS_ONLY = re.compile(rf"^(?:[\s,:;.!¡]*(?:{QUESTION_LEAD_INS})\b)*[\s,:;.!¡]*$", re.IGNORECASE)
# A grievance in the if-clause of a question is hypothetical ("If something's not right, what's the window for
# returns?"); in a statement, "if" is as often "whenever" ("If I pay by card it gets declined"), but "in case"
# never is ("I'm asking in case I need to complain later").
CONDITIONAL = re.compile(r"\b(if|si|in case|en caso de que|por si)\b", re.IGNORECASE)
IN_CASE = re.compile(r"\b(in case|just in case|en caso de|por si acaso|por si|if ever"
                     r"|if (?:it|they|that|this|the \w+) (?:ever|should))\b", re.IGNORECASE)
INDIRECT_QUESTION = re.compile(r"\b(ask(ing)?|wonder(ing|ed)?|(like|want|need) to know) (if|whether)\b"
                               r"|\b(saber|preguntar(le)?|consultar(le)?) si\b", re.IGNORECASE)
# A request for a change ("Quería pedir que me ampliaran el plazo, que aún no he cobrado la cosecha", "I'm
# ringing to see if I could pay in two instalments; money's tight") gives its reasons, not a grievance: a bare
# negation in its sentence reports no failure. A failure named outright ("you charged me twice") still does.
REQUEST = re.compile(r"\b(i'd like|i would like|i'?m after (?:a|an|some)|i need (?:a|an|to)|(?:i|we|and) want (?:a|an)"
                     r"|(?:necesito|preciso) (?:que|un|una)"
                     r"|i(?: was)? want(?:ed)? to ask"
                     r"|(?:ringing|calling|phoning) to (?:see|ask|check)|to see if i|could i (?:get|have|ask)"
                     r"|could (?:someone|somebody|one of you)|querr[ií]a"
                     r"|i'd (?:rather|prefer|need to)|i would (?:rather|prefer|need to)"
                     r"|quer[ií]a (?:pedir|solicitar|saber)|quer[ií]a que|no me (?:conecta|pasa|comunica)"
                     r"|quiero (?:pedir|solicitar|poner|pasar|cambiar|saber|contratar|activar)"
                     r"|quisiera|me gustar[ií]a|necesitar[ií]a que|preferir[ií]a"
                     r"|por si me (?:puede|pueden|podr[ií]an))\b", re.IGNORECASE)
# What a request asks to have done: "...for the penalty to be dropped".
# A clause that gives the request's reason ("...hasta el día veinte, que cobro tarde", "..., as I get paid late").
REASON_CLAUSE = re.compile(r"[,;]\s*(?:que|as|because|since|porque|ya que|pues)\b[^,;]*$", re.IGNORECASE)
ASKED_TO_BE_DONE = re.compile(r"\bto (?:be|get|have it)\s+$", re.IGNORECASE)
# A closing ("Nothing else for today, thanks", "Nada más, gracias") reports no problem, even as the first long
# customer turn after a transfer.
CLOSING = re.compile(r"^\W*(?:no\W+more|(?:no\W+)?(?:nothing (?:else|more)|that's (?:all|it|everything|the lot)"
                     r"|(?:i'm |i am |we're |we are )?all (?:good|sorted|set)"
                     r"|nada m[aá]s|eso es todo|es todo))\b", re.IGNORECASE)
# Complaint patterns that only name a complaint ("queja", "reclamación", "complaint"): in a question for
# information or a request they ask about one.
NAMES_A_COMPLAINT = ("complaint.queja", "complaint.complaint")
# What leaving would cost or require ("How much notice do I need to give to cancel?", "¿El módem lo tengo que
# devolver si me doy de baja?"): asked, it is a question about the terms, no threat to leave.
TERMS_OF_LEAVING = re.compile(r"\b(charge[sd]?|fees?|penalty|notice|cost|costs|how much|how long|cu[aá]nto"
                              r"|penalizaci[oó]n|preaviso|cobr\w*|devolver|return)\b", re.IGNORECASE)
# Problem reports that are only a negation or a 'still': in a request they give its reasons.
BARE_NEGATION_REPORTS = ("problem_report.negation", "problem_report.no_mid_sentence",
                         "problem_report.no_then_failure", "problem_report.still_again", "problem_report.negacion",
                         "problem_report.no_dentro_de_la_frase", "problem_report.no_y_averia", "problem_report.todavia")
# Empathy patterns that only agree with the customer ("you're right", "tiene toda la razón"), or the nearest
# pattern of an agreement found by resemblance.
AGREEMENTS = ("empathy.you_are_right", "empathy.tiene_razon")
# Punctuation that ends a clause. Recogniser output without punctuation has none, so a sentence without it is
# such text (a whole turn, often).
CLAUSE_BREAK = re.compile(r"[,;:.!?¿¡]")
# A 'but' straight after a cue, with only punctuation between, or a filler that softens nothing ("Sorry and all, but").
BUT_NEXT = re.compile(r"[\s,;:.…-]*(?:(?:and all|and that|and everything|y todo|y eso)[\s,;:.…-]*)?"
                      r"(pero|but|aunque|although|however|sin embargo|aun así|aún así|no obstante|even so|that said"
                      r"|nonetheless|nevertheless)\b", re.IGNORECASE)
# Straight after a 'sorry', what turns it into regret for the customer's feelings rather than for what happened
# ("I'm sorry you're upset", "Sorry if that came across badly", "Perdone si le ha sentado mal", "Lamento su molestia").
FEELINGS_NOT_FAULT = re.compile(
    r"\W*(?:(?:that |if )?you(?:'re| are| feel| felt| were|'ve been| have been) (?:so |that |a bit |very |this )?"
    r"(?:upset|angry|annoyed|unhappy|disappointed|offended|cross|frustrated|fed up|put out|irritated|that way"
    r"|like that)"
    r"|if (?:you|that|this|it|i)\b[^.;!?]{0,30}\b(?:upset|offend|feel|felt|came across|took it|annoy)"
    r"|si (?:le|te|les|usted) (?:ha|han|haya|hayan) (?:sentado|molestado|parecido|ofendido|sonado)"
    r"|(?:que|si) (?:usted )?se (?:sienta|haya sentido|ha sentido) (?:así|asi|molest)"
    r"|(?:que|si) (?:usted )?se (?:haya|ha) (?:molestado|enfadado|enojado|disgustado|ofendido|mosqueado)"
    r"|que (?:usted )?(?:piense|crea|lo vea|lo viva|vea las cosas) (?:eso|así|asi|de esa manera)"
    r"|que no (?:le|te|les) (?:guste|parezca bien|convenza|agrade|cuadre)"
    r"|(?:that )?you (?:don't|do not|didn't) (?:like|agree with) (?:it|that|this|the)"
    r"|(?:that )?(?:it's|it is|this is|that's|that is) not what you (?:hoped|wanted|expected|were hoping|were after)"
    r"|que no (?:sea|fuera|haya sido) lo que (?:esperaba|quer[ií]a|buscaba)"
    r"|(?:that )?you (?:see|saw|take|took|read) it (?:like that|that way|so)"
    r"|(?:que (?:usted )?(?:esté|este|se encuentre) )?(?:tan |muy |algo )?(?:molest[oa]|enfadad|disgustad|enojad"
    r"|mosquead)"
    r"|(?:por |de )?(?:su|tu) (?:molestia|malestar|enfado|enojo|disgusto|frustración|frustracion|indignación"
    r"|indignacion)\b"
    r"|(?:for |about )?your (?:frustration|annoyance|upset|disappointment|anger)\b)",
    re.IGNORECASE)
# "Your address is locked so it can't change again": a fix that stops a fault coming back, which only reads like
# a refusal.
CANT_HAPPEN_AGAIN = re.compile(
    r"\b(?:can't|cannot|can not|won't|will not|no (?:puede|podrá|podra|va a|vuelve a|volverá a|volvera a))\b"
    r"[^.;!?]{0,30}\b(?:again|de nuevo|otra vez|nunca más|nunca mas)\b", re.IGNORECASE)
ON_HOLD = re.compile(r"\b(?:on hold|en espera)\b", re.IGNORECASE)
REGRET_WORD = re.compile(r"\b(?:sorry|siento|sentimos|lamento|lamentamos|apologi(?:[sz]e|es))\b", re.IGNORECASE)
# Words that give a 'sorry' its object ("sorry about what's happened"): such an apology is for the problem, even
# right before a request to repeat.
OBJECT_WORDS = r"(?:about|for|that|por|de|las|los|el|la|lo|todo|todas?)"
APOLOGY_OBJECT = re.compile(rf"\b{OBJECT_WORDS}\W*$|^\W*{OBJECT_WORDS}\b", re.IGNORECASE)
# A claim lodged with an insurer ("presenté la reclamación y la aseguradora me la rechaza") is not a contact with us.
CLAIM_WITH_AN_INSURER = re.compile(r"\b(aseguradora|insurer|insurance company|underwriters?)\b", re.IGNORECASE)
# A contact that an if-clause leads up to is a plan ("si me pierde, espéreme, que vuelvo a llamar", "if we get cut
# off I'll just ring again"); a colon or a full stop ends the if-clause's reach, "a ver si" hopes, and "if you look
# at my calls" points to the evidence: they set no condition.
IF_CLAUSE_LEADS_UP = re.compile(r"(?<!\bver )(?<!\bcomo )\b(?:if|si)\b"
                                r"(?! (?:you |usted )?(?:look|check|see|pull|go back|mira|revisa|busca|comprueba|consulta)\w*)"
                                r"[^:;.!?]*$", re.IGNORECASE)
# "El equivocado" is the wrong item, nobody's mistake.
THE_WRONG_ONE = re.compile(r"\b(?:el|la|los|las|lo)\s+equivocad[oa]s?$", re.IGNORECASE)
# What follows a fault's words: a fault that is ours owns it ("la retención fue culpa de nuestro cajero", "la culpa
# es de la empresa, punto"), and a fault that names a document is no fault at all ("that machine's fault report").
FAULT_IS_OURS = re.compile(r"^\s*(?:(?:el|la|los|las|un|una|de|del|fallo|error)\s+){0,3}(?:nuestr[oa]s?|esta casa\b"
                           r"|la (?:propia )?empresa(?=\s*(?:[,.;:!?]|$|y\b|punto\b)))", re.IGNORECASE)
FAULT_AS_A_NOUN = re.compile(r"^\s*(?:report|reports|log|logs|ticket|line|code|record|notice)\b", re.IGNORECASE)
# Sending goods is the fix, not a next contact ("Le mando hoy el artículo correcto y un mensajero recoge el
# equivocado", "I'll send the right size out today").
SENDS = re.compile(r"\b(mando|mandamos|env[ií]o|enviamos|send|post)\b", re.IGNORECASE)
GOODS = re.compile(r"\b(art[ií]culos?|pedidos?|productos?|paquetes?|repuestos?|mensajer[oa]|router|m[oó]dem|aparatos?"
                   r"|t[eé]cnicos?|instalador(?:es)?|items?|parcels?|replacements?|courier|size|order|technicians?|engineers?"
                   r"|installers?)\b", re.IGNORECASE)
# Telling the customer a survey may follow ("We'll send a brief feedback form later this week") commits to no next
# step on their case.
SURVEY = re.compile(r"\b(surveys?|feedback|questionnaires?|(?:rate|score|grade) (?:us|the|today|this|how|your|our)"
                    r"|encuestas?|valorar|valoraci[oó]n|puntuar(?:nos)?|calificar(?:nos)?)\b", re.IGNORECASE)
# The agent's closing offer ("anything more I can do, mate?", "¿algo más en que le pueda ayudar?") refuses nothing.
OFFERS_MORE_HELP = re.compile(r"\b(?:(?:anything|owt|aught|something) (?:else|more|further)|any (?:other|further|more) \w+)"
                              r"\b[^.?!]*\b(?:i|we) can (?:do|help)\b"
                              r"|\balgo m[aá]s (?:en )?(?:que|lo que) (?:le |te )?(?:pueda|podamos)\b", re.IGNORECASE)
# Leaving named as a comparison ("ustedes lo tratan como si cambiáramos de compañía", "you've treated it like we're
# switching providers") or as what the customer asked for ("I asked to close the account because the holder
# died") threatens nothing.
# Recordings as the thing complained about (a TV recorder's "grabaciones", "my recorded shows are gone"): the agent's
# talk of them is the grievance, not the call's recording, unless the sentence names the call itself. Plural or a
# device only: "la grabación", singular, is how the call's own recording is named ("tenemos su grabación"); the
# customer may say "recorded" ("my recorded shows"), the agent must name the things.
RECORDINGS_AS_A_THING = re.compile(r"\b(?:recordings|recorded|recorders?|grabaciones|grabad[oa]s|grabador(?:es)?)\b",
                                   re.IGNORECASE)
RECORDED_THINGS = re.compile(r"\b(?:recordings|recorders?|grabaciones|grabador(?:es)?)\b", re.IGNORECASE)
# ... and the customer's own recordings or recorder, whoever complained: "su grabador", "your recordings".
OWN_RECORDINGS = re.compile(r"\b(?:(?:your|sus|tus)\s+(?:\w+\s+)?(?:recordings|grabaciones)|recorders?|grabador(?:es)?)\b",
                            re.IGNORECASE)
THIS_CALL = re.compile(r"\b(?:call|calls|conversation|line|phone|llamadas?|conversaci(?:ó|o)n|l[ií]nea|tel[eé]fono)\b",
                       re.IGNORECASE)
COMPARED = re.compile(r"\b(?:como si|as if|as though|like (?:we|i|they)(?:'re|'m| are| am| were| was)?)\s+\S*\s*$", re.IGNORECASE)
# Coming over to us with the number ("portar mi número desde otra compañía", "switched to you from my old
# network"): the sentence tells of joining, so its porting words threaten no leaving.
CAME_TO_US = re.compile(r"\b(?:(?:portar|portado|traer|traje|pas[eé]|cambi[eé]|vine)\s+(?:\w+\s+){0,3}(?:desde|de)\s+"
                        r"(?:otra|mi\s+(?:antigua|anterior|vieja))\s+(?:compañ[ií]a|operadora?|empresa)"
                        r"|me\s+(?:pas[eé]|cambi[eé]|vine)\s+(?:con|a)\s+ustedes|traer(?:me)?\s+(?:mi|el)\s+n[uú]mero"
                        r"|(?:switched|moved|came|ported)\s+(?:\w+\s+)?(?:over\s+|across\s+)?to\s+you"
                        r"|from\s+my\s+(?:old|previous|last|former)\s+(?:network|provider|operator|carrier|company)"
                        r"|port(?:ed|ing)?\s+(?:my|the|our)\s+numbers?\s+in)\b", re.IGNORECASE)
ASKED_FOR = re.compile(r"\b(?:asked|requested|applied|ped[ií]|solicit[eé]|pedimos|solicitamos)\s+(?:you\s+|them\s+)?(?:to\s+)?$",
                       re.IGNORECASE)
# Interrogatives that make a clause a question about something (Spanish ones only with their accent).
ASKS_ABOUT = re.compile(r"\b(?:qué|cuál|cuándo|cómo|dónde|a ver si|did|does|which|whether)\b", re.IGNORECASE)
OPENS_ON_A_QUESTION = re.compile(rf"^\W*(?:(?:{QUESTION_LEAD_INS}|now)\b[\s,]*)*"
                                 r"(?:did|does|which|when|qué|cuál|cuándo|a ver (?:si|qué|cuál|cuándo))\b", re.IGNORECASE)
# A limit given as the reason to verify the caller ("otherwise the system won't even let me look, so could I have
# the account holder's name", "no puedo tocar nada hasta identificarle") is procedure, not a refusal or blame;
# so is saying the check passed ("Hecho; los datos casan").
VERIFYING = re.compile(r"\b(identif\w*|verify you|account holder|security (?:checks?|questions?)|speaking (?:to|with) the"
                       r"|comprobaciones de seguridad|confirmar que hablo|hablo con la persona titular"
                       r"|(?:los )?datos (?:casan|coinciden|cuadran)|(?:todo )?cuadra(?: todo)? con la ficha|cuadra todo"
                       r"|(?:details|everything) (?:match|matches|checks out)"
                       # the security question itself ("the one you chose on signing: what street were you raised in")
                       r"|(?:what|which) (?:street|town|school)|(?:born|raised|brought up|grew up) in|maiden name"
                       r"|first (?:pet|school|car)|primera mascota|d[oó]nde naci[oó]|en qu[eé] (?:calle|pueblo) se cri[oó]"
                       r"|pregunta (?:de seguridad|secreta)|(?:la )?pregunta que (?:eligi|escogi|puso|marc)\w*"
                       r"|question (?:you|that you) (?:chose|picked|set))\b",
                       re.IGNORECASE)
# "porque" is "because"; "por qué" and "porqué" ask why.
ASKS_WHY = re.compile(r"\b(why|how come|por qu[eé]|porqué|c[oó]mo es posible)\b", re.IGNORECASE)

# Naming who handles it in the sentence that transfers ("That's one for billing, I'll put you through", "Eso es
# de averías; le paso") is routing, judged as a transfer; a refusal or a fault in it ("that's not my area",
# "eso es culpa de facturación, le paso") is still blame.
# "Not us", "eso no es nuestro": alone, it says only where the case belongs.
NOT_OURS = re.compile(r"^\W*(?:(?:that's |it's |that is |it is )?not (?:us|ours|our (?:area|department|team))|(?:eso )?no es (?:nuestr[oa]|de aqu[ií])"
                      r"|no somos nosotros)\W*$", re.IGNORECASE)
# What an earlier contact is said with: a time before this call, a count, or "again" ("before I could check" is
# a conjunction, not an earlier time).
EARLIER_OR_AGAIN = re.compile(
    r"\b(?:again|already|before(?!\s+(?:i|you|we|they|he|she|it)\b)|previous\w*|last (?:week|time|month|call|year|night"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|times|twice|third|fourth|fifth|umpteenth|second time"
    r"|keep (?:calling|ringing|phoning)|kept|since|weeks?|days?|months?|yesterday|ago|still|promised|supposed to"
    r"|(?:was|were) going to|never (?:called|rang|rung|got back|came back|phoned)"
    r"|(?:two|three|four|five|six|several|many|multiple|\d+) (?:calls|emails|letters|tickets|complaints|visits)"
    r"|otra vez|de nuevo|nuevamente|ya|veces|antes|anterior\w*|pasad[oa]|desde hace|llevo|sigo|ayer|hace|semanas?|d[ií]as"
    r"|(?:segund|tercer|cuart|quint|sext|en[eé]sim)[oa] (?:llamada|vez|reclamo|reclamaci[oó]n|queja)|prometi\w+|quedaron en"
    r"|iban a|nunca (?:me )?(?:llamaron|devolvieron|contestaron|volvieron)"
    r"|mes(?:es)?|todav[ií]a|reiterad\w*|(?:dos|tres|cuatro|cinco|varias|muchas|\d+) (?:llamadas|reclamos|reclamaciones"
    r"|correos|quejas|visitas))\b", re.IGNORECASE)
# "only": "I only do returns" claims the case is someone else's
REFUSES_OR_BLAMES = re.compile(r"\b(no|not|nunca|never|ni|nor|nobody|nadie|only|fault|blame[sd]?|mistake|error|culpa|fallo|broke|"
                               r"messed|screwed|stuffed|mess|hash|hames|blunder\w*|botch\w*|bungled|wrong|culpables?)\b|n't\b",
                               re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CallCues:
    """What the rules see of one call: its turns with their cue hits, and its measured conversation."""

    turns: list[TurnCues]
    duration_s: float
    metrics: ConversationMetrics | None = None

    def first_customer_turn(self) -> int:
        """Index of the customer's first turn (past the last turn when the customer never speaks)."""
        return next((tc.index for tc in self.turns if tc.turn.speaker == "customer"), len(self.turns))

    def transfers(self) -> list[tuple[TurnCues, CueHit]]:
        """Each transfer in the call, once: its announcement ('le paso con ventas'), or, where none was
        heard, the department that answers ('Ventas, buenos días'). A pickup right after an announcement
        is that transfer landing; a department naming itself in the agent's opening is the greeting."""
        found: list[tuple[TurnCues, CueHit]] = []
        announced = False
        agent_turns = [tc for tc in self.turns if tc.turn.speaker == "agent"]
        first_customer = self.first_customer_turn()
        for tc in agent_turns:
            announcing = tc.has("transfer")
            picked_up = False  # a turn's pickup is one landing, however many patterns found it
            for hit in sorted(tc.of("transfer") + tc.of("transfer_pickup"), key=lambda h: h.start_char):
                if hit.cue == "transfer" and (_asks_about_a_handover(hit, tc.turn) or tc.index < first_customer
                                              or (hit.resembled and ON_HOLD.search(hit.sentence))):
                    # nor is a transfer's wording in the greeting ("what's brought you to the phone?"), nor a
                    # hold that only resembles one ("Hang tight, I'm putting you on hold real quick")
                    continue
                if hit.cue == "transfer":
                    found.append((tc, hit))
                    announced = True
                elif announcing or picked_up:
                    continue  # who will answer, named in the announcement ("I'll pass you to Sam in billing")
                elif announced:
                    announced, picked_up = False, True
                elif tc is not agent_turns[0]:
                    found.append((tc, hit))
                    picked_up = True
        return found

    def reason_turns(self) -> set[int]:
        """The customer's reason-for-call statements: the first real customer turn, and the first one
        after each transfer (the retelling to the new agent)."""
        starts = [-1] + [tc.index for tc, _ in self.transfers()]
        reasons = set()
        for start in starts:
            first = next((tc.index for tc in self.turns[start + 1:] if tc.turn.speaker == "customer"
                          and len(tc.turn.text.split()) >= REASON_MIN_WORDS), None)
            if first is not None:
                reasons.add(first)
        return reasons

    def complaints(self, tc: TurnCues) -> list[CueHit]:
        """A customer's grievances in this turn; in a reason-for-call statement, a reported problem too."""
        hits = _grievances(tc)
        # A customer opening with a question about the recording is asking, not reporting a problem.
        if not hits and tc.index in self.reason_turns() and not tc.has("recording_mention"):
            hits = [h for h in tc.of("problem_report")
                    if not (_asks_for_information(h, tc.turn) or _hypothetical(h, tc.turn)
                            or _gives_a_reason(h, tc.turn) or CLOSING.match(h.sentence)
                            or _leads_into_a_question(h, tc.turn) or _in_a_preamble(h, tc.turn))][:1]
        return hits


@dataclass(frozen=True, slots=True)
class Detection:
    rule_id: str
    turn_index: int
    speaker: str
    hit: CueHit  # the evidence: its words, sentence and times
    explanation: str
    confidence: float


def clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return f"\u201c{text if len(text) <= limit else text[:limit - 1] + '…'}\u201d"


def blame_shifting(call: CallCues, rule: RuleSpec) -> list[Detection]:
    """A deflection by the agent, unless the same turn owns the problem or the fix or offers something instead
    ("the system won't let me take it off; what I can do is put a credit in your favour"), or it only routes the
    transfer announced in its sentence."""
    out = []
    for tc in call.turns:
        deflections = _blame(tc)
        if not deflections or _owning(tc) or tc.has("alternative_offer"):
            continue
        hit = deflections[0]
        out.append(Detection(rule.rule_id, tc.index, "agent", hit,
                             f"Agent deflects responsibility at {clock(hit.start_s)}: {_quote(hit.text)} "
                             f"({hit.pattern_id}); no ownership of the fix in the same turn.", hit.confidence))
    return out


def recording_intimidation(call: CallCues, rule: RuleSpec) -> list[Detection]:
    """The agent brings up the recording after the opening, against an upset customer or with a warning."""
    turns = call.turns
    opening_s = rule.params.get("opening_window_s", 30.0)
    answer_s = rule.params.get("answer_window_s", 20.0)
    first_agent = next((tc.index for tc in turns if tc.turn.speaker == "agent"), None)
    first_complaint, complained = next(((tc, hits) for tc in turns if (hits := call.complaints(tc))), (None, []))
    out = []
    for tc in turns:
        if tc.turn.speaker != "agent":
            continue
        # "Stay on the line and a recording will ask you two questions": the recording is what plays on the line;
        # recordings the customer complained of are the grievance being checked, not the call's
        mentions = [h for h in tc.of("recording_mention")
                    if not _shares_a_sentence(h, tc.of("hold_notice")) and not _recordings_complained_of(call, tc, h)]
        if not mentions:
            continue
        hit = mentions[0]
        complaint_before = first_complaint is not None and first_complaint.turn.start_s < tc.turn.start_s
        in_opening = tc.index == first_agent or (hit.start_s < opening_s and not complaint_before)
        if in_opening:
            continue
        asked = _last_turn_of("customer", turns, tc.index)
        if asked is not None and asked.has("recording_mention") and tc.turn.start_s - asked.turn.end_s <= answer_s:
            continue  # answering the customer's own question about the recording
        warnings = tc.of("intimidation")
        if not (complaint_before or warnings):
            continue  # a neutral mention with no dispute in sight (e.g. re-disclosure after a reconnect)
        context = []
        if complaint_before:
            context.append(f"after the customer's complaint at {clock(first_complaint.turn.start_s)} "
                           f"{_quote(complained[0].sentence, 80)}")
        if warnings:
            context.append(f"with a warning {_quote(warnings[0].text)}")
        out.append(Detection(rule.rule_id, tc.index, "agent", hit,
                             f"Agent invokes the call recording at {clock(hit.start_s)}, past the opening, "
                             f"{' and '.join(context)}.", hit.confidence))
    return out


def _recordings_complained_of(call: CallCues, tc: TurnCues, hit: CueHit) -> bool:
    """The mention names recordings as things (plural, or a recorder), the customer's own ("your recordings") or
    what the customer complained about (a complaint turn before it said "recordings"), and not the call:
    "reviso qué grabaciones tenía" after "me borraron las grabaciones del decodificador" is the grievance being
    checked, not a threat."""
    if THIS_CALL.search(hit.sentence) or not RECORDED_THINGS.search(hit.sentence):
        return False
    if OWN_RECORDINGS.search(hit.sentence):
        return True
    return any(t.turn.speaker == "customer" and call.complaints(t) and RECORDINGS_AS_A_THING.search(t.turn.text)
               for t in call.turns[:tc.index])


def needless_transfer(call: CallCues, rule: RuleSpec) -> list[Detection]:
    """Each agent transfer, judged against what came before and after it."""
    turns = call.turns
    out = []
    transfers_so_far = 0
    counted: set[int] = set()
    first_customer = call.first_customer_turn()
    for tc, hit in call.transfers():
        if tc.index in counted:  # two announcements in one turn are one transfer
            continue
        counted.add(tc.index)
        transfers_so_far += 1
        before = turns[:tc.index]
        asked = any(t.has("transfer_request") for t in before + [tc] if t.turn.speaker == "customer")
        # what the agent says in the greeting, before the customer has spoken, attempts nothing
        attempted = any(t.has("resolution_attempt") for t in before
                        if t.turn.speaker == "agent" and t.index > first_customer) or \
            any(h.start_char < hit.start_char for h in tc.of("resolution_attempt"))
        previous_agent = _last_turn_of("agent", turns, tc.index)
        deflected = bool(_blame(tc)) or (previous_agent is not None and bool(_blame(previous_agent)))
        # The hand-off is warm when the agent passes the case on, or the agent who picks up has it already.
        pickup = turns[tc.index + 1] if tc.index + 1 < len(turns) and turns[tc.index + 1].turn.speaker == "agent" else None
        # A department answering with no announcement heard: the agent's turn before it may still have passed
        # the case on ("I've briefed billing on the lot, no need to repeat").
        warm = tc.has("warm_handoff") or (pickup is not None and pickup.has("warm_handoff")) or (
            hit.cue == "transfer_pickup" and previous_agent is not None and previous_agent.has("warm_handoff"))
        repeated = next((t for t in turns[tc.index + 1:] if t.has("repeat_forced")), None)
        if asked or (warm and attempted and not deflected):
            continue
        reasons = []
        if transfers_so_far > 1:
            reasons.append(f"transfer number {transfers_so_far} in this call")
        if deflected:
            reasons.append("right after a deflection")
        if not attempted:
            reasons.append("no attempt to resolve before it")
        if repeated is not None:
            reasons.append(f"the customer then had to start over at {clock(repeated.turn.start_s)} "
                           f"{_quote(repeated.of('repeat_forced')[0].text)}")
        if not reasons:
            continue
        what = (f"Agent transfers the customer at {clock(hit.start_s)} {_quote(hit.text)}" if hit.cue == "transfer"
                else f"The call is transferred with no announcement heard: another department answers at "
                     f"{clock(hit.start_s)} {_quote(hit.text)}")
        out.append(Detection(rule.rule_id, tc.index, "agent", hit, f"{what}: {'; '.join(reasons)}.", hit.confidence))
    return out


def missing_apology(call: CallCues, rule: RuleSpec) -> list[Detection]:
    """Each customer complaint needs a genuine agent apology within the window after it ends.

    A complaint that repeats a grievance the agent apologised for within the previous window is
    already acknowledged. One finding per grievance: complaints repeated before the agent's next
    apology are one episode.
    """
    turns = call.turns
    window = rule.params.get("apology_window_s", 60.0)
    apologies = sorted(h.start_s for tc in turns for h in genuine_apologies(tc))
    call_end = max((tc.turn.end_s for tc in turns), default=0.0)
    out = []
    flagged_episode = None  # index in `apologies` of the next apology after the last flagged complaint
    for tc in turns:
        complaints = call.complaints(tc)
        if not complaints:
            continue
        complaint = complaints[0]
        nxt = bisect_left(apologies, tc.turn.start_s)
        deadline = tc.turn.end_s + window
        if nxt < len(apologies) and apologies[nxt] <= deadline:
            continue
        if nxt > 0 and tc.turn.start_s - apologies[nxt - 1] <= window:
            continue  # the agent apologised moments ago: the customer is still on the same grievance
        if flagged_episode == nxt:
            continue
        flagged_episode = nxt
        if nxt < len(apologies):
            outcome = f"the agent's first apology came only at {clock(apologies[nxt])}"
        elif call_end < deadline:
            outcome = f"the call ended at {clock(call_end)} without one"
        else:
            outcome = "no apology followed"
        out.append(Detection(rule.rule_id, tc.index, "customer", complaint,
                             f"Customer complaint at {clock(tc.turn.start_s)}–{clock(tc.turn.end_s)} "
                             f"{_quote(complaint.sentence)} ({complaint.pattern_id}); no genuine agent apology "
                             f"within {window:g} s (by {clock(deadline)}): {outcome}.", complaint.confidence))
    return out


def genuine_apologies(tc: TurnCues) -> list[CueHit]:
    """The agent's apologies not undone, later in the same sentence, by a 'nothing I can do' or a
    brush-off like 'that's just how it works' (a pseudo-apology), not regret for the customer's feelings
    ('I'm sorry you're upset'), and not a bare 'sorry' before a request to say something again ('sorry, can you
    repeat that?' is politeness; 'sorry about what's happened, could you spell your surname' is not)."""
    if tc.turn.speaker != "agent":
        return []
    undoing = [h for h in tc.of("helpless") + tc.of("dismissal") if not VERIFYING.search(h.sentence)]
    # "Later in the sentence": starting after the apology, or ending after it (a resemblance spans its sentence,
    # so anything undoing in the sentence undoes a resembled apology).
    return [a for a in tc.of("apology")
            if not any(h.sentence == a.sentence
                       and (a.resembled or h.start_char > a.start_char or h.end_char > a.end_char) for h in undoing)
            and not _regrets_feelings(a, tc.turn.text) and not _turned_by_a_but(a, tc)
            and not any(h.sentence == a.sentence and 0 <= h.start_char - a.end_char <= SAY_AGAIN_REACH_CHARS
                        and not _has_an_object(a, tc.turn.text[a.end_char:h.start_char]) for h in tc.of("say_again"))]


def _regrets_feelings(apology: CueHit, text: str) -> bool:
    """'Sorry you're unhappy with it': what follows the regret is the customer's feelings."""
    return _said_right_after(apology, text, FEELINGS_NOT_FAULT)


def _turned_by_a_but(apology: CueHit, tc: TurnCues) -> bool:
    """'Sorry, but that was in the terms you accepted': a bare apology that a 'but' turns at once is a
    pseudo-apology, unless the agent then owns the fix in that sentence ('sorry, but I'll sort it myself')."""
    return _said_right_after(apology, tc.turn.text, BUT_NEXT) and not _shares_a_sentence(apology, _owning(tc))


def _said_right_after(apology: CueHit, text: str, pattern: re.Pattern) -> bool:
    """`pattern` matches straight after the apology, or after its regret word where the phrase runs on past it
    ("Sorry, but": a phrase that ends on the word after its comma). A resemblance quotes its whole sentence, so
    there only what follows its first regret word counts."""
    regret = REGRET_WORD.search(apology.text)
    if not apology.resembled:
        said = apology.text + text[apology.end_char:]
        return bool(pattern.match(text, apology.end_char)
                    or (regret is not None and pattern.match(said, regret.end())))
    return regret is not None and bool(pattern.match(apology.text, regret.end()))


def _has_an_object(apology: CueHit, after: str) -> bool:
    """The apology says what it is for ("sorry about what's happened", "disculpe las molestias")."""
    return not apology.resembled and bool(APOLOGY_OBJECT.search(apology.text) or APOLOGY_OBJECT.match(after))


def _grievances(tc: TurnCues) -> list[CueHit]:
    """A customer's complaints, repeat contacts and churn threats, in reading order."""
    if tc.turn.speaker != "customer":
        return []
    # A question for information, or a request, only reads like a grievance ("Is there a way to pay with my
    # phone?", "Le llamo por si me pueden dejar pagar en dos plazos"), and so does one that only names a complaint
    # ("¿Cuánto se tarda en resolver una reclamación?").
    return sorted((h for h in tc.hits if h.cue in GRIEVANCE_CUES
                   and not ((h.resembled or h.pattern_id in NAMES_A_COMPLAINT)
                            and (_asks_for_information(h, tc.turn) or REQUEST.search(h.sentence)))
                   and not _hypothetical(h, tc.turn) and not _asks_the_terms_of_leaving(h, tc.turn)
                   and not _in_a_preamble(h, tc.turn)
                   and (h.cue != "repeat_contact" or _an_earlier_contact_with_us(h, tc.turn))),
                  key=lambda h: h.start_char)


def _shares_a_sentence(hit: CueHit, others: list[CueHit]) -> bool:
    return any(other.sentence == hit.sentence for other in others)


def _owning(tc: TurnCues) -> list[CueHit]:
    """The turn's ownership, less "por nuestra parte" said to deny a fault ("por nuestra parte todo se hizo bien")."""
    return [h for h in tc.of("ownership") if not _shares_a_sentence(h, tc.of("dismissal"))]


def _blame(tc: TurnCues) -> list[CueHit]:
    """The turn's deflections, less those that only route the transfer announced in their sentence: a phrase
    with no refusal or fault in it, or any found by resemblance (which quotes the whole sentence, transfer
    included: "We don't process that here, it's faults'; connecting you now"); less those that say who is away
    ("Whoever approves those isn't back until Monday": owner_unavailable) or give the reason to verify the caller;
    less those that a way forward follows ("Approving that isn't mine to do; what I can do is credit..."), that
    are part of a threat ("calm down or your case goes to another department"), that are only resembled in the
    sentence of a refusal's phrase ("there I can't do a thing": helpless, not blame) or of a hand-off that passes
    the case on ("Just spoke to cards; they've got the details": the department is named as who has the case)
    or of a follow-up's phrase ("we're crediting it, that's ticket ref-58701 opened for you"),
    that only name the wrong item ("un mensajero recoge el equivocado"), or whose fault is ours or a document's
    ("fue culpa de nuestro cajero", "that machine's fault report")."""
    return [h for h in tc.of("deflection")
            if not (_shares_a_sentence(h, tc.of("transfer"))
                    and (h.resembled or not REFUSES_OR_BLAMES.search(h.text) or NOT_OURS.match(h.text)))
            and not _shares_a_sentence(h, tc.of("owner_unavailable") + tc.of("alternative_offer")
                                       + tc.of("intimidation"))
            and not (h.resembled and _shares_a_sentence(h, [r for r in tc.of("helpless")
                                                            if not r.resembled or r.confidence > h.confidence]))
            and not (h.resembled and _shares_a_sentence(h, tc.of("warm_handoff")
                                                        + [f for f in tc.of("follow_up") if not f.resembled]))
            and not VERIFYING.search(h.sentence) and not THE_WRONG_ONE.search(h.text)
            and not _fault_is_ours_or_a_document(h, tc.turn)]


def _fault_is_ours_or_a_document(hit: CueHit, turn: Turn) -> bool:
    after = turn.text[hit.end_char:]
    return not hit.resembled and bool(FAULT_IS_OURS.match(after) or FAULT_AS_A_NOUN.match(after))


def _asks_for_information(hit: CueHit, turn: Turn) -> bool:
    """The hit stands in the question its sentence ends with, or only lead-ins stand between them (a
    resemblance spans its sentence: "Oiga, le llamo porque, ¿me pondría con tarjetas?"), and the question does
    not ask why."""
    question = QUESTION.search(hit.sentence)
    if question is None and not CLAUSE_BREAK.search(hit.sentence):
        # only greetings and lead-ins stand before an unpunctuated question, so every hit is in it
        return bool(UNPUNCTUATED_QUESTION.match(hit.sentence)) and not ASKS_WHY.search(hit.sentence)
    if not question or ASKS_WHY.search(question.group()):
        return False
    offset = _offset_in_sentence(hit, turn)
    before = hit.sentence[offset:question.start()]
    # "Mire, es por esto: ¿hacen entregas en fin de semana?", "Es por esto: Oiga, ¿y me pondría con...?": what a
    # colon introduces is the question itself
    return offset >= question.start() or bool(LEAD_INS_ONLY.match(before.rsplit(":", 1)[-1]))


def _an_earlier_contact_with_us(hit: CueHit, turn: Turn) -> bool:
    """Not a claim with an insurer, not a contact an if-clause leads up to, and, where only resembled, a sentence
    that says when or how often (an opening like "I'm calling from Toronto about my fridge" resembles the
    openings of repeat contacts, but names no earlier contact)."""
    return not (CLAIM_WITH_AN_INSURER.search(hit.sentence)
                or IF_CLAUSE_LEADS_UP.search(hit.sentence[:_offset_in_sentence(hit, turn)])
                or (hit.resembled and not EARLIER_OR_AGAIN.search(hit.sentence)))


def _asks_the_terms_of_leaving(hit: CueHit, turn: Turn) -> bool:
    return (hit.cue == "churn_threat" and bool(TERMS_OF_LEAVING.search(hit.sentence))
            and _asks_for_information(hit, turn))


def _compared_or_asked_for(hit: CueHit, turn: Turn) -> bool:
    """Leaving said as a comparison ("como si cambiáramos de compañía") or as what was asked for ("I asked to
    close the account"): a phrase pattern's words only, since a resemblance spans its sentence."""
    before = hit.sentence[:_offset_in_sentence(hit, turn)]
    return not hit.resembled and bool(COMPARED.search(before) or ASKED_FOR.search(before))


def _asks_about_a_handover(hit: CueHit, turn: Turn) -> bool:
    """A transfer's words inside a question are about what was passed on, not the customer ("A ver qué día le
    pasamos al transportista...", "Now, did the suspension ever make it through to billing?")."""
    if hit.resembled:  # a resemblance spans its sentence: the sentence must open on the question
        return bool(OPENS_ON_A_QUESTION.match(hit.sentence))
    clause = CLAUSE_BREAK.split(hit.sentence[:_offset_in_sentence(hit, turn)])[-1]
    return bool(ASKS_ABOUT.search(clause))


def _hypothetical(hit: CueHit, turn: Turn) -> bool:
    """The hit stands in the if-clause of a question, in an in-case clause, or in an indirect question ('I'm
    ringing to ask if I can freeze my line without paying')."""
    clause = CLAUSE_BREAK.split(hit.sentence[:_offset_in_sentence(hit, turn)])[-1]
    in_question = hit.sentence.rstrip().endswith("?") or (
        not CLAUSE_BREAK.search(hit.sentence) and bool(UNPUNCTUATED_QUESTION.match(hit.sentence)))
    return (bool(INDIRECT_QUESTION.search(clause)) or bool(IN_CASE.search(clause))
            or (in_question and bool(CONDITIONAL.search(clause))))


def _in_a_preamble(hit: CueHit, turn: Turn) -> bool:
    """The hit stands in what the customer says about this call's line, or in a lead-in saying they don't
    understand something: neither is the problem they ring about."""
    offset = _offset_in_sentence(hit, turn)
    return any(m.start() <= offset < m.end()
               for pattern in (LINE_OF_THIS_CALL, NOT_UNDERSTOOD) for m in pattern.finditer(hit.sentence))


def _leads_into_a_question(hit: CueHit, turn: Turn) -> bool:
    """The hit is the 'problem' of a lead-in that a plain question follows ("ringing with a bit of a problem:
    Lockers hang on to parcels how long?", "about a problem what's included in premium support")."""
    lead_in = next((m for m in PROBLEM_LEAD_IN.finditer(turn.text) if m.start() <= hit.start_char < m.end()), None)
    if lead_in is None:
        return False
    follows = re.match(r"[^.!?]*[.!?]?", turn.text[lead_in.end():]).group().strip()
    # ... or when the turn ends on a question ("about a wee problem: We run the hall and want a charity rate; who
    # decides that?"): the lead-in's own word is no report, while reports after it still count on their own.
    plain_question = (follows.endswith("?") and not CLAUSE_BREAK.search(follows[:-1])) or turn.text.rstrip().endswith("?")
    return plain_question or bool(OPENS_A_QUESTION.match(follows) or UNPUNCTUATED_QUESTION.match(follows))


def _gives_a_reason(hit: CueHit, turn: Turn) -> bool:
    """The hit is a bare negation in a sentence that makes a request ("I'd like the bill in my business's name,
    without changing who holds the line", "Acabo de llegar y no tengo historial; quería pedir que me lo
    aprueben"), what a request asks to have done ("I wanted to ask for the penalty to be dropped"), or the reason
    it gives ("Quería pedir que me aplacen el recibo, que cobro tarde")."""
    before = hit.sentence[:_offset_in_sentence(hit, turn)]
    if hit.pattern_id in BARE_NEGATION_REPORTS:
        return bool(REQUEST.search(hit.sentence))
    return bool(REQUEST.search(before)) and bool(ASKED_TO_BE_DONE.search(before) or REASON_CLAUSE.search(before))


def _offset_in_sentence(hit: CueHit, turn: Turn) -> int:
    """Where the hit starts within its sentence (a sentence said twice in a turn is read at its first time)."""
    sentence_start = turn.text.find(hit.sentence)
    return max(hit.start_char - sentence_start, 0) if sentence_start >= 0 else 0


def _last_turn_of(speaker: str, turns: list[TurnCues], before_index: int) -> TurnCues | None:
    """The speaker's last turn before turns[before_index], if any."""
    return next((t for t in reversed(turns[:before_index]) if t.turn.speaker == speaker), None)


def _first_hit_per_turn(call: CallCues, rule: RuleSpec, cue: str, speaker: str, explain: Callable[[CueHit], str],
                        unless: tuple[str, ...] = (),
                        counts: Callable[[CueHit, TurnCues], bool] = lambda hit, tc: True) -> list[Detection]:
    """One detection per turn of `speaker` holding a `cue` hit that `counts`, unless the same turn holds any
    cue in `unless`."""
    out = []
    for tc in call.turns:
        hits = [h for h in tc.of(cue) if counts(h, tc)]
        if tc.turn.speaker != speaker or not hits or any(tc.has(u) for u in unless):
            continue
        out.append(Detection(rule.rule_id, tc.index, speaker, hits[0], explain(hits[0]), hits[0].confidence))
    return out


def helpless_refusal(call: CallCues, rule: RuleSpec) -> list[Detection]:
    # "...there's no way to queue it from here, so you'll have to ring again and ask for him": said of the one
    # who is away, it is owner_unavailable.
    return _first_hit_per_turn(call, rule, "helpless", "agent", lambda h: (
        f"Agent says nothing can be done at {clock(h.start_s)}: {_quote(h.text)} ({h.pattern_id}), "
        "and offers nothing instead in the same turn."), unless=("alternative_offer",),
        counts=lambda hit, tc: not VERIFYING.search(hit.sentence) and not OFFERS_MORE_HELP.search(hit.sentence)
        and not _shares_a_sentence(hit, tc.of("owner_unavailable"))
        and not (hit.resembled and CANT_HAPPEN_AGAIN.search(hit.sentence)))


def owner_unavailable(call: CallCues, rule: RuleSpec) -> list[Detection]:
    return _first_hit_per_turn(call, rule, "owner_unavailable", "agent", lambda h: (
        f"Agent sends the customer away at {clock(h.start_s)}: {_quote(h.sentence)} ({h.pattern_id}), "
        "with no callback, case number, alternative or ownership in the same turn."),
        unless=("follow_up", "ownership", "alternative_offer"))


def repeat_contact(call: CallCues, rule: RuleSpec) -> list[Detection]:
    # Retelling straight after a transfer ("otra vez tengo que explicarle todo, ya se lo conté a su compañero") is
    # about this call's first agent: what only resembles an earlier contact there is a forced repeat. A phrase
    # match ("es la tercera vez que llamo") still counts.
    transferred = {tc.index for tc, _ in call.transfers()}

    def counts(hit: CueHit, tc: TurnCues) -> bool:
        previous_agent = _last_turn_of("agent", call.turns, tc.index)
        after_transfer = previous_agent is not None and previous_agent.index in transferred
        return _an_earlier_contact_with_us(hit, tc.turn) and not (hit.resembled and after_transfer)

    return _first_hit_per_turn(call, rule, "repeat_contact", "customer", lambda h: (
        f"Customer has contacted us before about this, at {clock(h.start_s)}: {_quote(h.sentence)} "
        f"({h.pattern_id}): the problem was not solved the first time."), counts=counts)[:1]


def churn_risk(call: CallCues, rule: RuleSpec) -> list[Detection]:
    return _first_hit_per_turn(call, rule, "churn_threat", "customer", lambda h: (
        f"Customer threatens to leave at {clock(h.start_s)}: {_quote(h.sentence)} ({h.pattern_id})."),
        counts=lambda hit, tc: not (_asks_the_terms_of_leaving(hit, tc.turn) or _compared_or_asked_for(hit, tc.turn)
                                    or CAME_TO_US.search(hit.sentence)))[:1]


def ownership(call: CallCues, rule: RuleSpec) -> list[Detection]:
    # "Por mi parte no queda nada que yo pueda hacer": a refusal in the sentence owns nothing. "Our mistake
    # entirely, and my apologies for it": a fault admitted in the apology's sentence is the apology.
    # Before the customer has said anything there is nothing to own ("whatever it is, I'm the one dealing with it
    # today" is a greeting).
    first_customer = call.first_customer_turn()
    return _first_hit_per_turn(call, rule, "ownership", "agent", lambda h: (
        f"Agent owns the problem at {clock(h.start_s)}: {_quote(h.sentence)} ({h.pattern_id})."),
        counts=lambda hit, tc: tc.index > first_customer and hit in _owning(tc)
        and not _shares_a_sentence(hit, tc.of("helpless") + tc.of("apology")))


def follow_up(call: CallCues, rule: RuleSpec) -> list[Detection]:
    # Before the customer has said anything there is nothing to follow up ("esta llamada se graba le aviso con qué
    # le ayudo" is a greeting, however its unpunctuated "le aviso" reads).
    first_customer = call.first_customer_turn()
    return _first_hit_per_turn(call, rule, "follow_up", "agent", lambda h: (
        f"Agent commits to a next step at {clock(h.start_s)}: {_quote(h.sentence)} ({h.pattern_id})."),
        counts=lambda hit, tc: tc.index > first_customer and not (SENDS.search(hit.text) and GOODS.search(hit.sentence))
        and not SURVEY.search(hit.sentence))


def _acknowledges(hit: CueHit, tc: TurnCues) -> bool:
    """"Le entiendo, pero antes necesito su DNI": the 'but' right after it takes the acknowledgement back, as
    does a brush-off after it in the sentence ("Lamento el malestar, pero la norma se aplica a todos por igual");
    a resemblance spans its sentence, so any brush-off in it counts."""
    if BUT_NEXT.match(tc.turn.text, hit.end_char):
        return False
    return not any(d.sentence == hit.sentence and (hit.resembled or d.start_char >= hit.end_char)
                   for d in tc.of("dismissal"))


def empathy(call: CallCues, rule: RuleSpec) -> list[Detection]:
    return _first_hit_per_turn(call, rule, "empathy", "agent", lambda h: (
        f"Agent acknowledges the customer's feelings at {clock(h.start_s)}: {_quote(h.sentence)} ({h.pattern_id})."),
        counts=lambda hit, tc: _acknowledges(hit, tc) and not _part_of_an_apology(hit, tc))


def _part_of_an_apology(hit: CueHit, tc: TurnCues) -> bool:
    """An acknowledgement in the apology's own punctuated sentence is the apology's ("Uf, lo siento mucho, qué
    rabia que le haya pasado esto", "I'm so very sorry; you're completely right"), and so is an agreement in its
    sentence whatever the punctuation. Recogniser text without punctuation runs whole turns into one sentence,
    so there an acknowledgement beside the apology ("me imagino lo que es estar así le pido disculpas") stands
    on its own."""
    if not _shares_a_sentence(hit, tc.of("apology")):
        return False
    return bool(CLAUSE_BREAK.search(hit.sentence)) or hit.pattern_id.removesuffix(RESEMBLANCE_MARK) in AGREEMENTS


def dead_air(call: CallCues, rule: RuleSpec) -> list[Detection]:
    """Silences over the threshold with no hold notice in the agent turn just before them."""
    threshold = rule.params.get("min_silence_s", 15.0)
    notice_window = rule.params.get("notice_window_s", 10.0)
    out = []
    for silence in _silences(call):
        length = silence.end_s - silence.start_s
        if length < threshold:
            continue
        before = [tc for tc in call.turns if tc.turn.end_s <= silence.start_s + 0.05]
        if not before:
            continue  # silence before anyone spoke: ringing, not dead air
        notice = next((tc for tc in reversed(before) if tc.turn.speaker == "agent"
                       and silence.start_s - tc.turn.end_s <= notice_window and tc.has("hold_notice")), None)
        if notice is not None:
            continue
        last = before[-1]
        hit = CueHit("silence", "dead_air.silence", f"[{length:.0f} s of silence]", last.turn.text,
                     0, 0, silence.start_s, silence.end_s, 1.0)
        out.append(Detection(rule.rule_id, last.index, last.turn.speaker, hit,
                             f"{length:.0f} s of silence on both sides from {clock(silence.start_s)} to "
                             f"{clock(silence.end_s)} (threshold {threshold:g} s), after "
                             f"{_quote(last.turn.text, 80)}, with no hold notice from the agent.", 1.0))
    return out


def interruption(call: CallCues, rule: RuleSpec) -> list[Detection]:
    """The agent starts talking while the customer is still speaking, for longer than the threshold."""
    min_overlap = rule.params.get("min_overlap_s", 1.0)
    min_words = int(rule.params.get("min_words", 3))
    out = []
    for overlap in _agent_overlaps(call):
        if overlap.end_s - overlap.start_s < min_overlap:
            continue
        turn = min((tc for tc in call.turns if tc.turn.speaker == "agent"),
                   key=lambda tc: abs(tc.turn.start_s - overlap.start_s), default=None)
        if turn is None or len(turn.turn.text.split()) < min_words:
            continue  # "sí, sí", "okay": listening, not interrupting
        customer = _last_turn_of("customer", call.turns, turn.index)
        hit = CueHit("overlap", "interruption.overlap", turn.turn.text, turn.turn.text, 0, len(turn.turn.text),
                     overlap.start_s, overlap.end_s, turn.turn.speaker_confidence)
        interrupted = f" while the customer was saying {_quote(customer.turn.text, 80)}" if customer else ""
        out.append(Detection(rule.rule_id, turn.index, "agent", hit,
                             f"Agent talks over the customer for {overlap.end_s - overlap.start_s:.1f} s at "
                             f"{clock(overlap.start_s)}{interrupted}.", hit.confidence))
    return out


def _silences(call: CallCues) -> list[Interval]:
    """Measured silences when the call has voice-activity metrics; else the gaps between turns."""
    if call.metrics is not None:
        return list(call.metrics.silences)
    gaps, covered_until = [], None
    for tc in sorted(call.turns, key=lambda t: t.turn.start_s):
        if covered_until is not None and tc.turn.start_s > covered_until:
            gaps.append(Interval(covered_until, tc.turn.start_s))
        covered_until = max(covered_until or 0.0, tc.turn.end_s)
    return gaps


def _agent_overlaps(call: CallCues) -> list[Interval]:
    """Stretches where the agent started talking over the customer: measured, or from turn times."""
    if call.metrics is not None:
        return [o for o in call.metrics.overlaps if o.by == "agent"]
    out = []
    for tc in call.turns:
        if tc.turn.speaker != "agent":
            continue
        for other in call.turns[:tc.index]:
            if other.turn.speaker == "customer" and other.turn.start_s < tc.turn.start_s < other.turn.end_s:
                out.append(Interval(tc.turn.start_s, min(other.turn.end_s, tc.turn.end_s), "agent"))
    return out


RULES: dict[str, Callable[[CallCues, RuleSpec], list[Detection]]] = {
    "blame_shifting": blame_shifting,
    "recording_intimidation": recording_intimidation,
    "needless_transfer": needless_transfer,
    "missing_apology": missing_apology,
    "helpless_refusal": helpless_refusal,
    "owner_unavailable": owner_unavailable,
    "repeat_contact": repeat_contact,
    "churn_risk": churn_risk,
    "dead_air": dead_air,
    "interruption": interruption,
    "ownership": ownership,
    "follow_up": follow_up,
    "empathy": empathy,
}
CORE_RULES = ("blame_shifting", "recording_intimidation", "needless_transfer", "missing_apology")
