"""The take-home report of a guided session: the pupil's and the parents' version, as HTML and as PDF.

Both formats are laid out from one model of plain, already translated strings (`_model`), built from the same
`SessionView` the counsellor's page shows, so the HTML and the PDF cannot say different things. Every fact keeps
its source; every date is either computed (the next 1 April) or comes from the catalogue, never made up.
Text the pupil or a counsellor typed is escaped in both formats (Jinja2 autoescape, `saxutils.escape`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .. import admission as adm
from .. import facts, settings
from ..advice import MONTHS_EN, MONTHS_NL, Recommendation
from ..i18n import Text, normalise_language
from ..paths import ROOT
from ..texts import family, text
from .store import Note
from .view import RIASEC_LABELS, STATUS, VALUES, Bar, SessionView

AUDIENCES = ("pupil", "parents")
PUPIL, PARENTS = AUDIENCES
TEMPLATE_DIR = ROOT / "web" / "counsellor"
TEMPLATE = "report.html"

# ../shared/research/mbo-domain.md §3.2 (its source line; the file names no article of the WEB)
SRC_TOELATINGSRECHT = (
    "Wet vroegtijdige aanmelddatum en toelatingsrecht mbo (sinds 1-8-2017); "
    "MBO Raad: toelatingsrecht en FAQ (mboraad.nl); onderwijsconsument.nl"
)
SRC_LATE = SRC_TOELATINGSRECHT + "; mboRijnland"

FICTIONAL = text("counsel_report.fictional")
# Answers that are the pupil's own words: shown as typed, never looked up in VALUES.
FREE_TEXT = frozenset({"interests_text", "place", "mbo_dossier"})
MAX_ANSWER_CHARS = 600  # a table row must fit on one PDF page; the report is a summary, not the transcript
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Colours: text #1a1a1a and accent #1f4e79 on white both pass WCAG AA for small text.
INK, ACCENT, MUTED, BAR_COLOUR = "#1a1a1a", "#1f4e79", "#4d4d4d", "#2b6cb0"


# Wording that differs by audience: (pupil, parents). The pupil is "je", the parents are "u" with "uw kind".
_PUPIL, _PARENTS = family("counsel_report.pupil"), family("counsel_report.parents")
PHRASES: dict[str, tuple[Text, Text]] = {name: (_PUPIL[name], _PARENTS[name]) for name in _PUPIL}

# Wording that is the same for both audiences.
WORDS: dict[str, Text] = family("counsel_report.word")


# --- the model: everything the layouts show, as plain strings -----------------------------------------------------


@dataclass(frozen=True)
class Sourced:
    text: str
    source: str = ""


@dataclass(frozen=True)
class LevelStep:
    label: str
    status: str
    reasons: list[Sourced]


@dataclass(frozen=True)
class Route:
    title: str
    steps: str
    source: str


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class CourseItem:
    name: str
    crebo: str
    rows: list[Row]
    reasons: list[str]
    demand: Sourced
    admission: str
    admission_reasons: list[Sourced]


@dataclass(frozen=True)
class LaterItem:
    name: str
    steps: str


@dataclass(frozen=True)
class NoteItem:
    heading: str  # "Notitie van je decaan: <author>"
    date: str
    body: str


@dataclass
class Model:
    lang: str
    audience: str
    words: dict[str, str]
    title: str
    school: str
    generated: str
    intro: str
    started: bool
    known: list[Row]
    open_levels: list[str]
    step_levels: list[LevelStep]
    routes: list[Route]
    shortlist: list[CourseItem]
    later: list[LaterItem]
    bbl: list[Sourced]
    costs: list[Sourced]
    next_steps: list[Sourced]
    chart_title: str
    bars: list[Bar]
    notes: list[NoteItem]
    still_open: str
    chart_svg: str = ""


def _date(day: dt.date, lang: str) -> str:
    months = MONTHS_EN if lang == "en" else MONTHS_NL
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _clean(text: str, limit: int | None = None) -> str:
    """Typed text as it may be printed: no control characters or lone surrogates (invalid in HTML and PDF)."""
    text = CONTROL.sub("", text.encode("utf-8", "replace").decode("utf-8"))
    return text if limit is None or len(text) <= limit else text[:limit].rstrip() + " …"


def _lower_first(label: str) -> str:
    """A label inside a sentence: "Leeftijd" becomes "leeftijd", "BOL of BBL" stays."""
    return label if len(label) > 1 and label[1].isupper() else label[:1].lower() + label[1:]


def next_april_first(day: dt.date) -> dt.date:
    """The registration date that gives toelatingsrecht: 1 April itself still counts ("uiterlijk op 1 april")."""
    this_year = dt.date(day.year, 4, 1)
    return this_year if day <= this_year else dt.date(day.year + 1, 4, 1)


def _relabel(value: str, table: Mapping[str, Text], source_lang: str, lang: str) -> str:
    """A label the view made in its own language, in the report's language (the view keeps no keys for them)."""
    if source_lang == lang:
        return value
    for label in table.values():
        if label.get(source_lang) == value:
            return str(label.get(lang))
    return value


