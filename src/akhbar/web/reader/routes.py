"""The reader's routes: HTML pages, their Atom feeds, and the reader settings.

``create_app`` includes ``router`` and serves ``static/`` at ``/static``. Every response
here carries a Content-Security-Policy that allows no inline script (and no script at
all but our own files), so a report that slipped past the sanitizer still cannot run.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from akhbar.errors import QueryError
from akhbar.model import SOURCE_TYPES
from akhbar.store.base import Store
from akhbar.store.query import Hit, SearchQuery, SearchResult, highlight
from akhbar.web import feeds
from akhbar.web.charts import timeline_svg
from akhbar.web.deps import get_settings, get_store
from akhbar.web.reader import format as fmt
from akhbar.web.reader import pages, views
from akhbar.web.sanitize import safe_url

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
ATOM_TYPE = "application/atom+xml; charset=utf-8"
COOKIE_AGE = 365 * 24 * 3600
GZIP_MIN_BYTES = 1024
STATIC_DIR = Path(__file__).resolve().parent / "static"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Prefs:
    """A reader's display settings: digit style and typeface."""

    digits: str = "urdu"
    font: str = "nastaliq"

    @property
    def font_file(self) -> str:
        if self.font == "naskh":
            return "noto-naskh-arabic-arabic-400-normal.woff2"
        return "noto-nastaliq-urdu-arabic-400-normal.woff2"


def _prefs(ctx: Context) -> Prefs:
    prefs = ctx.get("prefs")
    return prefs if isinstance(prefs, Prefs) else Prefs()


@pass_context
def _digits(ctx: Context, value: object) -> str:
    return fmt.digits(value, _prefs(ctx).digits)


@pass_context
def _num(ctx: Context, value: int) -> str:
    return fmt.number(int(value), _prefs(ctx).digits)


@pass_context
def _text(ctx: Context, value: object) -> str:
    return fmt.text_digits(str(value), _prefs(ctx).digits)


@pass_context
def _decimal(ctx: Context, value: float) -> str:
    return fmt.decimal(float(value), _prefs(ctx).digits)


@pass_context
def _date(ctx: Context, value: datetime | None) -> str:
    return fmt.urdu_date(value, _prefs(ctx).digits)


@pass_context
def _datetime(ctx: Context, value: datetime | None) -> str:
    return fmt.urdu_datetime(value, _prefs(ctx).digits)


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The reader's Jinja2 templates with the Urdu filters installed."""
    engine = Jinja2Templates(directory=str(TEMPLATE_DIR))
    env = engine.env
    env.filters.update(
        digits=_digits,
        num=_num,
        decimal=_decimal,
        t=_text,
        date=_date,
        datetime=_datetime,
        iso=fmt.iso,
        topic=fmt.topic_name,
        source_type=fmt.source_type_name,
        marker=fmt.marker_name,
        label=fmt.label_name,
        safe_url=safe_url,
    )
    env.globals["static"] = _static_url
    env.globals["word"] = _word
    return engine


