"""The counsellor's page at /webhooks/counsellor/, served by the bot's own server (no CDN, Jinja2 autoescape).

Login with an account the operator made (`python -m bot counsellor add`), a session cookie (HttpOnly,
SameSite=Strict, Secure in the production profile) and a CSRF token on every form. A counsellor sees a pupil only
through a watch: made with the pupil's single-use join code, or when a pupil in the counsellor's class agreed in
the chat. Another counsellor's watch or class answers 404, as an unknown id does. Every view and change is
written to the audit log (who, when, what, which conversation; never message text).

GET  /                      login, or the counsellor's start page (join, watches, classes)
POST /login /logout /join /class
GET  /s/<watch>             one pupil: answers, unknowns, admission per level, shortlist, catch-up, chart, notes
GET  /s/<watch>/live?v=N    long poll: the live part again once the pupil's turn changed it (JSON)
POST /s/<watch>/steer       pin, exclude, restore, suggest to the pupil, filters; each explained in the chat
GET  /s/<watch>/compare?c=  two or three courses side by side
POST /s/<watch>/note        private note (optionally included in the report)
GET  /s/<watch>/report      the pupil's or the parents' report, HTML or PDF
POST /s/<watch>/end         stop watching
GET  /c/<class>  /c/<class>/live?v=N   a class: started, advised, stuck queue, spread of fields
GET  /audit                 the audit log (admins)
GET|POST /accounts          counsellor accounts: add, disable, enable (admins)
GET  /r/<token>             a pupil's own report link from the chat ("stuur mijn overzicht"); no login
GET  /static/<file>         the page's script and styles
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import facts, paths, settings, slots, undecided
from bot.advice import explain_course
from bot.catalog import store as catalog_store
from bot.counsel import auth, chart, chat, live, report, view
from bot.counsel import store as counsel_store
from bot.counsel.steer import filtered_profile
from bot.i18n import Text
from bot.paths import ROOT
from bot.profile import START_WISHES
from bot.texts import text

from . import counsel_hooks, live_redis, rate_limit
from .edge import Edge, apply_proxy_settings, client_address

logger = logging.getLogger(__name__)

PAGES = ROOT / "web" / "counsellor"
PREFIX = "/webhooks/counsellor"
COOKIE, LANG_COOKIE = "kansrijk_counsellor", "kansrijk_counsellor_lang"
LIVE_WAIT_SECONDS = 20.0
STUCK_SECONDS = 180.0
STUCK_TURNS = 2
MAX_NOTE_CHARS = 4000
STATIC = {"counsellor.js": "text/javascript; charset=utf-8", "counsellor.css": "text/css; charset=utf-8"}
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
# A report opened from the chat's link: the same strict policy (the chart is inline SVG, styles inline).
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"

ENV = Environment(
    loader=FileSystemLoader(str(PAGES)), autoescape=select_autoescape(default=True, default_for_string=True)
)


def production() -> bool:
    return os.environ.get("KANSRIJK_PROFILE") == "production"


def catalog() -> catalog_store.Catalog:
    return catalog_store.load(paths.catalog_db())


def db() -> counsel_store.CounselStore:
    return counsel_store.shared()


class _Blueprint(Blueprint):
    def register(self, app: Any, options: dict[str, Any]) -> None:
        apply_proxy_settings(app)
        super().register(app, options)


def _ui(request: Request) -> str:
    wanted = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return "en" if wanted == "en" else "nl"


def _translator(ui: str) -> Callable[..., str]:
    """The templates' `t("counsellor_page.login.title")`, or `t("counsellor_page.home.welcome", name=...)`: one text
    from texts/<language>/counsellor_page.yml in the page's language. A plain string, never Markup, so autoescape
    escapes it and the values filled into it, exactly as when the words and the values were written side by side."""

    def t(key: str, **values: object) -> str:
        return text(key, **values).get(ui)

    return t


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTTPResponse:
    ui = _ui(request)
    html = ENV.get_template(name).render(
        ui=ui, t=_translator(ui), prefix=PREFIX, school=settings.load().school_name, **context
    )
    resp = response.html(html, status=status, headers=HEADERS)
    if request.args.get("lang") in ("nl", "en"):
        resp.cookies[LANG_COOKIE] = ui
        resp.cookies[LANG_COOKIE]["path"] = PREFIX
        resp.cookies[LANG_COOKIE]["samesite"] = "Strict"
    return resp


def _not_found(request: Request) -> HTTPResponse:
    return _page(
        request,
        "error.html",
        404,
        title=text("counsellor_page.error.not_found.title"),
        message=text("counsellor_page.error.not_found.message"),
    )


def _forbidden(request: Request) -> HTTPResponse:
    return _page(
        request,
        "error.html",
        403,
        title=text("counsellor_page.error.form_expired.title"),
        message=text("counsellor_page.error.form_expired.message"),
    )


def _redirect(path: str) -> HTTPResponse:
    return response.redirect(PREFIX + path, status=303, headers={"Cache-Control": "no-store"})


def login_cookie(resp: HTTPResponse, token: str) -> HTTPResponse:
    """The session cookie: never readable by scripts, never sent from another site, only over HTTPS in production."""
    resp.cookies[COOKIE] = token
    cookie = resp.cookies[COOKIE]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = PREFIX
    cookie["max-age"] = counsel_store.LOGIN_SECONDS
    if production():
        cookie["secure"] = True
    return resp


def _login(request: Request) -> counsel_store.Login | None:
    token = request.cookies.get(COOKIE)
    return db().login(token, time.time()) if token else None


def _csrf_ok(request: Request, login: counsel_store.Login) -> bool:
    return auth.same_token(request.form.get("csrf") if request.form else None, login.csrf)


def _owned_watch(login: counsel_store.Login, watch_id: str) -> counsel_store.Watch | None:
    watch = db().watch(watch_id)
    if watch is None or watch.counsellor_id != login.counsellor.id or watch.ended_at is not None:
        return None
    return watch


def _owned_class(login: counsel_store.Login, class_id: str) -> counsel_store.ClassSession | None:
    group = db().class_session(class_id)
    if group is None or group.counsellor_id != login.counsellor.id or group.expires_at <= time.time():
        return None
    return group


def _since(request: Request) -> int:
    """The version of the live part the page already has (-1: none)."""
    try:
        return int(request.args.get("v", "-1"))
    except ValueError:
        return -1


def _stuck(m: counsel_store.Member, now: float) -> bool:
    """Two answers in a row that moved nothing, or no progress for three minutes before the advice."""
    if m.advice_at is not None and m.failed_in_row < STUCK_TURNS:
        return False
    return m.failed_in_row >= STUCK_TURNS or (
        m.last_progress_at is not None and now - m.last_progress_at > STUCK_SECONDS
    )


async def _view(request: Request, watch: counsel_store.Watch) -> tuple[view.SessionView, dict[str, Any]]:
    values = await counsel_hooks.slot_values(getattr(request.app.ctx, "agent", None), watch.sender_id)
    return view.build(values, catalog(), db().steering(watch.sender_id)), values


def _live_html(request: Request, login: counsel_store.Login, watch: counsel_store.Watch, v: view.SessionView) -> str:
    ui = _ui(request)
    cat = catalog()
    steering = v.steering
    return ENV.get_template("live.html").render(
        ui=ui,
        t=_translator(ui),
        prefix=PREFIX,
        v=v,
        watch=watch,
        csrf=login.csrf,
        chart=chart.bars_svg(v.interests, v.interest_title.get(ui)),
        excluded=[cat.courses[c] for c in steering.excluded if c in cat.courses],
        pinned=set(steering.pinned),
        now=dt.datetime.now().strftime("%H:%M:%S"),
    )


async def _push(sender_id: str, lang: str) -> None:
    await counsel_hooks.push(sender_id, lang, Edge.shared().journal.last_channel(sender_id))


def _message(watch: counsel_store.Watch, text: Text, now: float, then: Text | None = None) -> None:
    if then is not None:
        text = Text(" ".join((text.nl, then.nl)), " ".join((text.en, then.en)))
    db().queue_message(watch.sender_id, text.nl, text.en, now)


def _filters_text(steering: counsel_store.Steering) -> Text:
    parts = []
    for key in ("route", "level", "max_km", "start"):
        value = getattr(steering, key)
        if value in (None, ""):
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        shown = view.VALUES.get(str(value), Text(str(value), str(value)))
        part = chat.FILTER_PARTS[key]
        parts.append(Text(part.nl.format(value=shown.nl), part.en.format(value=shown.en)))
    if not parts:
        return chat.FILTER_OFF
    return Text(", ".join(p.nl for p in parts), ", ".join(p.en for p in parts))


def _steer(watch: counsel_store.Watch, form: Any, advised: bool, now: float) -> str:
    """Apply one change from the page; returns the audit detail. ValueError for a form that makes no sense."""
    cat = catalog()
    then = chat.LIST_AGAIN if advised else chat.LIST_LATER
    action = form.get("action", "")
    steering = db().steering(watch.sender_id)
    crebo = (form.get("crebo") or "").strip()
    course = cat.courses.get(crebo)
    if action in ("pin", "unpin", "exclude", "restore", "suggest") and course is None:
        raise ValueError("unknown crebo")
    name = {"name": course.name, "level": course.level, "crebo": course.crebo} if course else {}
    if action == "pin":
        steering.pinned = [crebo] + [c for c in steering.pinned if c != crebo]
        steering.excluded = [c for c in steering.excluded if c != crebo]
        _message(watch, chat.PINNED_MSG.format(**name), now, then)
    elif action == "unpin":
        steering.pinned = [c for c in steering.pinned if c != crebo]
        _message(watch, chat.UNPINNED_MSG.format(**name), now)
    elif action == "exclude":
        steering.excluded = [c for c in steering.excluded if c != crebo] + [crebo]
        steering.pinned = [c for c in steering.pinned if c != crebo]
        _message(watch, chat.EXCLUDED_MSG.format(**name), now, then)
    elif action == "restore":
        steering.excluded = [c for c in steering.excluded if c != crebo]
        _message(watch, chat.RESTORED_MSG.format(**name), now)
    elif action == "suggest":
        steering.suggested = [c for c in steering.suggested if c != crebo] + [crebo]
        _message(watch, chat.SUGGESTS.format(**name), now)
    elif action == "filter":
        route = form.get("route") or None
        level = form.get("level") or None
        max_km = form.get("max_km") or None
        start = form.get("start") or None
        if (
            route not in (None, "bol", "bbl")
            or level not in (None, "1", "2", "3", "4")
            or start not in (None, *START_WISHES)
        ):
            raise ValueError("bad filter")
        try:
            km = float(max_km) if max_km else None
        except ValueError as err:
            raise ValueError("bad distance") from err
        if km is not None and not 1 <= km <= 500:
            raise ValueError("bad distance")
        steering.route, steering.level, steering.max_km, steering.start = (
            route,
            int(level) if level else None,
            km,
            start,
        )
        what = _filters_text(steering)
        _message(
            watch, Text(chat.FILTER_MSG.nl.format(what=what.nl), chat.FILTER_MSG.en.format(what=what.en)), now, then
        )
    else:
        raise ValueError("unknown action")
    db().set_steering(watch.sender_id, steering, now)
    return f"{action} {crebo}".strip() if action != "filter" else f"filter {steering.as_dict()}"


def _compare_rows(v: view.SessionView, crebos: list[str], lang: str) -> list[dict[str, Any]]:
    cat = catalog()
    p = filtered_profile(v.profile, v.steering)
    rows = []
    for crebo in crebos[:3]:
        rec = explain_course(p, cat, crebo) if crebo in cat.courses else None
        course = cat.courses.get(crebo)
        if course is None:
            continue
        first = rec.offers[0] if rec and rec.offers else None
        rows.append(
            {
                "course": course,
                "rec": rec,
                "first": first,
                "routes": ", ".join(rec.routes) if rec else "",
                "status": view.STATUS[rec.decision.status].get(lang) if rec else "",
                "bbl_pay": facts.bbl_wage(p.age).text.get(lang) if rec and "BBL" in rec.routes else "",
                "bbl_source": facts.SRC_BBL_WAGE,
            }
        )
    return rows


def _class_summary(group: counsel_store.ClassSession) -> dict[str, Any]:
    now = time.time()
    members = db().members(group.id)
    rows = [{"n": n, "m": m, "stuck": _stuck(m, now)} for n, m in enumerate(members, 1)]
    return {
        "rows": rows,
        "started": sum(1 for m in members if m.turns),
        "advised": sum(1 for m in members if m.advice_at),
        "stuck": [r for r in rows if r["stuck"]],
    }


_SPREAD_CACHE: dict[tuple[str, int], tuple[str | None, tuple[str, ...]]] = {}


async def _class_spread(
    request: Request, group: counsel_store.ClassSession
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The spread over the pupils who share: the field of each one's first course, and the interests it was
    matched on (words they typed, or the either/or choices they made).

    Cached per pupil and turn count, so thirty pupils chatting do not rebuild thirty advices on every turn.
    """
    agent = getattr(request.app.ctx, "agent", None)
    ui = _ui(request)
    fields: Counter[str] = Counter()
    interests: Counter[str] = Counter()
    other = text("counsellor_page.class_live.spread.other_field").get(ui)
    for m in db().members(group.id):
        if not m.consent:
            continue
        key = (m.sender_id, m.turns)
        if key not in _SPREAD_CACHE:
            values = await counsel_hooks.slot_values(agent, m.sender_id)
            v = view.build(values, catalog())
            told = values.get("interests_text") or values.get("interest_choices")
            first = v.shortlist[0] if v.shortlist and v.advice.technical else None
            words = first.fit_words[:3] if first else ()
            chosen = tuple(t.get(ui) for t in undecided.labels(str(c) for c in values.get("interest_choices") or []))
            _SPREAD_CACHE[key] = (first.course.dossier_name if first else "" if told else None, words + chosen[:3])
            if len(_SPREAD_CACHE) > 10_000:
                _SPREAD_CACHE.clear()
        name, liked = _SPREAD_CACHE[key]
        if name is not None:
            fields[name or other] += 1
        interests.update(dict.fromkeys(liked, 1))
    return fields.most_common(), interests.most_common(12)


