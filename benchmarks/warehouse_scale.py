"""The warehouse at scale: a synthetic 100,000-call warehouse with 1,000,000 findings.

    .venv/bin/python benchmarks/warehouse_scale.py [--calls 100000] [--findings-per-call 10] [--batch 20000] [--db PATH]

Generates calls (10 utterances each, Spanish and English, 500 agents in 25 teams over 52 weeks,
conversation metrics and complaint/apology events), loads them through the real loader
(warehouse.db.load_calls: Python records -> Arrow -> DuckDB, one transaction per batch), then times
the FTS index build, each view (whole result fetched to Arrow, and a typical analyst query), a search,
and the re-load of one call into the full warehouse. Prints a markdown table for the README, with the
machine's 1-minute load average next to each figure (the development machine is shared).
Word timings are not generated (transcripts from files have none); figures are medians of --repeat.

A backfill loads batches of --batch calls, each in one transaction. Batches of 20,000 calls put 200,000
findings and utterances in a transaction, more than a DuckDB row group (122,880 rows): DuckDB then writes
them compressed straight into the file, where batches of 5,000 went into the WAL first and were compressed
again at the next checkpoint.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402

from nlp.types import Finding  # noqa: E402
from speech.types import ConversationMetrics, Interval, Transcript, Turn  # noqa: E402
from warehouse import db  # noqa: E402
from warehouse.search import build_index  # noqa: E402

RULES = [("blame_shifting", "high"), ("recording_intimidation", "high"), ("needless_transfer", "medium"),
         ("missing_apology", "medium"), ("helpless_refusal", "medium"), ("owner_unavailable", "low"),
         ("dead_air", "low"), ("repeat_contact", "medium"), ("churn_risk", "high"), ("interruption", "low"),
         ("ownership", "positive"), ("follow_up", "positive"), ("empathy", "positive")]
ES = ("buenos días le atiende mire eso es culpa del otro departamento no me corresponde le paso con facturación "
      "me cobraron de más estoy muy molesta lo siento mucho yo me encargo la llamada está siendo grabada "
      "es la tercera vez que llamo el técnico no vino quiero darme de baja un momento por favor").split()
EN = ("good morning thank you for calling that is not my department billing did this let me transfer you "
      "i have been waiting two weeks this is the third time i am calling i am sorry i will fix that "
      "this call is being recorded i want to cancel my account please hold").split()


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    start_s: float
    end_s: float
    turn_index: int


def make_batch(rng: random.Random, first: int, n: int, findings_per_call: int):
    records = []
    for k in range(first, first + n):
        language = "es" if k % 2 == 0 else "en"
        vocab = ES if language == "es" else EN
        agent = f"AG-{k % 500:03d}"
        call_id = f"call-{k:07d}"
        day = k % 364
        started = f"2026-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T{8 + k % 10:02d}:{k % 60:02d}:00Z"
        turns, t = [], 0.5
        for i in range(10):
            length = rng.uniform(2, 9)
            turns.append(Turn("agent" if i % 2 == 0 else "customer", t, t + length,
                              " ".join(rng.choices(vocab, k=rng.randint(6, 16)))))
            t += length + rng.uniform(0.2, 6)
        agent_talk = sum(u.end_s - u.start_s for u in turns if u.speaker == "agent")
        customer_talk = sum(u.end_s - u.start_s for u in turns if u.speaker == "customer")
        metrics = ConversationMetrics(agent_talk, customer_talk, agent_talk / (agent_talk + customer_talk),
                                      rng.uniform(5, 30), rng.uniform(1, 10), rng.uniform(0, 4), rng.randint(0, 3),
                                      rng.randint(0, 3), 0.5, 5.0, 1, rng.uniform(5, 10), 150.0, 140.0,
                                      silences=(Interval(10.0, 16.0),))
        transcript = Transcript(call_id, agent, language, started, t, tuple(turns), f"/calls/{call_id}.json",
                                metrics=metrics)
        findings = []
        for j in range(findings_per_call):
            rule_id, severity = RULES[rng.randrange(len(RULES))]
            turn = turns[j % 10]
            findings.append(Finding(f"{call_id}-{j}", call_id, agent, rule_id, "1.0+" + language + ".bench",
                                    severity, turn.speaker, turn.start_s, turn.end_s, turn.text,
                                    "synthetic finding for the benchmark", j % 10, f"{rule_id}.bench", 0.9))
        events = [Event("complaint", turns[1].start_s, turns[1].end_s, 1),
                  Event("apology", turns[2].start_s, turns[2].end_s, 2),
                  Event("complaint", turns[5].start_s, turns[5].end_s, 5)]
        records.append(db.CallRecord(transcript, findings, events))
    return records


# The QA queue's first page as the review app asks for it (escucha/review/data.py: every column but the
# evidence lists and the path, which a call's own page shows); `SELECT *` with the evidence lists is timed too.
QUEUE_PAGE = ("SELECT call_id, agent_id, team, language, started_at, duration_s, max_severity, findings, "
              "reviewed_findings, rules, top_evidence FROM flagged_calls LIMIT 50")
VIEW_QUERIES = {
    "agent_scorecard": "SELECT * FROM agent_scorecard WHERE agent_id = 'AG-042' ORDER BY week",
    "rule_trends": "SELECT week, rule_id, sum(findings) FROM rule_trends GROUP BY ALL",
    "flagged_calls": QUEUE_PAGE,
    "agent_evidence": "SELECT * FROM agent_evidence WHERE agent_id = 'AG-042' AND rule_id = 'blame_shifting'",
    "team_benchmarks": "SELECT * FROM team_benchmarks WHERE team = 'team-07'",
    "agent_summary": "SELECT * FROM agent_summary",
}


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--findings-per-call", type=int, default=10)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None, help="default: a temporary file, removed at the end")
    args = parser.parse_args()
    rng = random.Random(5)
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "scale.duckdb"
    print(f"# machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"duckdb {duckdb.__version__}")
    print(f"# {args.calls:,} calls, {args.findings_per_call} findings and 10 utterances per call, "
          f"batches of {args.batch:,}", flush=True)
    print("# load average at start: %.2f %.2f %.2f (the machine may be shared)" % os.getloadavg(), flush=True)

    con = db.connect(args.db)
    generate_s = load_s = load_cpu_s = 0.0
    for first in range(0, args.calls, args.batch):
        started = time.perf_counter()
        batch = make_batch(rng, first, min(args.batch, args.calls - first), args.findings_per_call)
        generate_s += time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        db.load_calls(con, batch)
        load_s += time.perf_counter() - started
        load_cpu_s += time.process_time() - cpu
        print(f"  {first + len(batch):,} calls loaded ({load_s:.1f} s, {load()})", flush=True)
    started, cpu = time.perf_counter(), time.process_time()
    con.execute("CHECKPOINT")  # part of the load: the writer checkpoints every 256 MB of WAL, and on close
    load_s += time.perf_counter() - started
    load_cpu_s += time.process_time() - cpu
    print(f"  checkpointed ({load_s:.1f} s)", flush=True)
    load_note = load()
    db.upsert_agents(con, [(f"AG-{a:03d}", f"team-{a % 25:02d}", "2024-01-15") for a in range(500)])
    con.execute("CHECKPOINT")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("calls", "utterances", "findings", "call_events")}
    n_findings = counts["findings"]
    size = args.db.stat().st_size
    wal = args.db.with_suffix(args.db.suffix + ".wal")
    size += wal.stat().st_size if wal.exists() else 0

    index_s = build_index(con)
    con.execute("CHECKPOINT")

    rows = [("generate the records (Python, not the loader)", f"{generate_s:.1f} s", ""),
            ("bulk load (load_calls, batches of %d, and the checkpoint after)" % args.batch, f"{load_s:.1f} s",
             f"{n_findings / load_s:,.0f} findings/s, {counts['calls'] / load_s:,.0f} calls/s "
             f"({load_cpu_s:.1f} s of CPU in all threads; {load_note})"),
            ("build the FTS index (%s utterances)" % f"{counts['utterances']:,}", f"{index_s:.1f} s", load())]
    one = make_batch(random.Random(1), 4242, 1, args.findings_per_call)[0]
    rows.append(("re-load one call into the full warehouse (load_call)",
                 f"{1000 * timed(lambda: db.load_call(con, one.transcript, one.findings, one.events), args.repeat):.0f} ms",
                 load()))
    con.close()
    size_with_index = args.db.stat().st_size

    reader = db.connect(args.db, read_only=True, search=True)
    for view, query in VIEW_QUERIES.items():
        n = reader.execute(f"SELECT count(*) FROM {view}").fetchone()[0]
        full = timed(lambda: reader.execute(f"SELECT * FROM {view}").to_arrow_table(), args.repeat)
        typical = timed(lambda: reader.execute(query).fetchall(), args.repeat)
        rows.append((f"view `{view}` ({n:,} rows)", f"{1000 * full:.0f} ms all rows",
                     f"{1000 * typical:.0f} ms: `{query}` ({load()})"))
        if view == "flagged_calls":
            star = timed(lambda: reader.execute("SELECT * FROM flagged_calls LIMIT 50").fetchall(), args.repeat)
            rows.append((f"view `{view}`, with the evidence lists", "",
                         f"{1000 * star:.0f} ms: `SELECT * FROM flagged_calls LIMIT 50` ({load()})"))
    for q in ("otro departamento", "transfer billing"):
        hits = reader.execute("SELECT count(*) FROM search_utterances(?)", [q]).fetchone()[0]
        t = timed(lambda: reader.execute("SELECT * FROM search_utterances(?) LIMIT 20", [q]).fetchall(), args.repeat)
        paged = timed(lambda: reader.execute("SELECT * FROM search_utterances(?, n := 20)", [q]).fetchall(), args.repeat)
        rows.append((f"search `{q}` ({hits:,} hits), top 20", f"{1000 * paged:.0f} ms",
                     f"`search_utterances(q, n := 20)` (what `escucha search` runs); {1000 * t:.0f} ms as "
                     f"`search_utterances(q) LIMIT 20` ({load()})"))
    reader.close()
    rows.append(("file size", f"{size / 2**20:,.0f} MiB", f"{size / (counts['calls'] / 1000) / 2**20:.1f} MiB per 1,000 calls "
                 f"({size_with_index / (counts['calls'] / 1000) / 2**20:.1f} MiB with the search index)"))

    print(f"\ncounts: {counts}")
    print("load average at the end: %.2f %.2f %.2f\n" % os.getloadavg())
    print("| step | time | rate / note |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