def _word(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


@lru_cache(maxsize=64)
def _static_url(path: str) -> str:
    target = STATIC_DIR / path
    version = int(target.stat().st_mtime) if target.exists() else 0
    return f"/static/{path}?v={version}"


def get_prefs(request: Request) -> Prefs:
    """Display settings: a query parameter, then a cookie, then the app's settings."""
    settings = get_settings(request)
    digit = request.query_params.get("digits") or request.cookies.get("digits")
    font = request.query_params.get("font") or request.cookies.get("font")
    return Prefs(
        digits=digit if digit in fmt.DIGIT_STYLES else settings.digits,
        font=font if font in fmt.FONTS else settings.font,
    )


def get_cards(request: Request) -> views.CardCache:
    """The app's cache of story cards (``app.state.reader_cards``), made on first use."""
    cache = getattr(request.app.state, "reader_cards", None)
    if not isinstance(cache, views.CardCache):
        cache = views.CardCache()
        request.app.state.reader_cards = cache
    return cache


StoreDep = Annotated[Store, Depends(get_store)]
CardsDep = Annotated[views.CardCache, Depends(get_cards)]
PrefsDep = Annotated[Prefs, Depends(get_prefs)]


def secure(response: Response) -> Response:
    """``response`` with the reader's security headers set."""
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    return response


def render(
    request: Request,
    name: str,
    prefs: Prefs,
    *,
    title: str,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """A template rendered with the common context and the security headers."""
    context.setdefault("json_url", None)
    context.setdefault("atom_url", "/feeds/front.atom")
    html = (
        templates()
        .get_template(name)
        .render({"request": request, "prefs": prefs, "title": title, **context})
    )
    return secure(
        compressed(request, html.encode("utf-8"), "text/html; charset=utf-8", status_code)
    )


def compressed(request: Request, body: bytes, media_type: str, status_code: int = 200) -> Response:
    """A response with ``body``, gzipped when the client takes gzip and it is worth it.

    Pages are a few dozen kilobytes of Urdu text that gzip to a fifth: on a slow phone
    connection that is most of the wait (the fonts are woff2, compressed already).
    """
    headers = {"Vary": "Accept-Encoding"}
    if len(body) >= GZIP_MIN_BYTES and "gzip" in request.headers.get("accept-encoding", ""):
        body = gzip.compress(body, compresslevel=6, mtime=0)
        headers["Content-Encoding"] = "gzip"
    return Response(body, status_code=status_code, media_type=media_type, headers=headers)


def atom(request: Request, feed: feeds.Feed) -> Response:
    """An Atom feed response."""
    return secure(compressed(request, feeds.render_atom(feed).encode("utf-8"), ATOM_TYPE))


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def not_found(request: Request, prefs: Prefs, what: str) -> Response:
    """The reader's 404 page."""
    return render(request, "error.html", prefs, title="نہیں ملا", message=what, status_code=404)


# --- pages ---------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def front(request: Request, store: StoreDep, prefs: PrefsDep, cards: CardsDep) -> Response:
    """The front page."""
    page = views.front_page(store, cache=cards)
    return render(
        request,
        "front.html",
        prefs,
        title="صفحۂ اول",
        nav="front",
        page=page,
        as_of=page.as_of,
        json_url="/api/stories",
        atom_url="/feeds/front.atom",
    )


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story(story_id: str, request: Request, store: StoreDep, prefs: PrefsDep) -> Response:
    """A story's full coverage."""
    page = views.coverage(store, story_id)
    if page is None:
        return not_found(request, prefs, "یہ خبر موجود نہیں۔")
    if page.card.id != story_id:
        return RedirectResponse(f"/story/{quote(page.card.id, safe='')}", status_code=301)
    sid = quote(page.card.id, safe="")
    chart = timeline_svg(page.times, label="رپورٹیں", style=prefs.digits)
    return render(
        request,
        "story.html",
        prefs,
        title=page.card.title,
        description=page.card.summary,
        page=page,
        chart=chart,
        as_of=page.card.last_seen,
        json_url=f"/api/stories/{sid}",
        atom_url=f"/feeds/story/{sid}.atom",
    )


@router.get("/report/{item_id}", response_class=HTMLResponse)
def report(item_id: int, request: Request, store: StoreDep, prefs: PrefsDep) -> Response:
    """A report: its place in its story's coverage, or the report alone."""
    stored = store.item(item_id)
    if stored is None:
        return not_found(request, prefs, "یہ رپورٹ موجود نہیں۔")
    if stored.story:
        target = f"/story/{quote(stored.story, safe='')}#r{item_id}"
        return secure(RedirectResponse(target, status_code=303))
    page = views.report_page(stored)
    return render(
        request,
        "report.html",
        prefs,
        title=page.report.title,
        description=page.report.lede,
        page=page,
        json_url=f"/api/articles/{item_id}",
    )


@router.get("/topic/{label}", response_class=HTMLResponse)
def topic(
    label: str, request: Request, store: StoreDep, prefs: PrefsDep, cache: CardsDep
) -> Response:
    """Recent stories of one topic."""
    key = None if label == "other" else label
    cards = pages.topic_stories(store, key, cache=cache)
    tid = quote(label, safe="")
    return render(
        request,
        "topic.html",
        prefs,
        title=fmt.topic_name(key),
        topic=key,
        cards=cards,
        json_url=f"/api/search?{urlencode({'topic': label, 'group': 'true'})}",
        atom_url=f"/feeds/topic/{tid}.atom",
    )


@router.get("/entity/{entity_id:path}", response_class=HTMLResponse)
def entity(entity_id: str, request: Request, store: StoreDep, prefs: PrefsDep) -> Response:
    """A person, place or organisation: mentions over time, stories, quotes."""
    page = pages.entity_page(store, entity_id)
    if page is None:
        return not_found(request, prefs, "اس نام کا کوئی ذکر نہیں ملا۔")
    chart = timeline_svg(page.times, label="ذکر", unit="بار ذکر", style=prefs.digits)
    eid = quote(entity_id, safe="")
    return render(
        request,
        "entity.html",
        prefs,
        title=page.entity.name,
        page=page,
        chart=chart,
        json_url=f"/api/entities/{eid}",
        atom_url=f"/feeds/entity.atom?id={eid}",
    )


@dataclass(frozen=True, slots=True)
class SearchForm:
    """The search page's form: the API's filters, as the reader's form sends them."""

    q: str = ""
    since: str = ""
    until: str = ""
    source: str = ""
    source_type: str = ""
    topic: str = ""
    entity: str = ""
    group: bool = False
    cursor: str = ""

    @property
    def active(self) -> bool:
        """True when there is something to search for or filter by."""
        return any((self.q.strip(), self.since, self.until, self.source, self.topic, self.entity))

    def params(self) -> dict[str, str]:
        """The form as query parameters (the same names as ``/api/search``), cursor aside."""
        values = {
            "q": self.q,
            "since": self.since,
            "until": self.until,
            "source": self.source,
            "source_type": self.source_type,
            "topic": self.topic,
            "entity": self.entity,
            "group": "true" if self.group else "",
        }
        return {k: v for k, v in values.items() if v}

    def query(self, limit: int = 20) -> SearchQuery:
        """The store query (``QueryError`` for what cannot be searched)."""
        return SearchQuery(
            text=self.q,
            since=_day(self.since),
            until=_day(self.until, end=True),
            source=self.source or None,
            source_type=self.source_type if self.source_type in SOURCE_TYPES else None,
            topic=self.topic or None,
            entity=self.entity or None,
            group_by_story=self.group,
            cursor=self.cursor or None,
            limit=limit,
        )


def _day(text: str, *, end: bool = False) -> datetime | None:
    """A form's date (``YYYY-MM-DD``) as the start (or end) of that day, Pakistan time."""
    if not text:
        return None
    try:
        day = datetime.fromisoformat(text[:10]).replace(tzinfo=fmt.PKT)
    except ValueError as exc:
        raise QueryError(f"not a date: {text[:20]!r} (use YYYY-MM-DD)") from exc
    return day + timedelta(days=1) if end else day


def get_search_form(
    q: Annotated[str, Query(max_length=500)] = "",
    since: Annotated[str, Query(max_length=32)] = "",
    until: Annotated[str, Query(max_length=32)] = "",
    source: Annotated[str, Query(max_length=200)] = "",
    source_type: Annotated[str, Query(max_length=32)] = "",
    topic: Annotated[str, Query(max_length=200)] = "",
    entity: Annotated[str, Query(max_length=200)] = "",
    group: bool = False,
    cursor: Annotated[str, Query(max_length=64)] = "",
) -> SearchForm:
    """The search form from the query string."""
    return SearchForm(q, since, until, source, source_type, topic, entity, group, cursor)


FormDep = Annotated[SearchForm, Depends(get_search_form)]


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, store: StoreDep, prefs: PrefsDep, form: FormDep) -> Response:
    """Search reports with the API's filters."""
    result: SearchResult | None = None
    error = None
    marked = []
    if form.active:
        try:
            result = pages.search(store, form.query())
            atoms = SearchQuery(text=form.q).parsed().atoms() if form.q.strip() else ()
        except QueryError as exc:
            error = str(exc)
        else:
            marked = [(hit, _marks(hit.title, highlight(hit.title, atoms))) for hit in result.hits]
    params = form.params()
    query_string = urlencode(params)
    known = pages.source_list(store)
    return render(
        request,
        "search.html",
        prefs,
        title=f"تلاش: {form.q}" if form.q else "تلاش",
        nav="search",
        q=form.q,
        form=form,
        filters=params,
        result=result,
        hits=marked,
        error=error,
        sources=known,
        source_names={r.source.key: r.source.name for r in known},
        source_types=SOURCE_TYPES,
        topics=sorted(fmt.TOPIC_NAMES),
        next_url=(
            f"/search?{urlencode({**params, 'cursor': result.next_cursor})}"
            if result is not None and result.next_cursor
            else None
        ),
        json_url=f"/api/search?{query_string}" if query_string else "/api/search",
        atom_url=f"/feeds/search.atom?{query_string}" if query_string else "/feeds/front.atom",
        status_code=400 if error else 200,
    )


def _marks(text: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, highlighted) runs for the template to escape and mark."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in spans:
        if start < at:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, store: StoreDep, prefs: PrefsDep) -> Response:
    """Every source with its health."""
    return render(
        request,
        "sources.html",
        prefs,
        title="ذرائع",
        nav="sources",
        rows=pages.source_health(store),
        json_url="/api/sources",
    )


@router.get("/settings", response_class=HTMLResponse)
def settings_page(
    request: Request,
    prefs: PrefsDep,
    digits: str | None = None,
    font: str | None = None,
    next: str = "/",
) -> Response:
    """Reader settings; with parameters, remember them in cookies and go back."""
    if digits is None and font is None:
        return render(request, "settings.html", prefs, title="ترتیبات", nav="settings")
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    if digits in fmt.DIGIT_STYLES:
        response.set_cookie("digits", digits, max_age=COOKIE_AGE, samesite="lax")
    if font in fmt.FONTS:
        response.set_cookie("font", font, max_age=COOKIE_AGE, samesite="lax")
    return secure(response)


# --- feeds ---------------------------------------------------------------------------


@router.get("/feeds/front.atom")
def front_atom(request: Request, store: StoreDep, cache: CardsDep) -> Response:
    """The front page as an Atom feed."""
    page = views.front_page(store, cache=cache)
    cards = [*page.lead, *(c for g in page.groups for c in g.stories)]
    return atom(request, feeds.front_feed(cards, _base(request)))


@router.get("/feeds/topic/{label}.atom")
def topic_atom(label: str, request: Request, store: StoreDep, cache: CardsDep) -> Response:
    """A topic as an Atom feed."""
    key = None if label == "other" else label
    cards = pages.topic_stories(store, key, cache=cache)
    return atom(request, feeds.topic_feed(key, cards, _base(request)))