def _school(lang: str) -> str:
    s = settings.load()
    name = s.school_name or WORDS["brand"].get(lang)
    if s.fictional and "fictie" not in name.lower() and "fiction" not in name.lower():
        name = f"{name} {FICTIONAL.get(lang)}"
    return name


def _where(rec: Recommendation, lang: str) -> str:
    offer = rec.offers[0]
    place = f"{offer.school}, {offer.city}"
    return f"{place} {FICTIONAL.get(lang)}" if offer.fictional else place


def _course(rec: Recommendation, lang: str, say: dict[str, str]) -> CourseItem:
    routes = rec.routes or tuple(r for r in ("BOL", "BBL") if r in rec.course.routes)
    rows = [Row(say["level_word"], str(rec.course.level)), Row(say["routes"], " / ".join(routes) or "-")]
    if rec.offers:
        rows += [Row(say["next_start"], rec.offers[0].next_start.label.get(lang)), Row(say["where"], _where(rec, lang))]
    else:
        rows.append(Row(say["where"], say["no_offer"]))
    if rec.demand:
        demand = Sourced(
            rec.demand.text.get(lang),
            f"{rec.demand.source} ({WORDS['as_of'].get(lang).format(date=rec.demand.date)})"
            if rec.demand.date
            else rec.demand.source,
        )
    else:
        demand = Sourced(say["demand_unknown"])
    return CourseItem(
        rec.course.name,
        rec.course.crebo,
        rows,
        [r.get(lang) for r in rec.reasons],
        demand,
        STATUS[rec.decision.status].get(lang),
        [Sourced(r.text.get(lang), r.source) for r in rec.decision.reasons],
    )


def _next_steps(v: SessionView, audience: str, lang: str, today: dt.date) -> list[Sourced]:
    i = AUDIENCES.index(audience)
    april = _date(next_april_first(today), lang)
    steps = [Sourced(PHRASES["register"][i].get(lang).format(date=april), SRC_TOELATINGSRECHT)]
    items = v.advice.items if v.started else []
    if any(r.course.level == 1 for r in items):
        steps.append(Sourced(WORDS["entree"].get(lang), SRC_TOELATINGSRECHT))
    if any(o.numerus_fixus for r in items for o in r.offers):
        steps.append(Sourced(WORDS["fixus"].get(lang), SRC_TOELATINGSRECHT))
    steps.append(Sourced(PHRASES["late"][i].get(lang), SRC_LATE))
    steps.append(Sourced(PHRASES["open_days"][i].get(lang)))
    steps.append(Sourced(PHRASES["contact"][i].get(lang).format(contact=settings.load().contact.get(lang))))
    return steps