class KansrijkCounsellor(InputChannel):
    """Not a chat channel: the counsellor's pages, beside the chat on the same server."""

    @classmethod
    def name(cls) -> str:
        return "counsellor"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = _Blueprint("kansrijk_counsellor", __name__)
        live_redis.install()  # several servers: the pages wake whichever server the pupil's turn ended on
        edge = settings.load().edge
        logins = rate_limit.buckets("login", edge.login_per_minute, edge.login_burst)
        joins = rate_limit.buckets("join", 10, 10)

        def logged_in(handler: Callable[..., Awaitable[HTTPResponse]]) -> Callable[..., Awaitable[HTTPResponse]]:
            async def wrapped(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
                login = _login(request)
                if login is None:
                    if request.method == "GET" and not request.path.endswith("/live"):
                        return _redirect("/")
                    return response.json({"error": "login required"}, status=401, headers=HEADERS)
                if request.method == "POST" and not _csrf_ok(request, login):
                    return _forbidden(request)
                return await handler(request, login, *args, **kwargs)

            wrapped.__name__ = handler.__name__
            return wrapped

        def owned(find: Callable[[counsel_store.Login, str], Any]) -> Callable[..., Any]:
            """Only the counsellor's own, live watch or class; any other id is "not found" (a guessed one too)."""

            def decorate(handler: Callable[..., Awaitable[HTTPResponse]]) -> Callable[..., Awaitable[HTTPResponse]]:
                async def wrapped(request: Request, login: counsel_store.Login, **ids: str) -> HTTPResponse:
                    found = find(login, next(iter(ids.values()), ""))
                    if found is None:
                        if request.path.endswith("/live"):
                            return response.json({"ended": True}, status=404, headers=HEADERS)
                        return _not_found(request)
                    return await handler(request, login, found)

                wrapped.__name__ = handler.__name__
                return wrapped

            return decorate

        watching, in_class = owned(_owned_watch), owned(_owned_class)

        @bp.route("/", methods=["GET"])
        async def home(request: Request) -> HTTPResponse:
            login = _login(request)
            if login is None:
                return _page(request, "login.html", error=None)
            now = time.time()
            watches = db().watches_by(login.counsellor.id)
            return _page(
                request,
                "home.html",
                login=login,
                watches=watches,
                classes=db().classes_by(login.counsellor.id, now),
                when=lambda ts: chat.when(ts, _ui(request)),
                error=request.args.get("error"),
            )

        @bp.route("/login", methods=["POST"])
        async def do_login(request: Request) -> HTTPResponse:
            now = time.time()
            if not await logins.take(client_address(request)):
                return _page(
                    request,
                    "login.html",
                    429,
                    error=text("counsellor_page.login.too_many_attempts"),
                )
            form = request.form or {}
            username, password = (form.get("username") or "")[:64], (form.get("password") or "")[:256]
            who = db().counsellor_by_name(username) if username else None
            pw_hash = db().password_hash(who.id) if who else None
            ok = await asyncio.get_running_loop().run_in_executor(None, auth.verify_password, pw_hash, password)
            wrong = text("counsellor_page.login.wrong")
            if who is None or not who.active:
                return _page(request, "login.html", 401, error=wrong)
            if who.locked_until > now:
                return _page(
                    request,
                    "login.html",
                    423,
                    error=text("counsellor_page.login.locked"),
                )
            if not ok:
                locked = db().login_failed(who.id, auth.MAX_FAILURES, auth.LOCK_SECONDS, now)
                db().audit(who.id, None, "login_failed", "locked" if locked else "")
                return _page(request, "login.html", 401, error=wrong)
            db().login_succeeded(who.id)
            token, _ = db().new_login(who.id, now)
            db().audit(who.id, None, "login")
            return login_cookie(_redirect("/"), token)

        @bp.route("/logout", methods=["POST"])
        @logged_in
        async def logout(request: Request, login: counsel_store.Login) -> HTTPResponse:
            db().end_login(request.cookies.get(COOKIE, ""))
            db().audit(login.counsellor.id, None, "logout")
            resp = _redirect("/")
            del resp.cookies[COOKIE]
            return resp

        @bp.route("/join", methods=["POST"])
        @logged_in
        async def join(request: Request, login: counsel_store.Login) -> HTTPResponse:
            now = time.time()
            if not await joins.take(login.counsellor.id):
                return _redirect("/?error=slow")
            watch = db().use_join_code((request.form.get("code") or "")[:20], login.counsellor.id, now)
            if watch is None:
                db().audit(login.counsellor.id, None, "join_refused")
                return _redirect("/?error=code")
            db().audit(login.counsellor.id, watch.sender_id, "join")
            db().queue_message(
                watch.sender_id,
                chat.JOINED.nl.format(name=login.counsellor.display_name),
                chat.JOINED.en.format(name=login.counsellor.display_name),
                now,
            )
            await _push(watch.sender_id, watch.lang)
            live.NOTIFIER.notify(live.sender_key(watch.sender_id))
            return _redirect(f"/s/{watch.id}")

        @bp.route("/s/<watch_id>", methods=["GET"])
        @logged_in
        @watching
        async def session(request: Request, login: counsel_store.Login, watch: counsel_store.Watch) -> HTTPResponse:
            v, _ = await _view(request, watch)
            query = (request.args.get("q") or "").strip()[:100]
            found = []
            if query:
                cat = catalog()
                found = [cat.courses[query]] if query in cat.courses else cat.find_courses(query, limit=10)
            db().audit(login.counsellor.id, watch.sender_id, "view")
            return _page(
                request,
                "session.html",
                login=login,
                watch=watch,
                v=v,
                query=query,
                found=found,
                version=await live.NOTIFIER.current(live.sender_key(watch.sender_id)),
                live_html=_live_html(request, login, watch, v),
                notes=db().notes(watch.sender_id, login.counsellor.id),
                when=lambda ts: chat.when(ts, _ui(request)),
                error=request.args.get("error"),
            )

        @bp.route("/s/<watch_id>/live", methods=["GET"])
        @logged_in
        @watching
        async def session_live(
            request: Request, login: counsel_store.Login, watch: counsel_store.Watch
        ) -> HTTPResponse:
            key = live.sender_key(watch.sender_id)
            since = _since(request)
            version = await live.NOTIFIER.wait(key, since, LIVE_WAIT_SECONDS)
            still = _owned_watch(login, watch.id)  # the pupil may have said "stop meekijken" meanwhile
            if still is None:
                return response.json({"ended": True}, status=404, headers=HEADERS)
            if version == since:
                return response.json({"v": version}, headers=HEADERS)
            v, _ = await _view(request, watch)
            db().audit(login.counsellor.id, watch.sender_id, "view_live")  # the page now shows the pupil's new turn
            return response.json({"v": version, "html": _live_html(request, login, watch, v)}, headers=HEADERS)

        @bp.route("/s/<watch_id>/steer", methods=["POST"])
        @logged_in
        @watching
        async def steer(request: Request, login: counsel_store.Login, watch: counsel_store.Watch) -> HTTPResponse:
            now = time.time()
            values = await counsel_hooks.slot_values(getattr(request.app.ctx, "agent", None), watch.sender_id)
            try:
                detail = _steer(watch, request.form, bool(values.get("shown_courses")), now)
            except ValueError:
                return _redirect(f"/s/{watch.id}?error=steer")
            db().audit(login.counsellor.id, watch.sender_id, "steer", detail)
            await _push(watch.sender_id, slots.language(values) if values else watch.lang)
            live.NOTIFIER.notify(live.sender_key(watch.sender_id))
            return _redirect(f"/s/{watch.id}")

        @bp.route("/s/<watch_id>/compare", methods=["GET"])
        @logged_in
        @watching
        async def compare(request: Request, login: counsel_store.Login, watch: counsel_store.Watch) -> HTTPResponse:
            crebos = [c.strip() for c in request.args.getlist("c") or [] if c.strip()][:3]
            v, _ = await _view(request, watch)
            rows = _compare_rows(v, crebos, _ui(request))
            db().audit(login.counsellor.id, watch.sender_id, "compare", " ".join(crebos))
            return _page(request, "compare.html", login=login, watch=watch, rows=rows, v=v)

        @bp.route("/s/<watch_id>/note", methods=["POST"])
        @logged_in
        @watching
        async def note(request: Request, login: counsel_store.Login, watch: counsel_store.Watch) -> HTTPResponse:
            now = time.time()
            note_id = request.form.get("note")
            if note_id:
                db().set_note_include(note_id, watch.sender_id, login.counsellor.id, request.form.get("include") == "1")
                db().audit(login.counsellor.id, watch.sender_id, "note_include")
            else:
                body = (request.form.get("body") or "").strip()[:MAX_NOTE_CHARS]
                if body:
                    db().add_note(watch.sender_id, login.counsellor.id, body, request.form.get("include") == "1", now)
                    db().audit(login.counsellor.id, watch.sender_id, "note")
            return _redirect(f"/s/{watch.id}#notes")

        @bp.route("/s/<watch_id>/report", methods=["GET"])
        @logged_in
        @watching
        async def counsellor_report(
            request: Request, login: counsel_store.Login, watch: counsel_store.Watch
        ) -> HTTPResponse:
            v, _ = await _view(request, watch)
            db().audit(login.counsellor.id, watch.sender_id, "report", request.args.get("for", "pupil"))
            return await _report(request, v, db().notes(watch.sender_id))

        @bp.route("/s/<watch_id>/end", methods=["POST"])
        @logged_in
        @watching
        async def end(request: Request, login: counsel_store.Login, watch: counsel_store.Watch) -> HTTPResponse:
            now = time.time()
            db().end_watch(watch.id, now)
            db().queue_message(watch.sender_id, chat.COUNSELLOR_LEFT.nl, chat.COUNSELLOR_LEFT.en, now)
            await _push(watch.sender_id, watch.lang)
            db().audit(login.counsellor.id, watch.sender_id, "end")
            return _redirect("/")

        @bp.route("/class", methods=["POST"])
        @logged_in
        async def new_class(request: Request, login: counsel_store.Login) -> HTTPResponse:
            group = db().new_class(login.counsellor.id, (request.form.get("name") or "").strip(), time.time())
            db().audit(login.counsellor.id, None, "class_new", group.id)
            return _redirect(f"/c/{group.id}")

        @bp.route("/c/<class_id>", methods=["GET"])
        @logged_in
        @in_class
        async def class_page(
            request: Request, login: counsel_store.Login, group: counsel_store.ClassSession
        ) -> HTTPResponse:
            db().audit(login.counsellor.id, None, "class_view", group.id)
            return _page(
                request,
                "class.html",
                login=login,
                group=group,
                version=await live.NOTIFIER.current(live.class_key(group.id)),
                live_html=await _class_html(request, login, group),
            )

        @bp.route("/c/<class_id>/live", methods=["GET"])
        @logged_in
        @in_class
        async def class_live(
            request: Request, login: counsel_store.Login, group: counsel_store.ClassSession
        ) -> HTTPResponse:
            since = _since(request)
            # Wake at least every 30 s: "no progress for 3 minutes" becomes true without a turn.
            version = await live.NOTIFIER.wait(live.class_key(group.id), since, min(LIVE_WAIT_SECONDS, 30.0))
            return response.json({"v": version, "html": await _class_html(request, login, group)}, headers=HEADERS)

        @bp.route("/audit", methods=["GET"])
        @logged_in
        async def audit_log(request: Request, login: counsel_store.Login) -> HTTPResponse:
            if not login.counsellor.is_admin:
                return _not_found(request)
            db().audit(login.counsellor.id, None, "audit_view")
            return _page(
                request,
                "audit.html",
                login=login,
                rows=db().audit_log(),
                when=lambda ts: dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S"),
            )

        @bp.route("/accounts", methods=["GET"])
        @logged_in
        async def accounts(request: Request, login: counsel_store.Login) -> HTTPResponse:
            if not login.counsellor.is_admin:
                return _not_found(request)
            return _page(
                request,
                "accounts.html",
                login=login,
                accounts=db().counsellors(),
                error=request.args.get("error"),
                done=request.args.get("done"),
            )

        @bp.route("/accounts", methods=["POST"])
        @logged_in
        async def change_account(request: Request, login: counsel_store.Login) -> HTTPResponse:
            if not login.counsellor.is_admin:
                return _not_found(request)
            form = request.form
            username = (form.get("username") or "").strip()
            action = form.get("action")
            if action in ("disable", "enable"):
                if username == login.counsellor.username:
                    return _redirect("/accounts?error=self")
                if not db().set_active(username, action == "enable"):
                    return _redirect("/accounts?error=unknown")
            elif action == "add":
                password = form.get("password") or ""
                try:
                    pw_hash = await asyncio.get_running_loop().run_in_executor(None, auth.hash_password, password)
                    db().add_counsellor(
                        username,
                        (form.get("display_name") or "").strip()[:80],
                        "admin" if form.get("role") == "admin" else "counsellor",
                        pw_hash,
                    )
                except ValueError:
                    return _redirect("/accounts?error=add")
            else:
                return _redirect("/accounts?error=unknown")
            db().audit(login.counsellor.id, None, f"account_{action}", username[:64])
            return _redirect(f"/accounts?done={action}")

        @bp.route("/r/<token>", methods=["GET"])
        async def pupil_report(request: Request, token: str) -> HTTPResponse:
            sender_id = db().report_link(token[:100], time.time())
            if sender_id is None:
                return _not_found(request)
            values = await counsel_hooks.slot_values(getattr(request.app.ctx, "agent", None), sender_id)
            if not values:
                return _not_found(request)
            v = view.build(values, catalog(), db().steering(sender_id))
            return await _report(request, v, db().notes(sender_id), pupil_link=True)

        @bp.route("/static/<name>", methods=["GET"])
        async def static(request: Request, name: str) -> HTTPResponse:
            if name not in STATIC:
                return response.text("not found", status=404)
            return response.raw(
                (PAGES / name).read_bytes(),
                content_type=STATIC[name],
                headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
            )

        return bp


async def _class_html(request: Request, login: counsel_store.Login, group: counsel_store.ClassSession) -> str:
    ui = _ui(request)
    summary = _class_summary(group)
    watches = {w.sender_id: w.id for w in db().watches_by(login.counsellor.id)}
    return ENV.get_template("class_live.html").render(
        ui=ui,
        t=_translator(ui),
        prefix=PREFIX,
        group=group,
        s=summary,
        watches=watches,
        spread=await _class_spread(request, group),
        now=dt.datetime.now().strftime("%H:%M:%S"),
    )


async def _report(
    request: Request, v: view.SessionView, notes: list[counsel_store.Note], pupil_link: bool = False
) -> HTTPResponse:
    audience = "parents" if request.args.get("for") == "parents" or request.args.get("voor") == "ouders" else "pupil"
    lang = request.args.get("lang") if request.args.get("lang") in ("nl", "en") else v.lang
    included = [n for n in notes if n.include]
    if request.args.get("pdf") == "1" or request.args.get("fmt") == "pdf":
        body = await asyncio.get_running_loop().run_in_executor(None, report.report_pdf, v, audience, included, lang)
        name = f"kansrijk-{'ouders' if audience == 'parents' and lang == 'nl' else audience}.pdf"
        return response.raw(
            body,
            content_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{name}"',
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-store",
            },
        )
    html = report.report_html(v, audience, included, lang)
    return response.html(
        html,
        headers={
            "Content-Security-Policy": REPORT_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )
