"""Generate escucha's labelled evaluation corpus: scripted call transcripts with the exact set of rules
a perfect judge would assign to each.

Every call is composed turn by turn from PHRASE BANKS (below) by a CALL TEMPLATE (one small function per
scenario type). The phrasings fall into sixty-three disjoint partitions, one per split:

* each bank in BANKS / TOPICS is split in two halves by position -- even positions go to the "dev" split,
  odd positions to the "test" split -- so a phrasing used in dev never appears in test;
* the "holdout" split uses only the separate HOLDOUT_BANKS / HOLDOUT_TOPICS, phrasings written after the
  rules were tuned on dev and test (different wording and structure, more regional and indirect forms;
  measured once, then opened for development). Holdout calls also use their own names and companies
  and a few extra neutral filler turns;
* the "final" split (the report split until blind was written) uses only FINAL_BANKS / FINAL_TOPICS,
  phrasings written after the rules had been developed against dev, test and holdout, unlike any of theirs.
  Final calls have their own names and companies and the same extra filler turns as holdout;
* the "blind" split uses only BLIND_BANKS / BLIND_TOPICS (in scripts/labelled_blind_banks.py), phrasings
  written after the rules had been developed on dev, test, holdout and final, by someone who had never read
  the rules' phrase files or the rule code, unlike any phrasing of the other four splits (measured once,
  then opened for development). Blind calls have their own names and companies (BLIND_SLOT_VALUES) and the
  same extra filler turns as holdout and final;
* the "sealed" split (the report split until audit was written) uses only SEALED_BANKS / SEALED_TOPICS (in
  scripts/labelled_sealed_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final and blind, by someone who had never read the rules' phrase files or the rule code, unlike
  any phrasing of the other five splits (measured once, then opened for development). Sealed calls have
  their own names and companies (SEALED_SLOT_VALUES) and the same extra filler turns as the other fresh
  splits;
* the "audit" split (the report split until trial was written) uses only AUDIT_BANKS / AUDIT_TOPICS (in
  scripts/labelled_audit_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind and sealed, by someone who never read the rules' phrase files or the rule code and
  never ran a rule on them, unlike any phrasing of the other six splits (measured once, then opened for
  development). Audit calls have their own names and companies (AUDIT_SLOT_VALUES) and the same extra
  filler turns as the other fresh splits;
* the "trial" split (the report split until exam was written) uses only TRIAL_BANKS / TRIAL_TOPICS (in
  scripts/labelled_trial_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed and audit, by someone who never read the rules' phrase files or the rule
  code and never ran a rule on them, unlike any phrasing of the other seven splits (measured once, then
  opened for development). Trial calls have their own names and companies (TRIAL_SLOT_VALUES) and the same
  extra filler turns as the other fresh splits;
* the "exam" split (the report split until probe was written) uses only EXAM_BANKS / EXAM_TOPICS (in
  scripts/labelled_exam_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit and trial, by someone who never read the rules' phrase files or the
  rule code and never ran a rule on them, unlike any phrasing of the other eight splits (measured once,
  then opened for development). Exam calls have their own names and companies (EXAM_SLOT_VALUES) and the
  same extra filler turns as the other fresh splits;
* the "probe" split (the report split until quiz was written) uses only PROBE_BANKS / PROBE_TOPICS (in
  scripts/labelled_probe_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial and exam, by someone who never read the rules' phrase files or
  the rule code and never ran a rule on them, unlike any phrasing of the other nine splits (measured once,
  then opened for development). Probe calls have their own names and companies (PROBE_SLOT_VALUES) and the
  same extra filler turns as the other fresh splits;
* the "quiz" split (the report split until viva was written) uses only QUIZ_BANKS / QUIZ_TOPICS (in
  scripts/labelled_quiz_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam and probe, by someone who never read the rules' phrase
  files or the rule code and never ran a rule on them, unlike any phrasing of the other ten splits (measured
  once, then opened for development). Quiz calls have their own names and companies (QUIZ_SLOT_VALUES) and
  the same extra filler turns as the other fresh splits;
* the "viva" split (the report split until oral was written) uses only VIVA_BANKS / VIVA_TOPICS (in
  scripts/labelled_viva_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe and quiz, by someone who never read the rules'
  phrase files or the rule code and never ran a rule on them, unlike any phrasing of the other eleven splits.
  Viva calls have their own names and companies (VIVA_SLOT_VALUES) and the same extra filler turns as the
  other fresh splits (measured once, at a17a1c8, then opened for development);
* the "oral" split (the report split until panel was written) uses only ORAL_BANKS / ORAL_TOPICS (in
  scripts/labelled_oral_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz and viva, by someone who never read the
  rules' phrase files or the rule code and never ran a rule on them, unlike any phrasing of the other twelve
  splits. Oral calls have their own names and companies (ORAL_SLOT_VALUES) and the same extra filler turns
  as the other fresh splits (measured once, at 9ca1177, then opened for development);
* the "panel" split (the report split until jury was written) uses only PANEL_BANKS / PANEL_TOPICS (in
  scripts/labelled_panel_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva and oral, by someone who never read
  the rules' phrase files or the rule code and never ran a rule on them, unlike any phrasing of the other
  thirteen splits. Panel calls have their own names and companies (PANEL_SLOT_VALUES) and the same extra
  filler turns as the other fresh splits (measured once, at 838021f, then opened for development);
* the "jury" split (the report split until bench was written) uses only JURY_BANKS / JURY_TOPICS (in
  scripts/labelled_jury_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral and panel, by someone who never
  read the rules' phrase files or the rule code and never ran a rule on them, unlike any phrasing of the
  other fourteen splits. Jury calls have their own names and companies (JURY_SLOT_VALUES) and the same extra
  filler turns as the other fresh splits (measured once, at ee894ef, then opened for development);
* the "bench" split (the report split until court was written) uses only BENCH_BANKS / BENCH_TOPICS (in
  scripts/labelled_bench_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral, panel and jury, by someone who
  never read the rules' phrase files or the rule code and never ran a rule on them, unlike any phrasing of
  the other fifteen splits. Bench calls have their own names and companies (BENCH_SLOT_VALUES) and the same
  extra filler turns as the other fresh splits (measured once, at 3969777, then opened for development);
* the "court" split (the report split until dock was written) uses only COURT_BANKS / COURT_TOPICS (in
  scripts/labelled_court_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral, panel, jury and bench, by
  someone who never read the rules' phrase files or the rule code and never ran a rule on them, unlike any
  phrasing of the other sixteen splits. Court calls have their own names and companies (COURT_SLOT_VALUES)
  and the same extra filler turns as the other fresh splits (measured once, at 6db8eb6, then opened for
  development);
* the "dock" split (the report split until wharf was written) uses only DOCK_BANKS / DOCK_TOPICS (in
  scripts/labelled_dock_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral, panel, jury, bench and court, by
  someone who never read the rules' phrase files or the rule code and never ran a rule on them, unlike any
  phrasing of the other seventeen splits. Dock calls have their own names and companies (DOCK_SLOT_VALUES)
  and the same extra filler turns as the other fresh splits (measured once, at e6a2be4, then opened for
  development);
* the "wharf" split (the report split until yard was written) uses only WHARF_BANKS / WHARF_TOPICS (in
  scripts/labelled_wharf_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral, panel, jury, bench, court and
  dock, by someone who never read the rules' phrase files or the rule code and never ran a rule on them,
  unlike any phrasing of the other eighteen splits. Wharf calls have their own names and companies
  (WHARF_SLOT_VALUES) and the same extra filler turns as the other fresh splits (measured once, at 7e44e75,
  then opened for development);
* the "yard" split (the report split until quay was written) uses only YARD_BANKS / YARD_TOPICS (in
  scripts/labelled_yard_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral, panel, jury, bench, court, dock
  and wharf, by someone who never read the rules' phrase files or the rule code and never ran a rule on them,
  unlike any phrasing of the other nineteen splits. Yard calls have their own names and companies
  (YARD_SLOT_VALUES) and the same extra filler turns as the other fresh splits (measured once, at 576dfc7,
  then opened for development);
* the "quay" split (the report split until pier was written) uses only QUAY_BANKS / QUAY_TOPICS (in
  scripts/labelled_quay_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral, panel, jury, bench, court, dock,
  wharf and yard, by someone who never read the rules' phrase files or the rule code and never ran a rule on
  them, unlike any phrasing of the other twenty splits. Quay calls have their own names and companies
  (QUAY_SLOT_VALUES) and the same extra filler turns as the other fresh splits (measured once, at af4bd1b,
  then opened for development);
* the "pier" split (a report split with berth until jetty and slip were written) uses only PIER_BANKS / PIER_TOPICS (in
  scripts/labelled_pier_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral, panel, jury, bench, court, dock,
  wharf, yard and quay, by someone who never read the rules' phrase files or the rule code and never ran a rule
  on them, unlike any phrasing of the other twenty-one splits. Pier calls have their own names and companies
  (PIER_SLOT_VALUES) and the same extra filler turns as the other fresh splits (measured once, at d258d00,
  then opened for development);
* the "berth" split (a report split with pier until jetty and slip were written) uses only BERTH_BANKS / BERTH_TOPICS (in
  scripts/labelled_berth_banks.py), phrasings written after the rules had been developed on dev, test,
  holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral, panel, jury, bench, court, dock,
  wharf, yard and quay, by someone who never read the rules' phrase files or the rule code and never ran a rule
  on them, unlike any phrasing of the other twenty-two splits. Berth calls have their own names and companies
  (BERTH_SLOT_VALUES) and the same extra filler turns as the other fresh splits (measured once, at the pack
  pier was measured at, d258d00, then opened for development with pier);
* the "jetty" and "slip" splits (the report splits until mole and cove were written) use only JETTY_BANKS / JETTY_TOPICS and SLIP_BANKS /
  SLIP_TOPICS (in scripts/labelled_jetty_banks.py and scripts/labelled_slip_banks.py), phrasings written at the
  same time by two people working apart, after the rules had been developed on dev .. berth, who never read the
  rules' phrase files or the rule code and never ran a rule on them, unlike any phrasing of the other
  twenty-four splits (each checked against the other). Each has its own names and companies and the same extra
  filler turns as the other fresh splits (measured once, at 8c160db, then opened for development);
* the "mole" and "cove" splits (the report splits until reef and shoal were written) use only their own banks
  (scripts/labelled_mole_banks.py and scripts/labelled_cove_banks.py), written the same way after the rules had
  been developed on dev .. slip, none of their phrasings longer than slip's longest of the same bank (measured
  once, at 7aa903e, then opened for development);
* the "reef" and "shoal" splits (the report splits until bar and spit were written) use only their own banks
  (scripts/labelled_reef_banks.py and scripts/labelled_shoal_banks.py), written the same way after the rules had
  been developed on dev .. cove, with exactly cove's number of phrasings per bank and none longer than cove's
  longest of the same bank (measured once, at 6a1e2d6, then opened for development);
* the "bar" and "spit" splits (the report splits until cape and ness were written) use only their own banks
  (scripts/labelled_bar_banks.py and scripts/labelled_spit_banks.py), written the same way after the rules had
  been developed on dev .. shoal, with exactly shoal's number of phrasings per bank and none longer than its
  longest of the same bank (measured once, at a5e6842, then opened for development);
* the "cape" and "ness" splits (the report splits until firth and inlet were written) use only their own banks
  (scripts/labelled_cape_banks.py and scripts/labelled_ness_banks.py), written the same way after the rules had
  been developed on dev .. spit, with exactly spit's number of phrasings per bank and none longer than its
  longest of the same bank (measured once, at 2e8fac4, then opened for development);
* the "firth" and "inlet" splits (the report splits until strait and lagoon were written) use only their own
  banks (scripts/labelled_firth_banks.py and scripts/labelled_inlet_banks.py), written the same way after the
  rules had been developed on dev .. ness, with exactly ness's number of phrasings per bank and none longer than
  its longest of the same bank (measured once, at 9186158, then opened for development);
* the "strait" and "lagoon" splits (the report splits until sound and bight were written) use only their own
  banks (scripts/labelled_strait_banks.py and scripts/labelled_lagoon_banks.py), written the same way after the
  rules had been developed on dev .. inlet, with exactly inlet's number of phrasings per bank and none longer than
  its longest of the same bank (measured once, at 32436d1, then opened for development);
* the "sound" and "bight" splits (the report splits until delta and fjord were written) use only their own
  banks (scripts/labelled_sound_banks.py and scripts/labelled_bight_banks.py), written the same way after the
  rules had been developed on dev .. lagoon, with exactly lagoon's number of phrasings per bank and none longer
  than its longest of the same bank (measured once, at 38e1a1e, then opened for development);
* the "delta" and "fjord" splits (the report splits until haven and skerry were written) use only their own banks
  (scripts/labelled_delta_banks.py and scripts/labelled_fjord_banks.py), written the same way after the rules had
  been developed on dev .. bight, with exactly bight's number of phrasings per bank and none longer than its
  longest of the same bank (measured once, at 16cc58d; then the resemblance layer's training set was chosen on
  their per-rule totals, their calls still unread);
* the "haven" and "skerry" splits (the report splits until atoll and islet were written) use only their own
  banks (scripts/labelled_haven_banks.py and scripts/labelled_skerry_banks.py), written the same way after the
  rules had been developed on dev .. bight, with exactly fjord's number of phrasings per bank and none longer
  than its longest of the same bank (measured once, at 33ee6d8, then read as a validation pair);
* the "atoll" and "islet" splits (the report splits until cay and holm were written) use only their own banks
  (scripts/labelled_atoll_banks.py and scripts/labelled_islet_banks.py), written the same way after the rules had
  been developed on dev .. bight (and the resemblance layer's training chosen on delta and fjord), with exactly
  skerry's number of phrasings per bank and none longer than its longest of the same bank (measured once, at
  6a4098c, then read as a validation pair);
* the "cay" and "holm" splits (the report splits until ria and lido were written) use only their own banks
  (scripts/labelled_cay_banks.py and scripts/labelled_holm_banks.py), written the same way after the rules had
  been developed on dev .. bight and checked on delta, fjord, haven, skerry, atoll and islet, with exactly
  islet's number of phrasings per bank and none longer than its longest of the same bank (measured once, at
  bf74f01, then read as a validation pair);
* the "ria" and "lido" splits (the report splits until creek and dune were written) use only their own banks
  (scripts/labelled_ria_banks.py and scripts/labelled_lido_banks.py), written the same way after the rules had
  been developed on dev .. bight and checked on delta, fjord, haven, skerry, atoll, islet, cay and holm, with
  exactly cay's number of phrasings per bank and none longer than its longest of the same bank (measured once,
  at 617dc30, then read as a validation pair);
* the "creek" and "dune" splits (the report splits until tarn and weir were written) use only their own banks
  (scripts/labelled_creek_banks.py and scripts/labelled_dune_banks.py), written the same way after the rules had
  been developed on dev .. bight and checked on delta .. lido, with exactly lido's number of phrasings per bank
  and none longer than its longest of the same bank (measured once, at 4c7a6b9, then read as a validation pair);
* the "tarn" and "weir" splits (the report splits until loch and fen were written) use only their own banks
  (scripts/labelled_tarn_banks.py and scripts/labelled_weir_banks.py), written the same way after the rules had
  been developed on dev .. bight and checked on delta .. dune, with exactly lido's number of phrasings per bank and
  none longer than its longest of the same bank (measured once, at 92e6ecf, then read as a validation pair);
* the "loch" and "fen" splits (the report splits until mere and beck were written) use only their own banks
  (scripts/labelled_loch_banks.py and scripts/labelled_fen_banks.py), written the same way after the rules had
  been developed on dev .. bight and checked on delta .. weir, with exactly lido's number of phrasings per bank and
  none longer than its longest of the same bank (measured once, at 4694ca8, then read as a validation pair);
* the "mere" and "beck" splits (the report splits until glen and moor were written) use only their own banks
  (scripts/labelled_mere_banks.py and scripts/labelled_beck_banks.py), written the same way after the rules had
  been developed on dev .. bight and checked on delta .. fen, with exactly lido's number of phrasings per bank and
  none longer than its longest of the same bank (measured once, at c47dc08, then read as a validation pair);
* the "glen" and "moor" splits (the report splits until brae and dale were written) use only their own banks
  (scripts/labelled_glen_banks.py and scripts/labelled_moor_banks.py), written the same way after the rules had
  been developed on dev .. bight and checked on delta .. beck, with exactly lido's number of phrasings per bank and
  none longer than its longest of the same bank (measured once, at 599704f, then read as a validation pair);
* the "brae" and "dale" splits (the report splits until tor and combe were written) use only their own banks
  (scripts/labelled_brae_banks.py and scripts/labelled_dale_banks.py), written the same way after the rules had
  been developed on dev .. bight and checked on delta .. moor, with exactly lido's number of phrasings per bank and
  none longer than its longest of the same bank (measured once, at b86d27c, then read as a validation pair);
* the "tor" and "combe" splits (the report splits) use only their own banks (scripts/labelled_tor_banks.py and
  scripts/labelled_combe_banks.py), written the same way after the rules had been developed on dev .. bight and
  checked on delta .. dale, with exactly lido's number of phrasings per bank and none longer than its longest of
  the same bank. They are measured once, after the last rule change.

Neutral filler (greetings, identification, closings) is partitioned the same way.

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
import importlib.util
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "examples" / "labelled"
SPLITS = ("dev", "test", "holdout", "final", "blind", "sealed", "audit", "trial", "exam", "probe", "quiz", "viva",
          "oral", "panel", "jury", "bench", "court", "dock", "wharf", "yard", "quay", "pier", "berth", "jetty", "slip",
          "mole", "cove", "reef", "shoal", "bar", "spit", "cape", "ness", "firth", "inlet",
          "strait", "lagoon", "sound", "bight", "delta", "fjord", "haven", "skerry", "atoll", "islet",
          "cay", "holm", "ria", "lido", "creek", "dune", "tarn", "weir", "loch", "fen", "mere", "beck", "glen", "moor", "brae", "dale", "tor", "combe")
HOLDOUT = "holdout"
FINAL = "final"
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

# ---------------------------------------------------------------------------------------------------
# HOLDOUT PHRASE BANKS: used only by the holdout split. Written after the rules were tuned, in wording and
# structure unlike any dev or test phrasing (regional, colloquial and indirect forms). Same bank names and
# the same semantics (and rule tags) as BANKS; security_question / security_answer / survey are neutral
# filler of the fresh splits (holdout and final) only.
# ---------------------------------------------------------------------------------------------------

HOLDOUT_BANKS: dict[str, dict[str, list[str]]] = {
    # ----- neutral filler -----
    "greeting": {
        "es": ["{company}, muy buenas, al habla {agent}. ¿En qué le puedo colaborar?",
               "Bienvenido a {company}, le habla {agent}, ¿qué se le ofrece?",
               "Buen día, {company}, {agent} a sus órdenes.",
               "Buenas noches, servicio al cliente de {company}, {agent} con usted."],
        "en": ["{company} support, {agent} on the line, what can I do for you?",
               "Hey there, you've got {agent} with {company}, what can I help you with today?",
               "Morning, {company}, {agent} speaking, how are you doing today?",
               "Welcome to {company}, I'm {agent}, what are you calling about today?"],
    },
    "greeting_disclosure": {
        "es": ["{company}, buenas, le atiende {agent}. Para fines de calidad y capacitación esta llamada será grabada. ¿Cómo le puedo ayudar?",
               "Bienvenido a {company}, soy {agent}. Le recordamos que su llamada podría ser monitoreada y grabada. ¿Qué se le ofrece?",
               "Buen día, {company}, habla {agent}; a efectos de calidad, la conversación queda registrada en nuestros sistemas. Cuénteme.",
               "{company}, buenas tardes. Antes de empezar, le informo que esta comunicación se graba conforme a la normativa de protección de datos. Soy {agent}, ¿en qué le ayudo?"],
        "en": ["Thanks for calling {company}, {agent} speaking. For quality and training, your call will be recorded. How can I help?",
               "Welcome to {company}, I'm {agent}. A quick heads-up that we record and may monitor this call. What are you calling about?",
               "Morning, {company}, {agent} here; for quality purposes the conversation is stored on our systems. Go ahead.",
               "{company}, good afternoon. Before we begin, this call is recorded in line with our data protection policy. I'm {agent}, what can I do for you?"],
    },
    "hello": {
        "es": ["Aló, buenas.", "Buenas noches, señorita, vea,", "Qué tal, buen día. Mirá,", "Hola, sí, buenas, le cuento,"],
        "en": ["Hey, how's it going? So,", "Hello there, right,", "Yeah hi, good afternoon.", "Hi, hello, yeah, listen,"],
    },
    "ask_id": {
        "es": ["Regáleme, por favor, el número de documento del titular.", "Para localizarle, ¿me indica el número de la línea o el DNI?",
               "¿Con qué número de cliente figura usted?", "Antes de nada, ¿me dicta su número de contrato?"],
        "en": ["What's the best number to find your account under?", "Could I have the account holder's reference number?",
               "Can you read me the number at the top of your bill?", "Before I look, what's your membership number?"],
    },
    "give_id": {
        "es": ["Apunte, que se lo dicto: {num}.", "Eh... un segundito que lo busco... ya, {num}.",
               "El titular es {name}, y el número es {num}.", "Sí, cómo no: {num}."],
        "en": ["Got it right here, {num}.", "Erm, let me find it... okay, {num}.",
               "It should be under {name}, number {num}.", "Yep, {num}."],
    },
    "security_question": {
        "es": ["¿Me confirma también su fecha de nacimiento?", "Por seguridad, ¿me dice los cuatro últimos dígitos de su cuenta?",
               "¿Y me indica el código postal de la dirección de facturación?"],
        "en": ["Could you also confirm your date of birth?", "For security, what are the last four digits of your account?",
               "And the zip code on the account, please?"],
    },
    "security_answer": {
        "es": ["Sí, el catorce de mayo del ochenta y dos.", "Claro, cuatro, siete, uno, nueve.", "Veintiocho cero cuarenta y cinco."],
        "en": ["Sure, fourteenth of May, eighty-two.", "Four, seven, one, nine.", "It's nine oh two one oh."],
    },
    "repeat_please": {
        "es": ["Perdón, se me cortó, ¿me lo vuelve a decir?", "Perdón, ¿cómo dijo? No le entendí el último número.",
               "¿Perdón? No le escuché bien los dos últimos dígitos.", "Excúseme, ¿me lo dicta de nuevo, despacio?"],
        "en": ["Sorry, come again?", "Sorry, you broke up a bit there, what was the number?",
               "Pardon? Could you give me those last few digits again?", "Excuse me, could you say that one more time, slowly?"],
    },
    "verify": {
        "es": ["Listo, {name}, ya me sale su cuenta.", "Correcto, ya está verificado.", "Okey, ya aparece todo por aquí.",
               "Genial, ya tengo sus datos delante."],
        "en": ["Cool, that's brought it up.", "Lovely, thank you, you're verified.", "Right, {name}, found you.", "There we go, I've got it."],
    },
    "ack": {
        "es": ["Órale, va.", "Entendido, gracias.", "Bueno, listo.", "Ah, perfecto."],
        "en": ["Cool.", "Fair enough.", "Brilliant, thanks.", "Oh, right."],
    },
    "ack_how": {
        "es": ["Ajá, ¿y eso cómo se soluciona?", "Ok, ¿y cuál sería el siguiente paso?", "Vale, ¿y me lo pueden dejar solucionado hoy?",
               "Bueno, ¿y cómo le hacemos?"],
        "en": ["Okay, so what's the next step?", "Fine, but can we get it fixed?", "Right, and how do we sort that?", "Mm, so what can be done?"],
    },
    "ask_fix": {
        "es": ["¿Y no me pueden hacer algún abono o algo?", "¿No hay forma de que me lo quiten?", "¿Y qué me puede ofrecer?",
               "¿Y no hay chance de que me lo devuelvan?"],
        "en": ["Can't you do something about it?", "Is there any chance of getting that money back?", "What can you offer me then?",
               "Is there no way round it?"],
    },
    "resigned": {
        "es": ["Bueno, ya qué.", "En fin, está bien.", "Pues nada, ni modo.", "Ok, ya veré qué hago."],
        "en": ["Right, well, never mind.", "Okay, I guess that's that.", "Fine, whatever.", "Oh well, okay."],
    },
    "closing_agent": {
        "es": ["¿Le puedo colaborar en algo adicional?", "¿Quedó resuelta su consulta?", "¿Alguna otra duda que tenga, {name}?",
               "¿Hay alguna otra cosita que le pueda revisar?"],
        "en": ["Is there anything more I can look at for you?", "Have I answered everything for you today?",
               "Anything else on your mind, {name}?", "Was there anything else you needed?"],
    },
    "closing_customer": {
        "es": ["No, ya quedé, gracias.", "Listo, eso era, mil gracias.", "No, por ahora nada más.", "Ya está todo, gracias."],
        "en": ["No, that's sorted me out, thanks.", "Nah, that's everything, ta.", "Nothing else, thanks a lot.", "I think that's it, thank you."],
    },
    "survey": {
        "es": ["Al colgar le llegará una breve encuesta sobre la atención, por si quiere valorarnos.",
               "Al finalizar le saldrá una encuesta de satisfacción, se lo agradeceríamos mucho.",
               "Si le llega un mensaje con una encuesta, nos ayuda mucho que la responda."],
        "en": ["After the call you might get a quick survey about today, if you've got a minute.",
               "There'll be a short satisfaction survey after this call, if you'd like to fill it in.",
               "You may get a text with a survey, it really helps us if you answer it."],
    },
    "bye": {
        "es": ["A la orden, feliz día.", "Que le vaya bonito, hasta luego.", "Gracias a usted, buenas noches.", "Para servirle, chao."],
        "en": ["No worries, have a lovely day.", "Take it easy, bye bye.", "Thanks for your patience, goodbye.", "All the best, bye."],
    },
    "hold": {
        "es": ["Permítame lo reviso; le dejo en espera un momentico.", "Le voy a poner música un ratito mientras consulto, no cuelgue.",
               "Deme un minutito, que lo voy a verificar; quédese en línea.", "Le pido que espere en línea unos instantes mientras lo miro."],
        "en": ["Give me a couple of minutes to look into that, I'll pop some music on.",
               "If you can just hang on the line, I'm going to check in the system.",
               "Do you mind holding for a minute or two?", "I'm going to place the call on hold briefly while I look."],
    },
    "resume": {
        "es": ["Listo, ya regresé.", "Gracias por esperar.", "Bien, ya tengo la información.", "Vale, retomo con usted."],
        "en": ["Right, thanks for waiting.", "Okay, I'm back.", "Okay, I've found what I needed.", "Back with you now."],
    },
    "backchannel": {
        "es": ["Ujum.", "Entiendo.", "Ya veo.", "Okey."],
        "en": ["Mhm.", "I see.", "Yep.", "Gotcha."],
    },
    "detail": {
        "es": ["y es que no puede ser, tengo reuniones todo el día y me tengo que ir al bar de abajo a conectarme, ¿me entiende?",
               "y lo peor es que nadie me avisó de nada, me enteré por casualidad mirando el extracto del banco",
               "y oiga, que uno paga puntualmente cada mes para tener un servicio decente, no para esto",
               "y mi madre, que es mayor, depende de esto, o sea que imagínese el disgusto que tenemos en casa",
               "y la verdad es que estoy perdiendo plata con esto, porque trabajo con eso todos los días"],
        "en": ["and I run a small business from the house, so every day this goes on I'm literally losing money",
               "and nobody bothered to tell me anything, I only found out by accident looking at my statement",
               "and I pay every single month on time to get a decent service, not this kind of nonsense",
               "and my mum's elderly and relies on it, so you can imagine how stressed everyone is at home",
               "and I've had to take the afternoon off work just to deal with this, which is the last thing I needed"],
    },
    "interrupt": {
        "es": ["Un momento, un momento, ¿a nombre de quién está la cuenta?",
               "Ya, ya le entendí, pero sin el número de cliente no puedo ver nada.",
               "Vamos a ver, sin identificarle no puedo avanzar, ¿su documento?",
               "Bueno, bueno, eso ya lo miramos, deme primero el número de la línea.",
               "Señora, señora, escúcheme, necesito el número de contrato."],
        "en": ["Okay, I hear you, but I can't see anything without the account number.",
               "Right, right, we'll get to that, just give me the phone number first.",
               "Ma'am, ma'am, listen, I need the account number to pull anything up.",
               "Let's back up a second, what's the name on the account?",
               "Alright, alright, I just need to verify you before anything else."],
    },
    "owner_request": {
        "es": ["Quisiera que me condonen los intereses de demora.", "Llamo porque quiero pedir una excepción en la tarifa.",
               "Necesito una carta firmada por ustedes para presentarla en el banco.",
               "Quería saber si me pueden aprobar un cambio de plan sin penalización."],
        "en": ["I'd like the late fee on my account waived, please.", "I'm after an exception on the early exit fee.",
               "I need a signed letter from you for my mortgage application.", "Can I get a plan change approved without the penalty?"],
    },
    "transfer_request": {
        "es": ["Mire, prefiero que me atienda alguien de {dept} directamente.", "¿Me hace el favor de comunicarme con {dept}?",
               "Che, ¿me podés pasar con {dept}? Es un tema de ellos.", "Quisiera hablar con un asesor de {dept}, por favor."],
        "en": ["Can you just put me straight through to {dept}?", "I was hoping to speak with someone from {dept}, could you transfer me?",
               "I need the {dept} team actually, can you pass me on?", "Any chance you could connect me to {dept}?"],
    },
    "transfer_accept": {
        "es": ["Con todo gusto, ya le comunico con ellos.", "Claro que sí, permanezca en línea que le transfiero.",
               "Vale, sin problema, le paso ahora.", "Por supuesto, permítame y le conecto."],
        "en": ["Yeah, of course, just a moment and I'll connect you.", "Certainly, I'll transfer you across now.",
               "No bother, let me put you through.", "Sure, stay on the line and I'll pass you over."],
    },
    "agent2_greeting": {
        "es": ["{dept}, buenas, {agent2} al aparato.", "Hola, le atiende {agent2} del equipo de {dept}, ¿qué necesita?",
               "Muy buenas, {agent2}, de {dept}, cuénteme qué desea.", "{agent2}, de {dept}, a la orden."],
        "en": ["{agent2} in {dept}, how can I help today?", "Hi, you're speaking to {agent2} from the {dept} team.",
               "Hello, {dept} desk, {agent2} speaking, what can I do?", "Hey, {agent2} here from {dept}."],
    },
    "redisclosure": {
        "es": ["Listo, ya volvió la señal. Como le indiqué al comienzo, esta comunicación queda registrada; retomamos su consulta.",
               "Ahí está, ya le oigo. Le comento nuevamente que la llamada se graba, es un aviso de rutina. Seguimos con lo suyo.",
               "Bien, ya tenemos línea. Al haberse cortado, tengo que informarle otra vez de que grabamos la llamada por calidad. Continuamos."],
        "en": ["Okay, you're back. Since the call dropped, I'm required to let you know again that it's recorded for quality. Now, about your question.",
               "Great, the line's working again. Quick reminder, as at the start, this call is recorded; let's pick up where we left off.",
               "Ah, there you are. Just the usual notice again that we record calls for training. Right, on we go."],
    },
    "line_dropped": {
        "es": ["¿Bueno? ¿Bueno? Se fue la señal.", "Perdona, se cortó, ¿me escuchas?", "Uy, se fue la llamada un segundo, ¿sigue ahí?"],
        "en": ["Hello? Hello? I think I lost you.", "You went quiet there, are you still on?", "Can you hear me now? The signal dropped."],
    },
    "recording_question": {
        "es": ["¿Esto que estamos hablando queda grabado?", "Oiga, ¿ustedes guardan el audio de estas llamadas?",
               "Una cosa, ¿la llamada la están grabando?", "¿Me confirma si esta conversación se registra?"],
        "en": ["Hang on, are you recording this?", "Is there a recording kept of what we say on here?",
               "Just so I know, does this call get taped?", "Can I ask whether this conversation is being logged?"],
    },
    "recording_answer": {
        "es": ["Así es, la llamada queda registrada por calidad; puede pedir el audio cuando quiera.", "Sí, por política interna todas se graban.",
               "Efectivamente, se graba, es algo rutinario.", "Sí, se conserva la grabación y, si la necesita, se la facilitamos."],
        "en": ["It is, yeah, all calls are kept for quality, and you can ask for a copy.", "Yes, we record every call as a matter of routine.",
               "Yep, it's recorded, it's just our normal process.", "We do keep a recording, and if you ever need it we can send it over."],
    },
    # ----- customer complaint cues -----
    "dispute": {
        "es": ["¿Cómo que es correcto? ¡Eso es un atraco!", "Esto es una estafa y usted lo sabe.",
               "No, no, no, a mí no me vengan con esas, yo eso no lo pago.", "Qué falta de respeto, de verdad, no me parece nada normal.",
               "¡Pero qué me está contando! Es una tomadura de pelo."],
        "en": ["You what? That's an absolute scam.", "No, no, no, I'm not having that, I won't pay it.",
               "That's outrageous, frankly, it's a con.", "Are you kidding me? There's no way that's right.", "This is a joke, an absolute joke."],
    },
    "not_my_fault": {
        "es": ["A ver, que yo hice todo como me dijeron, el error no es mío.", "Yo no he cambiado nada, así que a mí no me echen la culpa.",
               "Perdone, pero aquí la que ha cumplido soy yo.", "Que quede claro que yo pagué todo en fecha.", "Eso no lo provoqué yo, ¿eh?"],
        "en": ["Hang on, I did exactly what I was told, so this isn't on me.", "I haven't changed a thing, so don't go blaming me.",
               "I've kept up my end, I paid every bill on time.", "That's nothing to do with anything I did.",
               "Excuse me, but I'm not the one who got this wrong."],
    },
    "repeat_contact": {
        "es": ["Ya es la cuarta llamada que hago por este tema.", "Me dijeron la semana pasada que me llamaban y aquí sigo esperando.",
               "Ayer estuve casi una hora al teléfono con ustedes por esto mismo.",
               "No es la primera vez que reclamo esto, ya lo reporté el mes pasado.",
               "Cada vez que llamo me dicen que ya está y nunca se arregla.", "Ya fui a la tienda y también escribí por el chat, y nada."],
        "en": ["I've lost count of how many times I've rung you lot about this.", "Someone promised me a callback last Tuesday and I'm still waiting.",
               "I was on the phone with you for an hour yesterday over this exact thing.", "I reported this back in October and it's never been sorted.",
               "Every time I call I get told it's fixed, and it never is.", "I've already been into the store and tried the online chat, twice."],
    },
    "churn": {
        "es": ["Mire, si no me dan una solución hoy mismo, me paso a otra compañía.", "Ya tengo una oferta de otra operadora y la estoy pensando en serio.",
               "Estoy a un paso de cerrar la cuenta con ustedes.", "Con este servicio, lo mejor va a ser que me busque otra empresa.",
               "Después de tantos años como cliente, ya me estoy planteando irme.", "Che, si esto sigue así, me voy y no vuelvo más."],
        "en": ["Honestly, if it's not sorted today I'm moving to another provider.", "I've got a quote from someone else and I'm very tempted to take it.",
               "I'm this close to closing my account with you.", "At this rate I'll just go with one of your competitors.",
               "Ten years I've been a customer, and I'm ready to walk.", "Keep this up and you've lost a customer, simple as that."],
    },
    # ----- agent behaviours -----
    "apology": {
        "es": ["Le ofrezco una disculpa, esto no debió pasar.", "De verdad, perdónenos por todo esto.", "Uf, cuánto lo siento, de verdad.",
               "Le pido perdón en nombre de la empresa.", "Lamentamos de verdad todo este lío.", "Sentimos mucho lo que le ha pasado, de corazón.",
               "Discúlpenos, no es la atención que usted merece."],
        "en": ["Oh, I'm so sorry, that's really not good enough.", "My apologies, you shouldn't have had to deal with that.",
               "I want to apologise for all of this.", "We're really sorry about the hassle.", "Gosh, I'm sorry, what a nightmare for you.",
               "Apologies for the trouble this has caused you.", "Sorry, that's not the service you should be getting from us."],
    },
    "empathy": {
        "es": ["Claro, le entiendo, es una situación muy molesta.", "Uf, qué rabia, ¿no? Me pongo en su lugar.",
               "Normal que esté así, a cualquiera le pasaría.", "Qué desagradable tener que vivir eso, le comprendo.",
               "Sé lo importante que es esto para usted y entiendo cómo se siente.", "Imagino el mal rato que ha pasado."],
        "en": ["Oh, that's rubbish, I'd be fuming too.", "I can hear how stressful this has been for you.", "That must be so annoying for you.",
               "I totally get why you're frustrated.", "Nobody wants to deal with that, I understand completely.",
               "I know how much you rely on it, so that's a real pain."],
    },
    "ownership": {
        "es": ["Esto lo tenemos que resolver nosotros, y yo me ocupo de que así sea.", "Aquí la responsabilidad es de la empresa, así que lo asumo yo.",
               "Yo lo dejo arreglado, cuente conmigo.", "Me hago responsable de su caso hasta que quede resuelto.",
               "No le voy a mandar a otro sitio: esto lo soluciono yo ahora.", "La equivocación fue de nuestra parte y la corrijo yo mismo."],
        "en": ["This one's on our side, and I'm going to be the one who fixes it.", "I'll take ownership of this from here.",
               "You won't need to chase anyone, I'm dealing with it myself.", "We got this wrong, and I'm putting it right now.",
               "Consider it my job to get this sorted, I'm on it.", "The mistake was ours, so I'll make it right for you."],
    },
    "follow_case": {
        "es": ["Tome nota del radicado {ref} para cualquier consulta.", "Le queda el folio {ref} para dar seguimiento.",
               "El número de gestión es {ref}; con él le ubican el caso en cualquier canal.",
               "Le envío por SMS el código {ref} para que pueda seguir el estado.", "Con la referencia {ref} puede consultar cómo va en la web."],
        "en": ["Let me give you a reference so you can follow it up: {ref}.", "I'll text you the ticket number, {ref}, so you've got it.",
               "If you call again, just quote {ref} and they'll pull it straight up.",
               "You'll get an email confirming case {ref} in the next few minutes.", "Your complaint reference, for tracking, is {ref}."],
    },
    "follow_callback": {
        "es": ["Pasado mañana le marco para confirmar que ya le funciona.", "Le voy a devolver la llamada esta tarde para ver que todo quedó bien.",
               "Quedo pendiente de llamarle el {day} con la confirmación.", "El {day} a primera hora le llamamos para comprobarlo.",
               "Antes del fin de semana le hacemos una llamada de control."],
        "en": ["I'll give you a bell on {day} just to double-check it's all working.",
               "Someone from the team will phone you back by end of day to confirm.",
               "I'm setting a reminder to call you on {day} and make sure it's gone through.",
               "We'll ring you later this week to check everything's okay.", "You'll hear from me on {day} afternoon with an update."],
    },
    "pseudo_apology": {
        "es": ["Siento que le moleste, pero no hemos hecho nada mal.", "Lamento que no esté conforme, pero el importe está bien calculado.",
               "Siento mucho que lo interprete de esa forma, pero la factura es correcta.",
               "Disculpe si le parece injusto, pero son las condiciones del servicio.",
               "Pues lo siento si se ha enfadado, pero nosotros no cambiamos nada."],
        "en": ["Sorry you're frustrated, but we haven't done anything wrong.", "I'm sorry if it feels unfair, but those are the terms of service.",
               "Apologies if that's not what you wanted to hear, but the bill is correct.",
               "I'm sorry you're unhappy with it, but nothing's been charged incorrectly.",
               "Look, I'm sorry it's come as a surprise, but the contract's very clear."],
    },
    "pseudo_helpless": {
        "es": ["Lo siento, pero con esto ya no se puede hacer más.", "Lo lamento mucho, pero ahí no tengo margen de nada.",
               "Mire, lo siento, pero es imposible, no se puede revertir.", "Qué pena, pero de verdad no hay forma de hacer nada."],
        "en": ["Sorry, but that's just not something that can be changed.", "I'm sorry, there's honestly nothing more I can do for you.",
               "Apologies, but I'm not able to do anything about it.", "Sorry, but that can't be reversed, full stop."],
    },
    "helpless": {
        "es": ["Eso ya no se puede revertir, así funciona.", "Yo no tengo permisos para tocar eso, y aquí nadie los tiene.",
               "Eso es imposible de cambiar a estas alturas.", "Ni yo ni nadie puede hacer nada con eso ya.", "No, eso no tiene vuelta atrás."],
        "en": ["There's no way round that, it's final.", "I don't have the power to change that, and neither does anyone else here.",
               "Once it's gone through, there's nothing anyone can do about it.", "There's really nothing that can be changed at this point.",
               "Nope, that can't be done, end of story."],
    },
    "refusal_alternative": {
        "es": ["Devolverle ese cargo no me es posible, pero sí le puedo compensar con un saldo a favor de {amount} euros.",
               "Ese importe no lo puedo quitar; a cambio le ofrezco pasarle a una tarifa más barata sin permanencia.",
               "No tengo forma de anular eso; eso sí, le puedo aplicar un bono de compensación ahora mismo.",
               "Ahí no puedo hacer nada, pero lo que le propongo es fraccionarle el pago sin intereses."],
        "en": ["I can't reverse the charge itself, but I can put a {amount} dollar credit on your account right now.",
               "That fee's fixed, I'm afraid, but what I can offer is to move you to a cheaper plan with no contract.",
               "I'm not able to cancel that, however I can split the payment into three with no interest.",
               "There's no changing that part, but I can add a goodwill credit to your next statement."],
    },
    "owner_unavailable": {
        "es": ["Eso lo tiene que firmar mi jefe y hoy no vino; intente de nuevo mañana.",
               "Solo el área de {dept} lo puede autorizar y a estas horas ya no hay nadie; llame el lunes.",
               "La persona encargada está en una reunión toda la tarde; mejor vuelva a marcar otro día.",
               "Mi coordinador es quien lo aprueba y está de baja esta semana, así que tendrá que volver a llamar.",
               "Ahorita no hay ningún supervisor conectado, le toca llamar más tarde."],
        "en": ["That needs my manager's sign-off and he's off today, so try us again tomorrow.",
               "Only {dept} can authorise it and they've all logged off, you'll need to ring back Monday.",
               "The person in charge of that is in meetings all afternoon, best to call another day.",
               "My team leader's the one who approves those and she's off sick this week, so you'll have to call back.",
               "There's no supervisor on shift right now, you'd have to phone back later."],
    },
    "owner_unavailable_callback": {
        "es": ["Mi jefe no vino hoy, pero le dejo su solicitud con el folio {ref} y mañana le marcamos con la respuesta.",
               "Quien lo autoriza está en reunión; en cuanto salga se lo paso y le devuelvo la llamada antes de las cinco.",
               "La encargada está de baja esta semana, pero le registro el caso {ref} y el {day} le llamamos para confirmárselo.",
               "Ahora mismo no hay supervisor, así que le dejo agendada una llamada para el {day} por la mañana."],
        "en": ["My manager's off today, but I've logged your request as {ref} and we'll phone you tomorrow with a decision.",
               "The approver's in a meeting; as soon as she's out I'll pass it on and call you back before five.",
               "The team leader's off this week, but I've opened case {ref} and we'll ring you on {day} to confirm.",
               "There's no supervisor on right now, so I've scheduled a callback for {day} morning."],
    },
    "recording_threat": {
        "es": ["Señora, todo lo que diga queda grabado, así que piense bien lo que dice.",
               "Le advierto que la grabación de esta llamada se puede usar en su contra.",
               "Esta conversación se está grabando, y si sigue en ese tono voy a tener que cortar.",
               "Ojo, que la llamada se graba y eso queda en su expediente.", "No olvide que le estamos grabando, caballero."],
        "en": ["Just a reminder, madam, you're being recorded, so think about what you say.",
               "I'd be careful, everything on this call is on tape and can be used.",
               "You're on a recorded line, and if the tone doesn't change I will end the call.",
               "Remember this conversation is recorded and it'll go on your file.", "For your information, sir, we're recording this."],
    },
    "transfer_cold": {
        "es": ["Eso lo ve {dept}, le dejo con ellos.", "Espere que le derivo a la línea de {dept}.",
               "Le voy a comunicar con la extensión de {dept}, manténgase en línea.", "Para eso tiene que hablar con {dept}; ya le conecto."],
        "en": ["That's one for {dept}, I'll pop you over to them.", "Hold the line and I'll send you through to {dept}.",
               "You need {dept} for that, transferring you now.", "Let me get you across to the {dept} line."],
    },
    "transfer_plain": {
        "es": ["Bien, con esto que hemos visto le paso a {dept}.", "Esto ya lo tiene que seguir {dept}; le transfiero.",
               "Le redirijo al equipo de {dept}, un momento.", "Lo siguiente lo lleva {dept}, así que le comunico con ellos."],
        "en": ["Right, from here it's {dept} who'll handle it, transferring you.", "This next bit has to go through {dept}, I'll connect you.",
               "I'll move you over to the {dept} queue now.", "{dept} will take it from here, putting you through."],
    },
    "transfer_warm": {
        "es": ["Voy a ponerle con {dept} y me quedo en la línea para presentarle el caso a mi compañero.",
               "Le transfiero a {dept} con el resumen de todo lo que hemos comprobado ya adjunto.",
               "He hablado con {dept} y ya saben lo que le pasa; le paso y continúan desde donde lo dejamos.",
               "Le conecto con {dept}: les acabo de mandar el diagnóstico para que no empiecen de cero."],
        "en": ["I'm going to bring in {dept} and stay on the line to introduce your case.",
               "I'll transfer you to {dept} with a summary of everything we've checked attached.",
               "I've spoken to {dept} and they know what's happening; they'll carry on from where we left off.",
               "I'm connecting you with {dept}, I've just sent over the diagnosis so they don't begin from zero."],
    },
    "agent2_warm": {
        "es": ["Hola, {agent2} de {dept}; ya veo aquí todo lo que revisó mi compañero, seguimos.",
               "Buenas, le saluda {agent2}; ya me explicaron su caso, no hace falta que repita nada.",
               "Qué tal, soy {agent2}, ya tengo el resumen de lo que le pasa.",
               "{agent2}, de {dept}; ya me pusieron al corriente de su situación."],
        "en": ["Hi, {agent2} in {dept}, I can see everything my colleague checked, so let's carry on.",
               "Hello, it's {agent2}; I've been briefed, no need to go over it again.",
               "Hiya, {agent2} here, I've got the summary of what's happened.", "{agent2} from {dept}, I've been filled in on your situation."],
    },
    "repeat_forced": {
        "es": ["Buenas, {dept}. A mí no me ha llegado nada, ¿me explica qué necesita desde el inicio?",
               "Hola, sí, a ver, ¿cuál es el problema? Cuénteme todo.",
               "Buenas tardes, no tengo el historial de lo que habló, tendría que contármelo todo otra vez.",
               "Hola, ¿me pone en contexto? No sé nada de su caso."],
        "en": ["Hi, {dept}. Nothing's come through to me, so what seems to be the problem, from the beginning?",
               "Hello, yeah, so what's the issue? Tell me everything.",
               "Afternoon, I don't have any history from your last conversation, you'll need to take me through it all again.",
               "Hi, can you fill me in? I don't know anything about your case."],
    },
    "as_i_said": {
        "es": ["Pues se lo vuelvo a explicar:", "Como ya le conté a la señorita,", "Vale, desde el principio:", "Bueno, lo mismo que dije antes,"],
        "en": ["Okay, well, from the top:", "Like I said to the lady before,", "Right, one more time:", "Well, same as I told the other guy,"],
    },
    # blame_shifting, by kind
    "blame_department": {
        "es": ["Eso viene de los de {dept}, que son un desastre; nosotros no tenemos nada que ver.",
               "Mire, la culpa la tiene {dept}, que no hace bien su trabajo.",
               "Si fuera por nosotros ya estaría, pero {dept} siempre lo deja todo a medias.",
               "Ese error lo cometieron en {dept}; aquí en atención al cliente no podemos responder por ellos."],
        "en": ["To be honest, {dept} are a nightmare, that mess is theirs, not ours.", "Blame {dept} for that one, they never do their job properly.",
               "If it were up to us it'd be done, but {dept} always leave things half finished.",
               "That error came from {dept}; we can't answer for them here in customer service."],
    },
    "blame_colleague": {
        "es": ["Quien le configuró el servicio no lo hizo bien, ese error no es mío.",
               "Eso lo dejó mal puesto mi compañero de la mañana, yo lo acabo de ver.",
               "Un compañero se equivocó al registrarlo, yo ni había tocado su caso.",
               "El muchacho que le tramitó el pedido lo hizo mal, no fue cosa mía."],
        "en": ["Whoever set that up for you didn't do it right, that's not my mistake.",
               "My colleague on the morning shift left it in a mess, I've only just seen it.",
               "One of my colleagues put it through wrong, I hadn't even touched your account.",
               "The lad who processed your order got it wrong, nothing to do with me."],
    },
    "blame_system": {
        "es": ["Son cosas del sistema, que a veces se vuelve loco; no es culpa de nadie aquí.",
               "Eso lo hace la plataforma automáticamente, nosotros no tocamos nada.",
               "Ha sido el programa, que falla más que una escopeta de feria.",
               "Desde que cambiaron el software pasan estas cosas, es culpa de la computadora."],
        "en": ["The computer's got a mind of its own sometimes, it's not anyone here.",
               "That's the platform doing it automatically, we didn't touch anything.",
               "It's the software, it's been glitchy for weeks, don't blame us.",
               "Ever since they changed the system this keeps happening, it's the computer's fault."],
    },
    "blame_customer": {
        "es": ["Es que si usted hubiese leído la letra pequeña, no le pasaría esto.", "Bueno, eso le pasa por meter mal los datos en la web.",
               "Usted fue quien lo contrató así, no nos puede echar la culpa a nosotros.",
               "Si hubiera llamado antes, no estaríamos así; el fallo es suyo."],
        "en": ["Well, if you'd read the small print you wouldn't be in this position.",
               "That's what comes of typing your details in wrong on the website.",
               "You're the one who signed up for it that way, you can't blame us.", "If you'd rung us sooner we wouldn't be here, that's on you."],
    },
    "blame_third_party": {
        "es": ["Eso lo estropeó {third}, por nuestra parte todo está bien.", "Vaya a quejarse a {third}, que son ellos los que han fallado.",
               "El responsable de ese error es {third}, no nosotros.", "Aquí el problema lo generó {third}, reclámeles a ellos."],
        "en": ["{third} messed that up, everything on our side is fine.", "You'll want to complain to {third}, they're the ones who failed.",
               "The party responsible for that error is {third}, not us.", "This was caused by {third}, so chase them, not us."],
    },
    "blame_not_my_area": {
        "es": ["Eso no lo llevo yo, yo estoy en otra cosa.", "Ese tema no es competencia mía, yo solo veo contrataciones.",
               "Uy, no, eso no entra dentro de mis funciones.", "Yo no tengo nada que ver con esa parte, a mí no me pregunte."],
        "en": ["That's not something I handle, I'm in a different team.", "Nah, that's not my remit, I only do new sign-ups.",
               "That falls outside my role, I just deal with general queries.", "I've got nothing to do with that side of things, don't ask me."],
    },
}

# Holdout per-topic lists, by language and topic key (the topics of TOPICS): other companies and third
# parties, new grievances, checks, fixes, causes and Q&A. dept / dept2 are those of TOPICS.
HOLDOUT_TOPICS: dict[str, dict[str, dict]] = {
    "es": {
        "billing": {
            "company": "Telvia", "third": "la pasarela de pago",
            "complaint": ["Este mes la factura me vino el doble de lo normal y no he cambiado nada.",
                          "Me están cobrando un servicio de música que yo jamás pedí.",
                          "Fíjese que me siguen cobrando la línea que di de baja en agosto.",
                          "Me llegó un recibo con un cargo por roaming y no he salido del país."],
            "check": ["Déjeme revisar el desglose de su último recibo.", "Estoy abriendo el histórico de pagos de la cuenta.",
                      "Aquí veo el concepto que me comenta en la factura."],
            "fix": ["Ese concepto queda eliminado y se emite una factura rectificativa.",
                    "Se ha tramitado el abono completo, lo verá reflejado en unos días.",
                    "La factura queda regularizada y el próximo recibo saldrá con el importe correcto."],
            "cause": ["El cargo se generó porque en nuestro sistema se activó ese servicio por error.",
                      "El importe salió mal porque nosotros no aplicamos bien su descuento.",
                      "Fue una incidencia en nuestro proceso de facturación de este mes."],
            "qa": [("¿Me pueden mandar la factura en papel en vez de por correo electrónico?", "Sí, queda cambiado y desde el mes que viene le llega en papel."),
                   ("¿Qué incluye exactamente mi tarifa?", "Incluye llamadas ilimitadas y cincuenta gigas de datos."),
                   ("¿Puedo pagar la factura con tarjeta?", "Sí, desde la aplicación puede pagarla con tarjeta cuando quiera.")]},
        "internet": {
            "company": "Telvia", "third": "la contrata de instalaciones",
            "complaint": ["El wifi no llega a las habitaciones, solo funciona al lado del router.",
                          "Desde la tormenta del jueves no tengo línea, ni internet ni fijo.",
                          "Me pusieron la fibra nueva y va más lento que la de antes.",
                          "Cada noche a partir de las nueve el internet se vuelve imposible."],
            "check": ["Voy a revisar los parámetros de su router en remoto.", "Estoy mirando el histórico de conexiones de esta semana.",
                      "Le veo conectado, pero con una velocidad muy por debajo de lo contratado."],
            "fix": ["Queda cambiado el canal del wifi y la señal debería mejorar ahora mismo.",
                    "Queda actualizado el perfil de velocidad; reinicie el router y lo tendrá.",
                    "Se ha restablecido el servicio en su zona, ya debería tener línea."],
            "cause": ["El problema venía de una actualización que mandamos nosotros al router.",
                      "La lentitud la causó una saturación en nuestra red de la zona.",
                      "Nosotros le dejamos mal configurado el perfil al hacer el cambio de tarifa."],
            "qa": [("¿Puedo llevarme el router si me mudo?", "Sí, solo tiene que solicitar el traslado de domicilio."),
                   ("¿Qué pasa si me paso de datos en el móvil?", "Se le reduce la velocidad, pero no se le cobra nada extra."),
                   ("¿Tienen fibra en mi nueva dirección?", "Sí, en esa calle ya hay cobertura de fibra.")]},
        "delivery": {
            "company": "Compralia", "third": "la agencia de transporte",
            "complaint": ["El repartidor marcó el pedido como entregado pero aquí no ha llegado nada.",
                          "Me mandaron unas zapatillas de otra talla y encima vinieron usadas.",
                          "La caja llegó abierta y faltan la mitad de las cosas.",
                          "Pagué envío exprés y lleva cinco días de retraso."],
            "check": ["Déjeme ver la confirmación de entrega del transportista.", "Estoy revisando lo que se preparó en su pedido.",
                      "Consulto ahora la fecha prevista de entrega."],
            "fix": ["Se le envía hoy un pedido nuevo completo, sin coste.",
                    "Queda tramitado el reembolso íntegro y la recogida del paquete equivocado.",
                    "Queda devuelto el importe del envío exprés y el pedido sale priorizado."],
            "cause": ["El error fue nuestro en el almacén, se preparó el pedido de otro cliente.",
                      "Lo marcamos como entregado por un fallo en nuestra aplicación de reparto.",
                      "El retraso lo provocamos nosotros al cambiar de almacén sin avisar."],
            "qa": [("¿Hacen envíos a Ceuta?", "Sí, a Ceuta llegan en unos diez días."),
                   ("¿Puedo recoger el pedido en tienda?", "Sí, al pagar elija recogida en tienda y es gratis."),
                   ("¿Se puede pagar contra reembolso?", "Sí, con un recargo de dos euros.")]},
        "card": {
            "company": "Caja Altamira", "third": "la procesadora de pagos",
            "complaint": ["Me aparecen tres compras por internet que yo no he hecho.",
                          "Me cobraron una comisión por sacar dinero que se supone que era gratis.",
                          "La tarjeta nueva me llegó con el nombre mal escrito y no me deja pagar.",
                          "Hice una transferencia hace cuatro días y todavía no ha llegado."],
            "check": ["Estoy revisando las últimas operaciones con su tarjeta.", "Veo aquí los movimientos de los últimos días.",
                      "Compruebo el estado de la operación que me dice."],
            "fix": ["Las compras quedan anuladas y se le emite una tarjeta nueva.",
                    "Se le devuelve la comisión en las próximas cuarenta y ocho horas.",
                    "La operación ya está liberada y el dinero llega hoy."],
            "cause": ["La comisión se cobró porque nosotros no le aplicamos bien la tarifa.",
                      "La tarjeta salió con el nombre mal por un error nuestro al tramitarla.",
                      "La operación se quedó retenida en nuestros filtros por un fallo de configuración."],
            "qa": [("¿Puedo usar la tarjeta en el extranjero?", "Sí, funciona en todo el mundo sin comisión de cambio."),
                   ("¿Cómo cambio el PIN?", "En cualquier cajero de la entidad o desde la aplicación."),
                   ("¿Tiene seguro de compras la tarjeta?", "Sí, cubre sus compras durante noventa días.")]},
    },
    "en": {
        "billing": {
            "company": "Brightcall", "third": "the payment processor",
            "complaint": ["My bill's gone up by about thirty quid and nobody told me why.",
                          "You're charging me for a streaming add-on I never signed up for.",
                          "I'm still being billed for a line I cancelled back in August.",
                          "There's a roaming charge on here and I haven't left the country."],
            "check": ["Let me pull up the breakdown of your last bill.", "I'm opening your payment history now.",
                      "I can see the item you're talking about on the bill."],
            "fix": ["That add-on's been removed and a corrected bill will be issued.",
                    "A full credit has gone through, you'll see it in a few days.",
                    "Your account's been adjusted and next month's bill will be the right amount."],
            "cause": ["The charge was generated because our system switched that add-on on by mistake.",
                      "The amount was wrong because we didn't apply your discount properly.",
                      "It was an issue in our billing run this month."],
            "qa": [("Can I get paper bills instead of email?", "Yes, that's switched over and you'll get paper from next month."),
                   ("What exactly is included in my plan?", "Unlimited calls and fifty gigs of data."),
                   ("Can I pay the bill by card?", "Yes, you can pay by card in the app any time.")]},
        "internet": {
            "company": "Brightcall", "third": "the installation contractor",
            "complaint": ["The wifi doesn't reach any of the bedrooms, it only works right next to the router.",
                          "Since the storm on Thursday I've had no line at all, no internet, no phone.",
                          "You upgraded me to the new fibre and it's slower than the old one.",
                          "Every evening after nine the internet becomes unusable."],
            "check": ["I'm going to look at your router settings remotely.", "I'm looking at the connection history for this week.",
                      "I can see you're connected but well below the speed you pay for."],
            "fix": ["The wifi channel's been changed, so the signal should improve straight away.",
                    "Your speed profile's been updated, restart the router and it'll kick in.",
                    "Service has been restored in your area, you should have a line now."],
            "cause": ["The problem came from an update we pushed to your router.",
                      "The slowdown was caused by congestion on our network in your area.",
                      "We left your profile misconfigured when we changed your plan."],
            "qa": [("Can I take the router with me if I move?", "Yes, you just need to request a home move."),
                   ("What happens if I go over my mobile data?", "Your speed's reduced, but there's no extra charge."),
                   ("Do you have fibre at my new address?", "Yes, that street's already covered for fibre.")]},
        "delivery": {
            "company": "Cartwell", "third": "the delivery firm",
            "complaint": ["The driver marked it as delivered but nothing's arrived here.",
                          "You sent me trainers in the wrong size and they look worn.",
                          "The box arrived ripped open and half the stuff's missing.",
                          "I paid for next-day delivery and it's five days late."],
            "check": ["Let me look at the courier's proof of delivery.", "I'm checking what was packed in your order.",
                      "I'm looking up the estimated delivery date now."],
            "fix": ["A full replacement order goes out today at no cost.",
                    "A full refund's been processed and a collection booked for the wrong item.",
                    "The delivery charge has been refunded and your order's been prioritised."],
            "cause": ["It was our warehouse's mistake, another customer's order was packed.",
                      "We marked it delivered because of a fault in our delivery app.",
                      "The delay was caused by us moving warehouses without telling anyone."],
            "qa": [("Do you deliver to Hawaii?", "Yes, it takes about ten days."),
                   ("Can I collect the order from a store?", "Yes, choose click and collect at checkout and it's free."),
                   ("Can I pay on delivery?", "Yes, for a two dollar surcharge.")]},
        "card": {
            "company": "Harbour Street Bank", "third": "the payment processor",
            "complaint": ["There are three online purchases on my card that I never made.",
                          "I got charged a fee for taking cash out, and that's supposed to be free.",
                          "My new card came with my name spelled wrong and it won't let me pay.",
                          "I sent a transfer four days ago and it still hasn't arrived."],
            "check": ["I'm looking at the latest transactions on your card.", "I can see the activity from the last few days here.",
                      "I'm checking the status of that payment."],
            "fix": ["Those purchases are cancelled and a new card is on its way.",
                    "The fee will be refunded within forty-eight hours.",
                    "The payment's been released and the money will land today."],
            "cause": ["The fee was charged because we didn't apply your account terms properly.",
                      "The card was printed with the wrong name because of an error on our side.",
                      "The payment was held in our filters because of a configuration fault."],
            "qa": [("Can I use my card abroad?", "Yes, it works worldwide with no foreign transaction fee."),
                   ("How do I change my PIN?", "At any of our ATMs or in the app."),
                   ("Does the card have purchase protection?", "Yes, it covers purchases for ninety days.")]},
    },
}

HOLDOUT_SLOT_VALUES = {
    "es": {"agent": ["Valentina", "Santiago", "Lorena", "Mateo"], "agent2": ["Camila", "Julián", "Rocío", "Tomás"],
           "name": ["Guadalupe Ramírez", "Sebastián Castro", "Ana Belén Ortega", "Facundo Pereyra", "Luz Marina Ospina",
                    "Rodrigo Salinas"],
           "day": ["lunes", "martes", "miércoles", "jueves", "viernes"]},
    "en": {"agent": ["Jessica", "Kevin", "Amelia", "Nathan"], "agent2": ["Laura", "Sam", "Aisha", "Connor"],
           "name": ["Rachel Turner", "DeShawn Carter", "Fiona MacLeod", "Carlos Rivera", "Megan O'Brien", "Oliver Hughes"],
           "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]},
}

# ---------------------------------------------------------------------------------------------------
# FINAL PHRASE BANKS: used only by the final split, the report split. Written after the rules had been
# developed against dev, test and holdout, by someone who had not read the rules' phrase files. Each
# phrasing differs in wording and structure from every dev, test and holdout phrasing. Mostly the
# ordinary wordings of Spain, Mexico, Colombia, Argentina, the US and the UK, with a tail of indirect or
# unusual ones. Same bank names, semantics and rule tags as BANKS and HOLDOUT_BANKS, including the
# fresh-split filler (security_question / security_answer / survey).
# ---------------------------------------------------------------------------------------------------

FINAL_BANKS: dict[str, dict[str, list[str]]] = {
    # ----- neutral filler -----
    "greeting": {
        "es": ["Buenas tardes, {company}, le habla {agent}, ¿con quién tengo el gusto?",
               "Hola, buen día, {agent} de {company}, ¿en qué le podemos ayudar hoy?",
               "{company}, atención al cliente, buenos días, soy {agent}, usted dirá.",
               "Qué tal, buenas, {company}, {agent} al teléfono, dígame en qué le ayudo."],
        "en": ["Hi, {company}, you've got {agent}, who am I speaking with?",
               "Good morning and thanks for calling {company}, my name is {agent}, how can I help you?",
               "Hello, {company} customer care, {agent} here, what can I help with?",
               "Afternoon, {company}, it's {agent}, how can I help?"],
    },
    "greeting_disclosure": {
        "es": ["Hola, buenos días, {company}. Soy {agent} y, antes de empezar, le comento que grabamos esta llamada para control de calidad. ¿Qué necesita?",
               "Hola, {company}, soy {agent}. Esta conversación podrá ser grabada con fines de formación y calidad. ¿En qué puedo ayudarle?",
               "{company}, buenas tardes, habla {agent}; por política de calidad grabamos todas nuestras llamadas. ¿Cómo le ayudo?",
               "Gracias por llamar a {company}. Antes de seguir, un aviso: esta llamada queda grabada y puede revisarla un supervisor. Le atiende {agent}, cuénteme."],
        "en": ["Hi, {company}, {agent} speaking. Calls are recorded for quality and training. What can I help you with?",
               "Good morning, you've reached {company}; this call is being recorded for quality assurance. My name's {agent}, how can I help?",
               "{company}, {agent} here. Quick note before we start, we record our calls so we can keep improving. What's the problem today?",
               "Thanks for waiting, you're speaking with {agent} at {company}. As with all our calls, this one's recorded and may be reviewed by a supervisor. How can I help today?"],
    },
    "hello": {
        "es": ["Hola, buenas tardes, a ver, le comento,", "Sí, buenos días, oiga, es que", "Hola, qué tal, buenas, verá,",
               "Buenas, sí, mirá, te cuento,"],
        "en": ["Hi, good morning, yeah, so", "Hey there, hi,", "Good afternoon. Right, so", "Oh, hi, yes, er,"],
    },
    "ask_id": {
        "es": ["¿Me puede dar el número de documento, por favor?", "Para verificar, ¿me dice su nombre completo y el número de cliente?",
               "¿A nombre de quién está el servicio y con qué número?", "¿Me pasa el número de la cuenta, si es tan amable?"],
        "en": ["Could I start with your account number?", "What's the full name and account number, please?",
               "Can I take the name and number on the account?", "Do you have your account number handy?"],
    },
    "give_id": {
        "es": ["Claro que sí, el {num}.", "Mmm, espere... a ver... el {num}, a nombre de {name}.", "Le digo: {num}.",
               "Está a nombre de {name}; el número es el {num}."],
        "en": ["It's {num}, got it here on my bill.", "Should be {num}.", "Sure, {name}, and the number is {num}.", "Hang on, it's... {num}."],
    },
    "security_question": {  # drawn apart from the answer, so all ask for the same item
        "es": ["¿Me confirma el código postal de su domicilio?", "Por seguridad, ¿cuál es el código postal que tenemos registrado?",
               "¿Y el código postal de la dirección de la cuenta?"],
        "en": ["Can you confirm your date of birth for me?", "For security, what's the account holder's date of birth?",
               "And your birthday, please, day, month and year?"],
    },
    "security_answer": {
        "es": ["Sí, el veintiocho cero catorce.", "Cero ocho cero dos cinco.", "Es el cuarenta y uno cero cero tres."],
        "en": ["Third of March, nineteen seventy-nine.", "It's the twenty-first of July, ninety-one.", "June ninth, nineteen eighty-five."],
    },
    "repeat_please": {
        "es": ["Disculpe, se ha oído entrecortado, ¿me lo repite?", "¿Perdón? ¿Me vuelve a dar el número, por favor?",
               "Perdone, ¿el último era un siete o un uno?", "Disculpe, ¿me lo puede decir número por número?"],
        "en": ["Sorry, could you say that again?", "Sorry, was that a five or a nine at the end?",
               "I'm sorry, I missed the last couple of digits, can you repeat them?", "Sorry, you're a bit faint, can you read that out once more?"],
    },
    "verify": {
        "es": ["Muy bien, gracias, {name}, ya tengo su cuenta.", "Perfecto, ya lo ubiqué.", "Vale, gracias, ya le he encontrado.",
               "Bien, ya está, ya veo todo."],
        "en": ["Thanks, {name}, I've found your account.", "Perfect, got you on the system.", "Okay, thank you, that's all verified.",
               "Great, you're all pulled up here."],
    },
    "ack": {
        "es": ["Vale, muy bien.", "Perfecto, gracias.", "Ah, bueno, genial.", "Dale, listo."],
        "en": ["Okay, good.", "Great, thank you.", "Ah, perfect.", "Right you are."],
    },
    "ack_how": {
        "es": ["Ya, ¿y qué se puede hacer?", "Bueno, ¿y cómo lo solucionamos?", "Vale, ¿y eso cuándo me lo arreglan?",
               "¿Y entonces qué me recomienda?"],
        "en": ["Okay, so what can you do?", "Right, so how do we get this fixed?", "Fine. And what happens next?",
               "Okay... so where do we go from here?"],
    },
    "ask_fix": {
        "es": ["¿Y no me lo pueden quitar?", "¿No hay ninguna forma de que me lo compensen?", "¿Y qué se puede hacer entonces?",
               "¿Me lo pueden solucionar de alguna forma?"],
        "en": ["Can you not just take it off?", "Is there nothing you can do for me?", "Surely there's something you can do?",
               "Can't you waive it or something?"],
    },
    "resigned": {
        "es": ["Bueno, vale, gracias.", "Pues bueno, qué se le va a hacer.", "Está bien, ya veo.", "Ya, bueno, me toca esperar entonces."],
        "en": ["Okay, fine.", "Right, I suppose that's it then.", "Okay, well, thanks for trying.", "Sure, whatever you say."],
    },
    "closing_agent": {
        "es": ["¿Le puedo ayudar con algo más, {name}?", "¿Hay alguna otra cosa que necesite?", "¿Le queda alguna duda?",
               "¿Quiere que le revise algo más?"],
        "en": ["What else can I do for you today?", "Anything further I can help with, {name}?", "Was there anything else?",
               "Anything else I can sort out for you?"],
    },
    "closing_customer": {
        "es": ["No, ya con eso, gracias.", "Nada, eso era, gracias por todo.", "No, muchas gracias, muy amable.", "Con eso ya estoy, gracias."],
        "en": ["No, I think we're done, thanks.", "No thanks, that's all.", "That's everything, cheers.", "No, you've been very helpful, thanks."],
    },
    "survey": {
        "es": ["Al terminar puede que le llamen para una encuesta breve; si la responde, nos ayuda.",
               "Le llegará un correo para valorar la atención de hoy, por si quiere contestarlo.",
               "Si se queda en línea cuando yo cuelgue, hay una pequeña encuesta de dos preguntas."],
        "en": ["You might get an email asking how today went, any feedback helps.",
               "If you stay on the line after I hang up, there's a two-question survey.",
               "We might send you a quick text to rate the call today."],
    },
    "bye": {
        "es": ["Que tenga buena tarde, hasta luego.", "Gracias por llamar, que le vaya bien.", "De nada, un saludo.", "Gracias, chau, que esté bien."],
        "en": ["Thanks for calling, bye now.", "Have a good rest of your day, bye.", "Cheers, take care now.", "You're welcome, all the best."],
    },
    "hold": {
        "es": ["Le pongo en espera un momento mientras lo reviso, ¿de acuerdo?", "Voy a dejarle en espera un par de minutos, no se retire, por favor.",
               "Aguarde en línea un momento, que lo consulto en el sistema.", "¿Me permite ponerle en espera un minuto? Enseguida vuelvo con usted."],
        "en": ["I'll need to put you on hold for a moment while I check that.", "Mind holding for me while I dig into it?",
               "Can you stay on the line for a couple of minutes? I'm putting you on hold.", "Two ticks, I'm just going to put you on hold."],
    },
    "resume": {
        "es": ["Ya estoy aquí, gracias por aguardar.", "Muy bien, ya lo he mirado.", "¿Sigue ahí? Ya estoy.", "Bueno, ya volví."],
        "en": ["Thanks for bearing with me.", "Appreciate you waiting.", "Still there? Great.", "Okay, I've had a look."],
    },
    "backchannel": {
        "es": ["Sí.", "Ajá, sí.", "Claro, claro.", "Mmm."],
        "en": ["Yeah.", "Mm.", "Okay, sure.", "Right, right."],
    },
    "detail": {
        "es": ["y encima nadie me ha dado una explicación, me tienen dando vueltas de un lado para otro",
               "y es que esto me está afectando al trabajo, ya no sé cómo explicárselo a mi jefe",
               "y mire, yo llevo años con ustedes y nunca me había pasado algo así, la verdad es que estoy muy decepcionado",
               "y ya le digo, he perdido la mañana entera con esto y sigo sin saber qué pasa",
               "y para colmo el chat de la web te contesta un robot que no entiende nada de lo que le escribes"],
        "en": ["and nobody's given me any explanation, I keep getting passed from pillar to post",
               "and it's affecting my work now, I don't know what to tell my boss anymore",
               "and I've been with you for years and never had a problem like this, I'm honestly really disappointed",
               "and I've wasted the whole morning on this and I still don't know what's going on",
               "and to top it off your online chat is just a bot that doesn't understand a word I type"],
    },
    "interrupt": {
        "es": ["Perdone que le corte, pero necesito primero su número de cliente.",
               "Sí, sí, le entiendo, pero ¿me da el DNI para poder mirarlo?",
               "Un segundito, un segundito, ¿el número de documento?",
               "Déjeme que le interrumpa un momento, ¿me dice a nombre de quién está?",
               "Vale, pero para ver eso necesito el número de teléfono de la línea primero."],
        "en": ["Sorry to cut in, but I'll need your account number first.",
               "Yep, yep, I get it, but can I grab your account number so I can look?",
               "Just a sec, just a sec, what's the postcode on the account?",
               "Let me stop you there for a moment, who's the account holder?",
               "Okay, but before we get into that, I need the phone number on the account."],
    },
    "owner_request": {
        "es": ["Quería pedir que me devuelvan la fianza del router.", "Llamo para solicitar que me quiten la permanencia por cambio de domicilio.",
               "Necesito que me suban el límite de transferencias para un pago grande.", "Quería pedir una prórroga para pagar la deuda pendiente."],
        "en": ["I'm calling to ask for my deposit back on the router.", "I'd like my contract ended early because I'm moving abroad.",
               "I need my transfer limit raised for a big payment.", "I wanted to ask for more time to pay what I owe."],
    },
    "transfer_request": {
        "es": ["¿Me puede pasar con alguien de {dept}, por favor?", "Prefiero que me transfiera con {dept}, es que es un tema suyo.",
               "Oiga, yo lo que necesito es hablar con {dept}, ¿me comunica?", "¿Habría forma de que me pase a {dept}?"],
        "en": ["Can I speak to someone in {dept}, please?", "I think I need {dept} for this, can you put me across?",
               "Is it possible to be transferred to {dept}?", "Honestly, I just want {dept}, can you pop me through?"],
    },
    "transfer_accept": {
        "es": ["Sí, claro, ahora le transfiero con ellos.", "Cómo no, espere en línea y le paso.", "De acuerdo, le paso con {dept} ahora mismo.",
               "Claro, un momento que le comunico."],
        "en": ["Yes, of course, I'll transfer you now.", "Sure, hang on and I'll put you through to them.",
               "Okay, no problem, connecting you to {dept}.", "Absolutely, bear with me while I transfer you."],
    },
    "agent2_greeting": {
        "es": ["Buenas tardes, {dept}, habla {agent2}, ¿en qué le ayudo?", "Hola, sí, {agent2} de {dept}, dígame.",
               "Buenos días, le atiende {agent2}, del área de {dept}.", "{dept}, buen día, {agent2}, ¿qué se le ofrece?"],
        "en": ["Good morning, {dept}, {agent2} speaking.", "Hi, it's {agent2} in {dept}, what can I do for you?",
               "{agent2}, {dept}, hello, what's the issue?", "{dept}, hi, {agent2}, go ahead."],
    },
    "redisclosure": {
        "es": ["Ahora sí. Un apunte rápido: esta llamada también queda grabada, igual que antes del corte. Bueno, le decía...",
               "Perfecto, ya estamos. Por normativa le repito el aviso del inicio: la conversación se graba. Sigamos.",
               "Sí, ya le oigo. Antes de seguir, y solo por procedimiento, recordarle que la llamada está siendo grabada. Entonces, le comentaba..."],
        "en": ["Okay, I've got you back. Just so you know, like at the start, the call is still being recorded. So, as I was saying...",
               "Right, we're back. I need to repeat the notice from the beginning: this call is recorded for quality. Let's keep going.",
               "There we go, you're back. Procedure says I remind you the line is recorded, same as before. Now, where was I?"],
    },
    "line_dropped": {
        "es": ["¿Hola? ¿Hola? Perdone, creo que se cortó.", "¿Me oye? Se me fue la llamada.", "¿Sigue ahí? No le escuchaba."],
        "en": ["Hello? Sorry, I think we got cut off.", "Hi, can you hear me? It went silent.", "Are you there? I lost you for a sec."],
    },
    "recording_question": {
        "es": ["Disculpe, ¿están grabando lo que hablamos?", "Antes de nada, quería saber si graban esta conversación.",
               "¿Queda registrada esta llamada en algún sitio?", "Oiga, ¿y esto lo están grabando ustedes?"],
        "en": ["Sorry, are you guys recording this call?", "Before I say anything else, is this being recorded?",
               "Out of interest, do these calls get recorded?", "Is this conversation going to be kept on record?"],
    },
    "recording_answer": {
        "es": ["Pues sí, señor, se graba; es por temas de calidad.", "Correcto, se graban todas las llamadas de este servicio.",
               "Sí, queda grabada, y si quiere puede solicitar una copia por escrito.", "Sí, la grabamos por calidad y seguridad, es lo normal."],
        "en": ["Yep, we're recording, sir, it's for quality reasons.", "That's right, every call on this line is recorded.",
               "Yes, it is, and you can ask for a copy in writing if you want one.", "We do, yes, for quality and security, it's just how we operate."],
    },
    # ----- customer complaint cues -----
    "dispute": {
        "es": ["¿Cómo que no? Esto es un abuso y no pienso pagar ni un peso.", "Me parece una vergüenza, de verdad.",
               "Esto es un robo descarado.", "No me lo puedo creer, ¿me están timando o qué?", "Eso no es así, y usted lo sabe perfectamente."],
        "en": ["What? That's a rip-off and you know it.", "That's absolutely disgraceful.", "I'm not paying for something I never had, full stop.",
               "You're joking, right? That's theft.", "Come off it, that's not right at all."],
    },
    "not_my_fault": {
        "es": ["Oiga, yo no he hecho nada mal, ¿eh?", "Yo cumplí con todo lo que me pidieron, eso no es problema mío.",
               "Mire, yo no toqué nada, eso no lo hice yo.", "Que yo sepa, el error no ha sido mío.",
               "Perdone, pero yo siempre pago a tiempo, eso no va conmigo."],
        "en": ["Hold on, I haven't done anything wrong here.", "I did everything you asked me to, so don't put this on me.",
               "Don't try and pin this on me, I never touched it.", "As far as I'm aware, I'm not the one who made the mistake.",
               "I always pay on time, so that's nothing to do with me."],
    },
    "repeat_contact": {
        "es": ["Ya he llamado varias veces por esto y nadie me lo soluciona.", "Es la segunda vez esta semana que les llamo por lo mismo.",
               "Llamé el viernes y me aseguraron que lo arreglaban.", "Ya me atendió una compañera suya hace unos días y seguimos igual.",
               "Llevo desde principios de mes detrás de ustedes con esto.", "Ya lo reporté por WhatsApp y por la web, y ahora les llamo otra vez."],
        "en": ["I've called about this a few times already and it's still not fixed.", "This is the second time this week I've phoned about the same thing.",
               "I rang on Friday and was promised it'd be sorted.", "One of your colleagues dealt with this a couple of days ago and nothing's changed.",
               "I've been chasing you about this since the start of the month.", "I've already reported it on the app and by email, and now I'm calling again."],
    },
    "churn": {
        "es": ["Si no me lo solucionan, me voy a otra compañía.", "Estoy pensando en darme de baja, la verdad.",
               "Como esto siga así, el mes que viene me hago la portabilidad a otro operador.",
               "Quiero saber qué tengo que hacer para cancelar, porque así no sigo.", "Mirá, yo así no sigo con ustedes, eh.",
               "Ya estoy mirando otras opciones, se lo digo de verdad."],
        "en": ["If you can't fix this, I'm going elsewhere.", "I'm thinking about cancelling, to be honest.",
               "If this carries on, next month I'm porting my number to another network.", "What do I need to do to cancel? Because I'm done.",
               "I'm not sticking around for much more of this.", "I've started looking at other options, I'll be honest with you."],
    },
    # ----- agent behaviours -----
    "apology": {
        "es": ["Lo siento mucho, de verdad.", "Disculpe todas las molestias.", "Perdón por todo esto, no tendría que haber pasado.",
               "Siento muchísimo el problema que le hemos causado.", "Una disculpa por eso, de veras.", "Ay, qué pena, de verdad le pido excusas.",
               "Lamentamos muchísimo las molestias."],
        "en": ["I'm so sorry about this.", "Sorry for the inconvenience.", "I'm really sorry, that's not how it's meant to go.",
               "I can only apologise.", "I'm sorry this has happened, truly.", "My sincere apologies for this.", "Sorry for all the bother, genuinely."],
    },
    "empathy": {
        "es": ["Entiendo lo frustrante que tiene que ser.", "Le entiendo perfectamente, yo en su lugar estaría igual.",
               "Comprendo su molestia, es totalmente lógico.", "Qué fastidio, de verdad, y más cuando uno lo necesita.",
               "Vaya situación, entiendo que esté cansado de todo esto.", "Ay, no, qué angustia, me imagino cómo está."],
        "en": ["I understand, it's really frustrating when that happens.", "I'd feel exactly the same in your shoes.",
               "That's completely understandable, I'd be annoyed too.", "Oh, that's a real nuisance, especially when you need it.",
               "I can tell you've had enough of this, and fair enough.", "What a rotten week you've had with this."],
    },
    "ownership": {
        "es": ["Yo me hago cargo de esto, quédese tranquilo.", "Reconozco que nos equivocamos nosotros; lo corrijo yo ahora.",
               "De esto me encargo yo, se lo dejo solucionado hoy.", "La responsabilidad es nuestra, no suya, y yo me ocupo de arreglarlo.",
               "No tiene que hacer nada más, yo le llevo el caso de principio a fin.", "Fallamos nosotros, así de claro; ya mismo se lo soluciono."],
        "en": ["I'll take care of this for you, don't worry.", "This was our fault, not yours, so I'll sort it out.",
               "I'm going to handle this personally from start to finish.", "I'll make it my responsibility to get this resolved today.",
               "You don't need to do a thing, leave the rest to me.", "Hands up, we dropped the ball, and I'm the one who's going to sort it."],
    },
    "follow_case": {
        "es": ["Le doy el número de incidencia: {ref}.", "Su número de caso es el {ref}, apúntelo por si acaso.",
               "Queda abierta la reclamación {ref}; si llama de nuevo, dé ese número.", "Le acabo de mandar un correo con el número de seguimiento {ref}.",
               "Para cualquier cosa, tiene el ticket {ref} a su nombre."],
        "en": ["Your ticket reference is {ref}, if you want to write that down.", "I've raised a complaint for you under {ref}.",
               "If you need to chase it up, quote reference {ref}.", "I've logged all of this on a case, number {ref}.",
               "Make a note of {ref}, that's your complaint number."],
    },
    "follow_callback": {
        "es": ["Mañana le damos un toque para comprobar que ya le funciona.", "El {day} le hacemos una llamada para ver cómo sigue.",
               "Dentro de un par de días le vuelvo a llamar para ver qué tal va.",
               "Le dejo programada una llamada para el {day} y así comprobamos que funciona.",
               "En cuanto se refleje el cambio le aviso con una llamada, ¿le parece?"],
        "en": ["I'll call you tomorrow to make sure it's all okay.", "We'll give you a ring on {day} to see how it's going.",
               "I'll phone you back in a couple of days to check in.", "I've booked a follow-up call for {day}, so we can confirm it's working.",
               "Once it's gone through, I'll ring to let you know, if that's okay?"],
    },
    "pseudo_apology": {
        "es": ["Lamento que no le haya gustado, pero eso es lo que usted firmó.", "Siento la confusión por su parte, pero el importe es correcto.",
               "Lo siento si no se lo explicaron, pero las condiciones están en la web.",
               "Disculpe que se lo diga así, pero no hay ningún error por nuestra parte.",
               "Me sabe mal que lo vea así, pero nosotros lo hemos hecho todo correctamente."],
        "en": ["I'm sorry you didn't like it, but that's what you agreed to.", "Sorry for the confusion on your end, but the amount is right.",
               "I'm sorry if nobody explained it, but the terms are on the website.", "Sorry to say it, but there's no mistake on our part.",
               "I hear you, and I'm sorry it's upsetting, but rules are rules."],
    },
    "pseudo_helpless": {
        "es": ["Lo siento, pero eso no lo puedo cambiar, no hay manera.", "Perdone, pero eso no está en mi mano ni en la de nadie.",
               "Siento decírselo, pero ya no tiene solución.", "Ay, lo siento, pero eso ya no se puede deshacer de ninguna manera."],
        "en": ["Sorry, but I can't change that, there's no way.", "I'm sorry, it's not in my hands or anyone else's.",
               "Sorry to say there's no fixing it now.", "Oh, I'm sorry, but that can't be undone, not by anyone."],
    },
    "helpless": {
        "es": ["Eso no depende de mí y no puedo hacer nada.", "Lo que me pide no es posible, no hay forma.", "Eso ya quedó así y no se puede tocar.",
               "Mire, con eso no hay nada que hacerle.", "No, eso no se puede hacer, por mucho que insista."],
        "en": ["That's not something I can do anything about.", "What you're asking for isn't possible, there's no way.",
               "It's done now, it can't be touched.", "There's nothing doing on that one, I'm afraid.", "No, that can't happen, however many times you ask."],
    },
    "refusal_alternative": {
        "es": ["El reembolso no se lo puedo hacer, pero sí le puedo rebajar el próximo recibo.",
               "El cargo tiene que quedarse, pero le ofrezco compensarlo con {amount} euros de saldo.",
               "No puedo cancelar eso, pero puedo darle un plan de pagos en tres meses.",
               "Eso no se lo puedo cambiar hoy, pero le propongo otra cosa: le devolvemos el dinero en forma de vale."],
        "en": ["I can't refund that, but I can give you a discount on your next bill.",
               "The charge has to stay, but I can make up for it with a {amount} dollar credit.",
               "I can't cancel it, but I can set you up on a three-month payment plan.",
               "That's not something I can change, but here's what I can do: refund it as a voucher instead."],
    },
    "owner_unavailable": {
        "es": ["Eso solo lo puede aprobar mi supervisor y hoy libra; llámenos mañana.",
               "Ahora mismo no hay nadie que pueda autorizarlo, vuelva a llamar en un rato.",
               "El área de {dept} ya cerró por hoy, tiene que llamar de nuevo mañana.",
               "Mi jefa es la que decide eso y está fuera toda la semana; llame la semana que viene.",
               "Uy, la única persona que firma eso está de viaje; tocaría llamar otro día."],
        "en": ["Only my supervisor can approve that and it's her day off, so call us tomorrow.",
               "There's nobody here right now who can authorise that, try calling back in a bit.",
               "{dept} have closed for the day, you'll need to call again tomorrow.",
               "My manager makes that call and he's out all week, so ring back next week.",
               "The only person who signs those off is travelling, so you'd have to try another day."],
    },
    "owner_unavailable_callback": {
        "es": ["Mi supervisor hoy libra, pero le dejo la solicitud registrada con el número {ref} y mañana le llamamos.",
               "Ahora no hay nadie que lo autorice, pero en cuanto llegue mi jefa lo revisa y yo le llamo esta tarde.",
               "El área de {dept} ya cerró, pero le abro el caso {ref} y el {day} a primera hora le confirmamos por teléfono.",
               "La persona que firma está de viaje; le agendo una llamada para el {day} con la respuesta."],
        "en": ["It's my supervisor's day off, but your request is saved under {ref}, and you'll get a call from us tomorrow.",
               "There's no one to authorise it right now, but as soon as my manager's in she'll review it and I'll ring you this afternoon.",
               "{dept} have closed, but I've opened case {ref} and we'll confirm by phone first thing {day}.",
               "The person who signs it off is travelling; I've booked you a call on {day} with the answer."],
    },
    "recording_threat": {
        "es": ["Le recuerdo que la llamada se está grabando, así que cuidado con lo que dice.",
               "Caballero, todo esto queda grabado, le sugiero que baje el tono.",
               "Si sigue hablándome así, le recuerdo que tenemos la grabación.",
               "Esto queda grabado, ¿eh?, y luego no diga que no se lo avisé.",
               "Mida sus palabras, que esta conversación está grabada."],
        "en": ["I'll remind you the call is being recorded, so be careful what you say.", "Sir, all of this is recorded, I'd suggest you calm down.",
               "If you keep talking to me like that, remember we have the recording.", "This is all on record, you know, so don't say I didn't warn you.",
               "Watch what you say, this conversation is being recorded."],
    },
    "transfer_cold": {
        "es": ["Esto lo lleva {dept}, le paso.", "Le voy a pasar con {dept}, no se retire.", "Eso se lo mira {dept}, ahora le comunico.",
               "Mejor que lo vea {dept}; le transfiero ya mismo."],
        "en": ["That's a {dept} thing, I'll transfer you.", "I'm going to pass you over to {dept}, stay on the line.",
               "{dept} will look at that, connecting you now.", "Best if {dept} take a look; transferring you right away."],
    },
    "transfer_plain": {
        "es": ["Con esto ya le paso a {dept}, que siguen ellos.", "Vale, pues ahora le transfiero a {dept}.",
               "Esto tiene que continuarlo {dept}, le paso la llamada.", "Le pongo con {dept} para que terminen la gestión."],
        "en": ["Okay, I'll pass you on to {dept} now, they'll take it from there.", "Right, I'm transferring you to {dept} now.",
               "This needs to carry on with {dept}, I'll put you through.", "I'll connect you with {dept} so they can finish it off."],
    },
    "transfer_warm": {
        "es": ["Le paso con {dept}; ya les he dejado anotado todo lo que hemos visto para que no tenga que repetirlo.",
               "Voy a transferirle a {dept} y ya les he explicado el problema con detalle, le atienden enseguida.",
               "Le comunico con un compañero de {dept}; tiene ya en pantalla todas las comprobaciones que hicimos.",
               "He llamado a {dept} antes de pasarle y ya están al tanto; le transfiero."],
        "en": ["I'm putting you through to {dept}; I've noted everything we've looked at so you won't have to repeat it.",
               "I'll transfer you to {dept}, and I've explained the problem to them in detail, they'll pick up straight away.",
               "I'm connecting you with a colleague in {dept}; they've got all our checks up on screen already.",
               "I rang {dept} before passing you over and they're up to speed; transferring you now."],
    },
    "agent2_warm": {
        "es": ["Hola, le habla {agent2}, de {dept}; ya tengo anotado todo lo que le pasa.",
               "Buenas, soy {agent2}; mi compañera me ha contado su caso, así que seguimos.",
               "Qué tal, {agent2} de {dept}, ya vi las pruebas que le hicieron.",
               "Hola, {agent2} por aquí, ya me pasaron las notas, no tiene que repetirme nada."],
        "en": ["Hi, {agent2} from {dept}; I've got everything noted about your issue.",
               "Hello, it's {agent2}; my colleague's told me all about it, so we can crack on.",
               "Hiya, {agent2} in {dept}, I've seen the tests they ran.",
               "Hi, {agent2} here, I've got the notes, you don't need to go through it again."],
    },
    "repeat_forced": {
        "es": ["Buenas, soy {agent2}. No me han pasado nada, ¿me cuenta qué le ocurre?",
               "Hola, ¿qué tal? A ver, explíqueme el problema desde el principio.",
               "Buenas tardes, aquí no tengo ninguna información de su caso, ¿me lo cuenta otra vez?",
               "Hola, {dept}. Vamos a empezar otra vez, ¿qué le pasó exactamente?"],
        "en": ["Hi, it's {agent2}. Nothing's been passed on, so what's the problem?",
               "Hello, okay, explain the problem to me from the beginning.",
               "Afternoon, I've got no information about your case here, could you tell me again?",
               "Hi, {dept}. Let's start over, what happened exactly?"],
    },
    "as_i_said": {
        "es": ["Pues lo que le dije al otro señor:", "Otra vez, a ver:", "Como ya le he contado a su compañera,", "Mire, se lo repito:"],
        "en": ["So, like I told the other person,", "Okay, again then:", "As I've already said once,", "Look, I'll say it again:"],
    },
    # blame_shifting, by kind
    "blame_department": {
        "es": ["Eso es un error de {dept}, no nuestro.", "Los de {dept} lo han vuelto a hacer mal, como siempre.",
               "A ver, eso lo tramita {dept} y son ellos los que se han equivocado.",
               "Ya le digo yo que el lío viene de {dept}, que nunca nos avisan de nada."],
        "en": ["That's a {dept} error, not ours.", "{dept} have got it wrong again, as usual.",
               "So, {dept} process that, and they're the ones who made the mistake.",
               "I can tell you now the mess is coming from {dept}, they never tell us anything."],
    },
    "blame_colleague": {
        "es": ["El compañero que le atendió la otra vez lo registró mal.", "Eso lo hizo mal la chica que le atendió, no yo.",
               "Alguien de mi equipo se equivocó al cargarlo, yo no fui.", "Ese fallo es del asesor anterior, que no dejó nada bien apuntado."],
        "en": ["The colleague you spoke to last time logged it wrong.", "The woman who dealt with you before got it wrong, not me.",
               "Someone on my team put it in wrong, it wasn't me.", "That's the previous agent's mistake, they didn't note anything down properly."],
    },
    "blame_system": {
        "es": ["Eso es un error del sistema, nosotros no tenemos nada que ver.", "El sistema a veces se cuelga y pasan estas cosas, no es culpa de nadie.",
               "Es que el sistema nuevo está fallando un montón, no depende de nosotros.",
               "Ha sido la máquina, que se equivoca sola; yo ahí no pinto nada."],
        "en": ["That's the system playing up, nothing we've done.", "The system crashes sometimes and this happens, it's nobody's fault.",
               "The new system's been failing loads, it's out of our control.",
               "It's the computer, it gets things wrong on its own; I've got no say in it."],
    },
    "blame_customer": {
        "es": ["Es que usted tenía que habernos avisado antes.", "Eso es por no haber activado usted las notificaciones, la verdad.",
               "Si hubiera revisado el contrato, sabría que eso es así.", "Pues el error fue suyo al darnos la información mal."],
        "en": ["Well, you should have let us know sooner.", "That's because you didn't turn on the notifications, to be fair.",
               "If you'd checked the contract, you'd know that's how it works.", "The mistake was yours, you gave us the wrong information."],
    },
    "blame_third_party": {
        "es": ["Eso es un fallo de {third}, no nuestro.", "El fallo está en {third}; la reclamación tiene que ir a ellos.",
               "Nosotros lo mandamos bien, fue {third} quien lo hizo mal.", "Si {third} hiciera bien su trabajo, esto no pasaría."],
        "en": ["That's {third}'s mistake, not ours.", "The problem's with {third}; you'd have to complain to them.",
               "We sent it over correctly, it was {third} who got it wrong.", "If {third} did their job properly this wouldn't happen."],
    },
    "blame_not_my_area": {
        "es": ["Perdone, pero eso no lo gestiono yo.", "Yo aquí solo atiendo incidencias técnicas, eso no me toca.",
               "Eso se escapa de lo que yo hago.", "Ni idea, eso lo lleva otra gente, no es lo mío."],
        "en": ["That's not something I look after, I'm afraid.", "I only handle technical issues here, that's not mine to deal with.",
               "That's outside what I do.", "No idea, mate, other people deal with that, it's not my thing."],
    },
}

# Final per-topic lists, by language and topic key (the topics of TOPICS): other companies and third
# parties again, new grievances, checks, fixes, causes and Q&A. dept / dept2 are those of TOPICS.
FINAL_TOPICS: dict[str, dict[str, dict]] = {
    "es": {
        "billing": {
            "company": "Orbitel", "third": "la entidad de cobros",
            "complaint": ["Me han subido la cuota sin avisarme y ahora pago diez euros más.",
                          "Me cobraron la penalización por permanencia y yo ya la había cumplido.",
                          "Me siguen llegando facturas de un teléfono que devolví hace meses.",
                          "En el recibo aparecen llamadas internacionales que yo no he hecho."],
            "check": ["Voy a mirar el detalle de los cargos del último mes.", "Aquí tengo su factura abierta, déjeme ver.",
                      "Estoy revisando las condiciones de su contrato."],
            "fix": ["Ese cargo queda anulado y se lo devolvemos en la próxima factura.",
                    "Le hemos devuelto {amount} euros, los verá en su cuenta en unos días.",
                    "Queda corregida la cuota y a partir de ahora paga lo de siempre."],
            "cause": ["Fue un error nuestro al aplicar la subida de tarifas.",
                      "El cargo salió porque no registramos bien su baja.",
                      "Nuestro sistema no le quitó la penalización cuando tocaba."],
            "qa": [("¿Cuándo me llega la factura de este mes?", "Se emite el día uno y le llega por correo al día siguiente."),
                   ("¿Puedo poner la factura a nombre de mi empresa?", "Sí, solo necesitamos el CIF y los datos fiscales."),
                   ("¿Qué cuesta añadir otra línea móvil?", "Una línea adicional son {amount} euros al mes.")]},
        "internet": {
            "company": "Orbitel", "third": "el operador de la red de fibra",
            "complaint": ["Tengo internet, pero la velocidad no llega ni a la mitad de lo que pago.",
                          "El técnico tenía que venir ayer a instalar la fibra y no apareció nadie.",
                          "La tele por internet se queda pillada cada dos minutos.",
                          "Desde el cambio de router no me funciona el teléfono fijo."],
            "check": ["Voy a hacer un test de velocidad desde aquí.", "Estoy viendo la agenda de instalaciones de su zona.",
                      "Compruebo la configuración del router nuevo."],
            "fix": ["Ya he ajustado el perfil y tiene la velocidad completa.",
                    "Le he reservado otra cita para mañana a primera hora con un técnico.",
                    "He activado la línea fija en el router nuevo; ya debería tener tono."],
            "cause": ["El técnico no fue porque nosotros cancelamos la cita por error.",
                      "La velocidad estaba limitada por un ajuste nuestro mal hecho.",
                      "Al cambiarle el router, nosotros no activamos la línea de voz."],
            "qa": [("¿Puedo contratar más velocidad?", "Sí, puede subir a un giga por {amount} euros más al mes."),
                   ("¿El router tiene wifi seis?", "Sí, el modelo que tiene ya es wifi seis."),
                   ("¿Cuánto tarda en instalarse la fibra?", "Normalmente entre tres y cinco días laborables.")]},
        "delivery": {
            "company": "Mercaplaza", "third": "la paquetería",
            "complaint": ["Me cobraron el pedido pero en mi cuenta dice que está cancelado.",
                          "Devolví un producto hace tres semanas y no me han devuelto el dinero.",
                          "Me llegó el pedido, pero el microondas viene roto.",
                          "El paquete lleva cuatro días en reparto y no termina de llegar."],
            "check": ["Déjeme abrir el historial del pedido.", "Veo aquí la devolución que me comenta.",
                      "Déjeme comprobar dónde está el paquete ahora."],
            "fix": ["Le mandamos uno nuevo hoy y el roto lo recogen cuando se lo entreguen.",
                    "El reembolso de {amount} euros ya está hecho, lo tendrá en unos días.",
                    "Queda reactivado el pedido y sale mañana por la mañana."],
            "cause": ["El pedido se canceló por un fallo en nuestra web.",
                      "La devolución se quedó parada porque nosotros no la procesamos.",
                      "Llegó dañado porque en nuestro almacén lo embalaron mal."],
            "qa": [("¿Tienen el envío gratis a partir de algún importe?", "Sí, a partir de cincuenta euros el envío es gratis."),
                   ("¿Puedo cambiar un producto por otra talla?", "Sí, el cambio de talla es gratuito durante un mes."),
                   ("¿Me pueden dar factura de la compra?", "Sí, la descarga desde su cuenta, en el apartado de pedidos.")]},
        "card": {
            "company": "Banco Solandes", "third": "el comercio",
            "complaint": ["Me cobraron dos veces la misma compra en la gasolinera.",
                          "Me han cargado la cuota anual de la tarjeta y me dijeron que era gratis.",
                          "Intento pagar por internet y siempre me sale que la operación no está autorizada.",
                          "El cajero se tragó la tarjeta y encima no me dio el dinero."],
            "check": ["Estoy mirando las compras de los últimos días.", "Reviso las condiciones de su tarjeta.",
                      "Compruebo los intentos de pago por internet."],
            "fix": ["Se le devuelve la compra duplicada en dos días.", "La cuota queda anulada y se la devolvemos hoy.",
                    "Ya le he activado las compras por internet; pruebe otra vez."],
            "cause": ["El cobro doble vino de un fallo en nuestro sistema de autorizaciones.",
                      "Le cobramos la cuota porque se nos olvidó aplicarle la promoción.",
                      "Las compras por internet estaban desactivadas por un error nuestro al emitir la tarjeta."],
            "qa": [("¿Puedo aplazar una compra con la tarjeta?", "Sí, desde la aplicación puede pagarla en tres o seis meses."),
                   ("¿Qué hago si pierdo la tarjeta?", "Puede bloquearla en la aplicación o llamando a este mismo número."),
                   ("¿Me pueden subir el límite de la tarjeta?", "Sí, puede pedirlo en la aplicación y se lo estudiamos.")]},
    },
    "en": {
        "billing": {
            "company": "Skyline Mobile", "third": "the debt collection agency",
            "complaint": ["My monthly price has gone up and nobody told me.",
                          "You've charged me an early termination fee, but my contract had already ended.",
                          "I'm still getting bills for a phone I sent back months ago.",
                          "There are international calls on my bill that I never made."],
            "check": ["Let me look at the charges from last month.", "I've got your bill open here, let me see.",
                      "I'm checking the terms on your contract."],
            "fix": ["That charge is cancelled and you'll get it back on your next bill.",
                    "We've refunded {amount} dollars, it'll show in your account in a few days.",
                    "Your monthly price is corrected, you'll pay the usual amount from now on."],
            "cause": ["It was our mistake when we applied the price rise.",
                      "The charge went out because we didn't log your cancellation properly.",
                      "Our system didn't remove the fee when it should have."],
            "qa": [("When will this month's bill come through?", "It's issued on the first and emailed the next day."),
                   ("Can I put the bill in my company's name?", "Yes, we just need the business details."),
                   ("How much is it to add another line?", "An extra line is {amount} dollars a month.")]},
        "internet": {
            "company": "Skyline Mobile", "third": "the fibre network operator",
            "complaint": ["I've got internet, but it's not even half the speed I'm paying for.",
                          "The engineer was meant to come yesterday to install the fibre and nobody showed up.",
                          "The TV streaming keeps freezing every couple of minutes.",
                          "Since you swapped my router the landline hasn't worked."],
            "check": ["I'm going to run a speed test from my end.", "I'm looking at the engineer bookings for your area.",
                      "I'm checking the settings on the new router."],
            "fix": ["I've adjusted your profile and you've got the full speed now.",
                    "I've booked another engineer for first thing tomorrow.",
                    "I've activated the phone line on the new router, you should have a dial tone now."],
            "cause": ["The engineer didn't come because we cancelled the booking by mistake.",
                      "Your speed was capped by a setting we got wrong.",
                      "When we swapped your router we didn't turn the phone line on."],
            "qa": [("Can I upgrade my speed?", "Yes, you can go up to a gig for {amount} dollars more a month."),
                   ("Does the router do wifi six?", "Yes, the model you've got supports it."),
                   ("How long does a fibre install take?", "Usually three to five working days.")]},
        "delivery": {
            "company": "Basketly", "third": "the parcel carrier",
            "complaint": ["You've taken the money, but my account says the order's cancelled.",
                          "I sent a return back three weeks ago and I still haven't had my money.",
                          "The order turned up, but the microwave inside is broken.",
                          "The parcel's been out for delivery for four days and it still isn't here."],
            "check": ["I'm going through the history on your order.", "I can see the return you mentioned.",
                      "Let me check where the parcel is right now."],
            "fix": ["We're sending a new one today and the broken one gets collected when it's dropped off.",
                    "The {amount} dollar refund has gone through, you'll see it in a few days.",
                    "The order's been reinstated and goes out tomorrow morning."],
            "cause": ["The order got cancelled because of a glitch on our website.",
                      "The return got stuck because we never processed it.",
                      "It was damaged because we packed it badly at our warehouse."],
            "qa": [("Is there free delivery over a certain amount?", "Yes, delivery's free on orders over fifty dollars."),
                   ("Can I swap something for a different size?", "Yes, size exchanges are free for a month."),
                   ("Can I get an invoice for my order?", "Yes, you can download it from your account under orders.")]},
        "card": {
            "company": "Keystone Bank", "third": "the merchant",
            "complaint": ["I've been charged twice for the same fuel purchase.",
                          "You've taken an annual card fee and I was told it was free.",
                          "Every time I try to pay online it says the transaction isn't authorised.",
                          "The cash machine swallowed my card and didn't even give me the money."],
            "check": ["I'm looking at the purchases from the last few days.", "Let me check the terms on your card.",
                      "I'm checking the online payment attempts."],
            "fix": ["The duplicate purchase will be refunded within two days.", "The annual fee's been cancelled and refunded today.",
                    "I've switched on online payments for you, try again now."],
            "cause": ["Our authorisation system put the payment through twice by mistake.",
                      "We forgot to apply your promotion, that's why the fee came out.",
                      "Online payments were switched off because of our error when we issued the card."],
            "qa": [("Can I spread a purchase over a few months?", "Yes, in the app you can split it over three or six months."),
                   ("What do I do if I lose my card?", "You can freeze it in the app or call this number."),
                   ("Can my credit limit go up?", "You can request it in the app and we'll review it.")]},
    },
}

FINAL_SLOT_VALUES = {
    "es": {"agent": ["Ximena", "Gonzalo", "Nuria", "Emiliano"], "agent2": ["Daniela", "Ignacio", "Beatriz", "Esteban"],
           "name": ["Patricia Morales", "Hernán Quiroga", "Yolanda Jiménez", "Alejandro Vargas", "Natalia Restrepo",
                    "Fernando Aguilar"],
           "day": ["lunes", "martes", "miércoles", "jueves", "viernes"]},
    "en": {"agent": ["Ashley", "Tyler", "Charlotte", "Jamal"], "agent2": ["Grace", "Ben", "Nadia", "Dylan"],
           "name": ["Linda Walsh", "Kwame Mensah", "Sophie Clarke", "Brandon Lee", "Siobhan Kelly", "Robert Nguyen"],
           "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]},
}

# ---------------------------------------------------------------------------------------------------
# The phrase banks of the splits written after final (blind onwards) live in their own modules,
# scripts/labelled_<split>_banks.py (<SPLIT>_BANKS, <SPLIT>_TOPICS, <SPLIT>_SLOT_VALUES), so that nobody tuning
# rules reads them by accident. Each was written after the rules had been developed on the splits before it, by
# someone who never read the rules' phrase files or the rule code and never ran a rule on its phrasings; the
# module docstring above says where each one stands (development, spent, or a report split). Each has the same
# bank names, semantics, rule tags and placeholders as BANKS, at least as many phrasings per bank as the split
# before it, the fresh-split filler (security_question / security_answer / survey) and its own names and
# companies. Not quoted here, to keep the report splits unread.
# ---------------------------------------------------------------------------------------------------

def _load_bank_module(name: str):
    """scripts/<name>.py (a split's own phrase banks), loaded by path: works when this script is run directly
    and when a test loads it with importlib (scripts/ is not a package and need not be on sys.path)."""
    path = Path(__file__).resolve().parent / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _split_banks(split: str) -> tuple[dict[str, dict[str, list[str]]], dict[str, dict[str, dict]], dict]:
    """(BANKS, TOPICS, SLOT_VALUES) of a split whose phrase banks live in scripts/labelled_<split>_banks.py."""
    module = _load_bank_module(f"labelled_{split}_banks")
    prefix = split.upper()
    return tuple(getattr(module, f"{prefix}_{part}") for part in ("BANKS", "TOPICS", "SLOT_VALUES"))


BANK_MODULE_SPLITS = SPLITS[SPLITS.index("blind"):]

# The fresh splits (holdout, final and the bank-module splits): each has its own banks, topics and names, and
# the extra filler turns.
FRESH_BANKS = {HOLDOUT: HOLDOUT_BANKS, FINAL: FINAL_BANKS}
FRESH_TOPICS = {HOLDOUT: HOLDOUT_TOPICS, FINAL: FINAL_TOPICS}
FRESH_SLOT_VALUES = {HOLDOUT: HOLDOUT_SLOT_VALUES, FINAL: FINAL_SLOT_VALUES}
for _split in BANK_MODULE_SPLITS:
    FRESH_BANKS[_split], FRESH_TOPICS[_split], FRESH_SLOT_VALUES[_split] = _split_banks(_split)

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
                 "agent2_greeting", "owner_request",
                 "security_question", "security_answer", "survey"}  # the last three: fresh-split filler only

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
    """The half of a BANKS / TOPICS list a split may use: even positions for dev, odd positions for test."""
    if split == "dev":
        return phrases[0::2]
    if split == "test":
        return phrases[1::2]
    raise ValueError(f"{split}: only dev and test use halves of BANKS / TOPICS")


def bank_pool(name: str, lang: str, split: str, topic: dict | None = None) -> list:
    """The phrasings of bank `name` that calls of `split` may use. Topic parts are named "topic.<part>"."""
    if name.startswith("topic."):
        part = name[len("topic."):]
        if split in FRESH_TOPICS:
            return FRESH_TOPICS[split][lang][topic["key"]][part]
        return split_half(topic[part], split)
    if split in FRESH_BANKS:
        return FRESH_BANKS[split][name][lang]
    return split_half(BANKS[name][lang], split)


def checked_banks():
    """(bank name, language, phrasings) for every behaviour/cue bank of BANKS / TOPICS (dev + test)."""
    for name, per_lang in BANKS.items():
        if name not in NEUTRAL_BANKS:
            for lang, phrases in per_lang.items():
                yield name, lang, phrases
    for lang, topics in TOPICS.items():
        for topic in topics:
            for part in ("complaint", "cause"):
                yield f"topic.{part}.{topic['key']}", lang, topic[part]


def checked_partitions():
    """(bank name, language, {split: phrasings}) for every behaviour/cue bank: the sixty-three partitions (dev,
    test, holdout, final, blind, sealed, audit, trial, exam, probe, quiz, viva, oral, panel, jury, bench, court,
    dock, wharf, yard, quay, pier, berth, jetty, slip, mole, cove, reef, shoal, bar, spit, cape, ness, firth,
    inlet, strait, lagoon, sound, bight, delta, fjord, haven, skerry, atoll, islet, cay, holm, ria, lido, creek, dune, tarn, weir, loch, fen, mere, beck, glen, moor, brae, dale, tor, combe) must be disjoint, and no call may contain a phrasing of another split's partition."""
    for name, lang, phrases in checked_banks():
        parts = {"dev": split_half(phrases, "dev"), "test": split_half(phrases, "test")}
        for split in FRESH_BANKS:
            if name.startswith("topic."):
                _, part, key = name.split(".")
                parts[split] = FRESH_TOPICS[split][lang][key][part]
            else:
                parts[split] = FRESH_BANKS[split][name][lang]
        yield name, lang, parts


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
        slot_values = FRESH_SLOT_VALUES.get(split, SLOT_VALUES)
        self.slots = {k: rng.choice(v) for k, v in slot_values[lang].items()}
        self.agent_index = rng.randrange(len(AGENTS[lang]))  # agent_id and the name the agent gives agree
        self.slots["agent"] = slot_values[lang]["agent"][self.agent_index]
        self.slots.update(company=self.topic["company"], dept=self.topic["dept"], dept2=self.topic["dept2"],
                          third=self.topic["third"], num=self._digits(8), ref=self._ref(),
                          amount=str(rng.choice([12, 29, 35, 48, 59, 74, 120])))
        if split in FRESH_TOPICS:  # the fresh splits' calls name other companies and third parties
            held = FRESH_TOPICS[split][lang][self.topic["key"]]
            self.slots.update(company=held["company"], third=held["third"])

    def _digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def _ref(self) -> str:
        return f"{self.rng.choice(['INC', 'CAS', 'REF'])}-{self._digits(5)}"

    def phrase(self, key: str) -> str:
        return self.rng.choice(bank_pool(key, self.lang, self.split, self.topic)).format(**self.slots)

    def qa(self) -> tuple[str, str]:
        q, a = self.rng.choice(bank_pool("topic.qa", self.lang, self.split, self.topic))
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
        if self.split in FRESH_BANKS and self.rng.random() < 0.4:  # fresh splits: an extra security question
            self.say("agent", "security_question")
            self.say("customer", "security_answer")
        self.say("agent", "verify")

    def closing(self) -> None:
        self.say("agent", "closing_agent")
        self.say("customer", "closing_customer")
        if self.split in FRESH_BANKS and self.rng.random() < 0.35:  # fresh splits: a survey notice before goodbye
            self.say("agent", "survey", "bye")
        else:
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