def _model(
    v: SessionView, audience: str, notes: Sequence[Note], lang: str | None, generated: dt.datetime | None
) -> Model:
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    lang = normalise_language(lang or v.lang)
    i = AUDIENCES.index(audience)
    generated = generated or dt.datetime.now()
    say = {k: t.get(lang) for k, t in WORDS.items()} | {k: pair[i].get(lang) for k, pair in PHRASES.items()}

    known = [
        Row(
            a.label.get(lang),
            _clean(a.value if a.key in FREE_TEXT else _relabel(a.value, VALUES, v.lang, lang), MAX_ANSWER_CHARS),
        )
        for a in v.answers
    ]
    started = v.started
    level_name = WORDS["level"]
    open_levels = [level_name.get(lang).format(level=x.level).lower() for x in v.levels if x.status == adm.OPEN]
    step_levels = [
        LevelStep(
            level_name.get(lang).format(level=x.level),
            x.label.get(lang),
            [Sourced(r.text.get(lang), r.source) for r in x.reasons],
        )
        for x in v.levels
        if x.status != adm.OPEN
    ]
    later = [
        LaterItem(
            f"{r.course.name} ({level_name.get(lang).format(level=r.course.level).lower()})",
            "; ".join(c.title.get(lang) for c in r.catch_up) or "; ".join(x.text.get(lang) for x in r.decision.reasons),
        )
        for r in v.advice.out_of_reach
    ]
    age = v.profile.age
    bbl = [Sourced(f.text.get(lang), f.source) for f in [*facts.BBL_BASICS, facts.bbl_wage(age)]]
    costs = [Sourced(f.text.get(lang), f.source) for f in v.advice.costs]
    chosen = sorted((n for n in notes if n.include), key=lambda n: n.created_at)
    note_items = [
        NoteItem(
            f"{say['note']}: {_clean(n.author).strip()}" if _clean(n.author).strip() else say["note"],
            _date(dt.datetime.fromtimestamp(n.created_at).date(), lang),
            _clean(n.body),
        )
        for n in chosen
    ]
    bars = [Bar(_relabel(label, RIASEC_LABELS, v.lang, lang), value) for label, value in _clean_bars(v.interests)]
    still_open = (
        WORDS["open_line"].get(lang).format(items=", ".join(_lower_first(t.get(lang)) for t in v.unknown))
        if v.unknown
        else ""
    )
    return Model(
        lang=lang,
        audience=audience,
        words=say,
        title=say["title"],
        school=_school(lang),
        generated=WORDS["generated"].get(lang).format(date=_date(generated.date(), lang)),
        intro=say["intro"],
        started=started,
        known=known,
        open_levels=open_levels if started else [],
        step_levels=step_levels if started else [],
        routes=[Route(c.title.get(lang), c.steps.get(lang), c.source) for c in v.catch_up] if started else [],
        shortlist=[_course(r, lang, say) for r in v.advice.items] if started else [],
        later=later if started else [],
        bbl=bbl,
        costs=costs,
        next_steps=_next_steps(v, audience, lang, generated.date()),
        chart_title=v.interest_title.get(lang),
        bars=bars if started else [],
        notes=note_items,
        still_open=still_open,
    )


# --- the chart (matplotlib, imported on first use: it costs ~0.4 s) ----------------------------------------------

_CHART_LOCK = threading.Lock()  # rc_context changes matplotlib's global settings while a chart is drawn
SVG_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "path",
        "defs",
        "use",
        "text",
        "title",
        "clipPath",
        "rect",
        "desc",
        "tspan",
        "polyline",
        "polygon",
        "line",
        "circle",
        "ellipse",
    }
)


@lru_cache(maxsize=1)
def _matplotlib() -> Any:
    """matplotlib with only the object-oriented API: no pyplot, so no GUI backend is ever chosen."""
    import matplotlib
    from matplotlib.figure import Figure

    return matplotlib, Figure


def _clean_bars(bars: Sequence[Bar]) -> list[tuple[str, float]]:
    out = []
    for b in bars:
        value = float(b.value) if b.value is not None else 0.0
        out.append((str(b.label), 0.0 if math.isnan(value) else max(0.0, min(1.0, value))))
    return out


def _figure(bars: Sequence[Bar]) -> Any:
    _, Figure = _matplotlib()
    items = _clean_bars(bars)
    labels = ["\n".join(textwrap.wrap(label, 32)) or "-" for label, _ in items]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = Figure(figsize=(6.4, 0.4 + 0.28 * lines + 0.12 * len(items)), dpi=100, facecolor="white")
    ax = fig.add_subplot(facecolor="white")
    ys = list(range(len(items)))
    ax.barh(ys, [value for _, value in items], height=0.6, color=BAR_COLOUR)
    ax.set_yticks(ys)
    # parse_math=False: a "$" in a label is text, not a formula
    ax.set_yticklabels(labels, fontsize=10, color=INK, parse_math=False)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.15)
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    for y, (_, value) in zip(ys, items):
        ax.text(value + 0.02, y, f"{round(value * 100)}%", va="center", fontsize=9, color=INK, parse_math=False)
    return fig


def _check_svg(svg: str) -> str:
    """Belt and braces: matplotlib escapes text, and this refuses any tag but plain drawing elements, event
    handlers and addresses (text content, with its "<" escaped, cannot form a tag)."""
    for tag in re.findall(r"<[^>]*>", svg):
        name = re.match(r"</?\s*([A-Za-z][\w:-]*)", tag)
        if not name or name.group(1) not in SVG_ELEMENTS:
            raise RuntimeError(f"unexpected tag {tag[:40]!r} in the chart SVG")
        if re.search(r"\son\w+\s*=|javascript:|https?:|//", tag, re.IGNORECASE):
            raise RuntimeError(f"unexpected attribute in the chart SVG: {tag[:80]!r}")
    return svg