@router.get("/feeds/story/{story_id}.atom")
def story_atom(story_id: str, request: Request, store: StoreDep, prefs: PrefsDep) -> Response:
    """A story's reports as an Atom feed."""
    page = views.coverage(store, story_id)
    if page is None:
        return not_found(request, prefs, "یہ خبر موجود نہیں۔")
    return atom(request, feeds.story_feed(page, _base(request)))


@router.get("/feeds/entity.atom")
def entity_atom(id: str, request: Request, store: StoreDep, prefs: PrefsDep) -> Response:
    """An entity's stories as an Atom feed."""
    page = pages.entity_page(store, id)
    if page is None:
        return not_found(request, prefs, "اس نام کا کوئی ذکر نہیں ملا۔")
    return atom(request, feeds.entity_feed(page, _base(request)))


@router.get("/feeds/search.atom")
def search_atom(request: Request, store: StoreDep, form: FormDep) -> Response:
    """Any search as an Atom feed (the newest matching reports without query text)."""
    hits: tuple[Hit, ...] = ()
    if form.active:
        try:
            hits = pages.search(store, form.query(limit=50)).hits
        except QueryError as exc:
            return secure(Response(str(exc), status_code=400, media_type="text/plain"))
    query_string = urlencode(form.params())
    return atom(request, feeds.search_feed(form.q, hits, _base(request), query_string))
