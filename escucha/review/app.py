"""The QA review web app: the flagged-call queue, one call with its transcript, audio and findings, verdicts,
and each rule's precision from the verdicts.

    create_app("escucha.duckdb")  ->  an ASGI app (serve it with uvicorn, bound to 127.0.0.1)

Server-rendered Jinja2 pages; the only script is the audio player's "play from here".
"""
from __future__ import annotations

import hmac
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from escucha.review.data import SEVERITIES, NotFound, QueueFilter, ReviewStore, WarehouseError

_env = Environment(loader=PackageLoader("escucha.review", "templates"), autoescape=select_autoescape(["html"]))


def mmss(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"


def highlight(text: str, evidence: list[str]):
    """The turn's text with each piece of evidence wrapped in <mark> (escaped; case-insensitive match)."""
    from markupsafe import Markup, escape

    spans: list[tuple[int, int]] = []
    low = text.lower()
    for ev in evidence:
        i = low.find(ev.lower().strip()) if ev.strip() else -1
        if i >= 0:
            spans.append((i, i + len(ev.strip())))
    if not spans and evidence:  # the evidence is the whole turn, or not verbatim in it
        return Markup("<mark>") + escape(text) + Markup("</mark>")
    out, pos = Markup(""), 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += escape(text[pos:start]) + Markup("<mark>") + escape(text[start:end]) + Markup("</mark>")
        pos = end
    return out + escape(text[pos:])


_env.filters["mmss"] = mmss
_env.globals["highlight"] = highlight


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


TOKEN_COOKIE = "escucha_token"


def create_app(db: str | Path, *, reviewer: str | None = None, token: str | None = None) -> FastAPI:
    """The review app. With `token`, every request must carry it: `Authorization: Bearer TOKEN`, or
    `?token=TOKEN` once (which sets a cookie for the browser session), or that cookie."""
    store = ReviewStore(db, reviewer=reviewer)
    app = FastAPI(title="escucha review", docs_url=None, redoc_url=None, openapi_url=None)

    if token:
        @app.middleware("http")
        async def require_token(request: Request, call_next):
            given = (request.headers.get("authorization", "").removeprefix("Bearer ").strip()
                     or request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or "")
            if not hmac.compare_digest(given.encode(), token.encode()):
                return HTMLResponse("<h1>401: this review app needs its access token</h1>", status_code=401)
            response = await call_next(request)
            if request.query_params.get("token"):
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
            return response

    def page(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(_env.get_template(name).render(db=store.path.name, **context), status_code=status)

    @app.exception_handler(WarehouseError)
    async def busy(request: Request, exc: WarehouseError):
        return page("error.html", 503, title="Warehouse busy", message=str(exc))

    @app.exception_handler(NotFound)
    async def missing(request: Request, exc: NotFound):
        return page("error.html", 404, title="Not found", message=str(exc))

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, rule: str = "", agent: str = "", language: str = "", severity: str = "",
              since: str = "", until: str = ""):
        flt = QueueFilter(rule=rule or None, agent=agent or None, language=language or None,
                          severity=severity if severity in SEVERITIES else None,
                          since=_date(since), until=_date(until))
        calls = store.queue(flt)
        return page("queue.html", title="Flagged calls", calls=calls, choices=store.filter_choices(),
                    current={"rule": rule, "agent": agent, "language": language, "severity": severity,
                             "since": since, "until": until})

    @app.get("/calls/{call_id}", response_class=HTMLResponse)
    def call(call_id: str):
        detail = store.call(call_id)
        return page("call.html", title=f"Call {call_id}", audio_url=f"/audio/{quote(call_id, safe='')}", **detail)

    @app.get("/audio/{call_id}")
    def audio(call_id: str):
        path = store.audio_path(call_id)
        if path is None:
            return Response("no recording for this call", status_code=404, media_type="text/plain")
        return FileResponse(path)

    @app.post("/findings/{finding_id}/review")
    async def review(finding_id: str, request: Request):
        form = parse_qs((await request.body()).decode("utf-8"))
        verdict = (form.get("verdict") or [""])[0]
        note = (form.get("note") or [""])[0].strip()
        if verdict == "comment":
            verdict = "unsure"
            if not note:
                return page("error.html", 400, title="Empty comment", message="Write a comment first.")
        try:
            call_id = store.review(finding_id, verdict, note)
        except ValueError as exc:
            return page("error.html", 400, title="Bad verdict", message=str(exc))
        return RedirectResponse(f"/calls/{quote(call_id, safe='')}#finding-{quote(finding_id, safe='')}",
                                status_code=303)

    @app.get("/precision", response_class=HTMLResponse)
    def precision():
        return page("precision.html", title="Rule precision", rules=store.precision())

    @app.get("/healthz")
    def healthz():
        return {"ok": True, "db": str(store.path)}

    _env.globals["query"] = lambda **kw: urlencode({k: v for k, v in kw.items() if v})
    return app