PRESENTATION = frozenset(
    {
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linejoin",
        "stroke-linecap",
        "stroke-miterlimit",
        "stroke-dasharray",
        "text-anchor",
        "opacity",
        "font-size",
        "font-family",
        "font-weight",
        "font-style",
        "dominant-baseline",
    }
)


def _presentation(style: str) -> str:
    """matplotlib's style="..." as SVG presentation attributes, which a strict CSP (style-src 'self', as on the
    counsellor's pages) does not block; unknown properties are dropped."""
    attrs: list[str] = []
    for decl in style.split(";"):
        name, _, value = (part.strip() for part in decl.partition(":"))
        if name == "font":  # "10px 'DejaVu Sans'"
            size, _, family = value.partition(" ")
            attrs += [f'font-size="{size}"', f'font-family="{family.strip()}, Verdana, sans-serif"']
        elif name in PRESENTATION and '"' not in value:
            attrs.append(f'{name}="{value}"')
    return " ".join(attrs)


def chart_svg(bars: Sequence[Bar], title: str) -> str:
    """Inline SVG markup (no XML prolog, no namespaces, no links) for an HTML page; "" when there are no bars."""
    if not bars:
        return ""
    matplotlib, _ = _matplotlib()
    buf = io.BytesIO()
    with _CHART_LOCK, matplotlib.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = _figure(bars)
        fig.savefig(
            buf,
            format="svg",
            bbox_inches="tight",
            metadata={"Title": title, "Creator": None, "Date": None, "Format": None, "Type": None},
        )
    svg = buf.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", svg)  # inline SVG in HTML needs none of them
    svg = re.sub(r'<g id="[^"]*"', "<g", svg)  # "figure_1", "axes_1": would repeat on a page with two charts
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = re.sub(r'style="([^"]*)"', lambda m: _presentation(m.group(1)), svg)
    svg = svg.replace("<svg ", '<svg role="img" class="chart" ', 1)
    return _check_svg(svg.strip())


def chart_png(bars: Sequence[Bar], title: str) -> bytes | None:
    """The same chart as a PNG for the PDF; None when there are no bars."""
    if not bars:
        return None
    matplotlib, _ = _matplotlib()
    buf = io.BytesIO()
    with _CHART_LOCK, matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig = _figure(bars)
        fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Title": title, "Software": None})
    return buf.getvalue()


# --- HTML ----------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _jinja() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_html(
    v: SessionView,
    audience: str,
    notes: Sequence[Note] = (),
    lang: str | None = None,
    generated: dt.datetime | None = None,
) -> str:
    """A self-contained page (inline CSS and chart, nothing fetched) that prints well."""
    m = _model(v, audience, notes, lang, generated)
    m.chart_svg = chart_svg(m.bars, m.chart_title)
    return str(_jinja().get_template(TEMPLATE).render(r=m))


# --- PDF -----------------------------------------------------------------------------------------------------------

FONT, FONT_BOLD, FONT_ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"


@lru_cache(maxsize=1)
def _fonts() -> str:
    """Register matplotlib's bundled DejaVu fonts once: embedded in the PDF, and they cover far more than Latin."""
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name in (FONT, FONT_BOLD, FONT_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)
    addMapping(FONT, 0, 0, FONT)
    return FONT


@lru_cache(maxsize=1)
def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    _fonts()
    ink, accent, muted = colors.HexColor(INK), colors.HexColor(ACCENT), colors.HexColor(MUTED)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=ink, spaceAfter=4)
    return {
        "body": body,
        "brand": ParagraphStyle("brand", parent=body, fontName=FONT_BOLD, textColor=accent, fontSize=10),
        "h1": ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=17, leading=22, spaceAfter=6),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            textColor=accent,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=FONT_BOLD, fontSize=11, leading=15, spaceBefore=8, spaceAfter=3, keepWithNext=1
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=11, textColor=muted),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, bulletFontName=FONT),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "cellhead": ParagraphStyle("cellhead", parent=body, fontName=FONT_BOLD, spaceAfter=0),
    }


def _pdf_story(m: Model) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

    st, w = _styles(), m.words

    def p(text: str, style: str = "body") -> Any:
        return Paragraph(escape(text), st[style])

    def src(source: str) -> Any:
        return p(f"{w['source']}: {source}", "small")

    def bullet(text: str) -> Any:
        return Paragraph(escape(text), st["bullet"], bulletText="•")

    def sourced(items: Sequence[Sourced]) -> list[Any]:
        out: list[Any] = []
        for it in items:
            out.append(bullet(it.text))
            if it.source:
                out.append(Paragraph(escape(f"{w['source']}: {it.source}"), st["small"].clone("srcind", leftIndent=14)))
        return out

    def table(rows: Sequence[Row]) -> Any:
        t = Table([[p(r.label, "cellhead"), p(r.value, "cell")] for r in rows], colWidths=[4.2 * cm, 12.3 * cm])
        t.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#c8c8c8")),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return t

    def keep(block: list[Any]) -> None:
        """KeepTogether, with the headings just before it: ReportLab's keepWithNext skips over a KeepTogether."""
        heads: list[Any] = []
        while story and isinstance(story[-1], Paragraph) and getattr(story[-1].style, "keepWithNext", False):
            heads.insert(0, story.pop())
        story.append(KeepTogether(heads + block))

    story: list[Any] = [p(f"{w['brand']} · {m.school}", "brand"), p(m.title, "h1"), p(m.generated, "small"), p(m.intro)]
    story.append(p(w["known"], "h2"))
    story.append(table(m.known) if m.known else p(w["nothing_known"]))
    if m.started:
        story.append(p(w["entry"], "h2"))
        story.append(p(f"{w['open_levels']} {', '.join(m.open_levels)}.") if m.open_levels else p(w["no_open_levels"]))
        if m.step_levels:
            story.append(p(w["step_levels"], "h3"))
            for lv in m.step_levels:
                story.append(bullet(f"{lv.label}: {lv.status}"))
                story += [
                    Paragraph(
                        escape(f"{r.text} ({w['source']}: {r.source})"), st["small"].clone("lvreason", leftIndent=14)
                    )
                    for r in lv.reasons
                ]
        if m.routes:
            story.append(p(w["catch_up"], "h3"))
            for r in m.routes:
                keep([p(r.title, "cellhead"), p(r.steps), src(r.source)])
        story.append(p(w["shortlist"], "h2"))
        if not m.shortlist:
            story.append(p(w["no_shortlist"]))
        for c in m.shortlist:
            block: list[Any] = [p(c.name, "h3"), table(c.rows + [Row(w["admission"], c.admission)])]
            block += [
                Paragraph(escape(f"{r.text} ({w['source']}: {r.source})"), st["small"]) for r in c.admission_reasons
            ]
            if c.reasons:
                block.append(p(w["why"], "cellhead"))
                block += [bullet(r) for r in c.reasons]
            block.append(p(w["demand"], "cellhead"))
            block.append(p(c.demand.text))
            if c.demand.source:
                block.append(src(c.demand.source))
            keep(block)
        if m.later:
            story.append(p(w["out_of_reach"], "h3"))
            story.append(p(w["out_of_reach_intro"]))
            story += [bullet(f"{x.name}: {x.steps}") for x in m.later]
    story.append(p(w["bbl"], "h2"))
    story.append(p(w["bbl_intro"]))
    story += sourced(m.bbl)
    if m.costs:
        story.append(p(w["costs"], "h3"))
        story += sourced(m.costs)
    story.append(p(w["years"], "small"))
    story.append(p(w["next_steps"], "h2"))
    story += sourced(m.next_steps)
    png = chart_png(m.bars, m.chart_title)
    if png:
        reader = ImageReader(io.BytesIO(png))
        width, height = reader.getSize()
        shown = min(16 * cm, width * 0.48)  # 150 dpi drawn at about 72/150 of a point per pixel
        story.append(p(m.chart_title, "h2"))
        keep([Image(io.BytesIO(png), width=shown, height=shown * height / width)])
    if m.notes:
        story.append(p(w["notes"], "h2"))
        for n in m.notes:
            body = Paragraph(escape(n.body).replace("\n", "<br/>"), st["body"])  # keep the note's line breaks
            keep([p(f"{n.heading} ({n.date})", "cellhead"), body, Spacer(1, 4)])
    if m.still_open:
        story.append(p(w["open"], "h2"))
        story.append(p(m.still_open))
    return story


def report_pdf(
    v: SessionView,
    audience: str,
    notes: Sequence[Note] = (),
    lang: str | None = None,
    generated: dt.datetime | None = None,
) -> bytes:
    """The same report as an A4 PDF with embedded fonts, made offline."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    m = _model(v, audience, notes, lang, generated)
    _fonts()
    buf = io.BytesIO()
    footer = f"{m.words['brand']} · {m.school}"

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor(MUTED))
        canvas.drawString(2 * cm, 1.2 * cm, footer)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, m.words["page"].format(n=doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=f"{m.title} - {m.words['brand']}",
        author="Kansrijk",
        subject=m.words["pdf_subject"],
        creator="Kansrijk",
        lang=m.lang,
        initialFontName=FONT,
    )
    doc.build(_pdf_story(m), onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()
