"""The take-home report: both audiences, both languages, HTML and PDF, and nothing a pupil or counsellor typed
can turn into markup."""

import datetime as dt
import re
import shutil
import subprocess
import time

import pytest

from bot.counsel import report, view
from bot.counsel.store import Note
from bot.counsel.view import Bar

SCRIPT = "<script>alert(1)</script>"
GENERATED = dt.datetime(2026, 11, 28, 10, 0)
PUPIL = {
    "education": "vmbo_bb",
    "vmbo_profile": "ZW",
    "has_math_or_science": False,
    "age": 16,
    "interests_text": f"auto repareren {SCRIPT}",
    "language": "nl",
    "route": "bbl",
    "place": "Zwolle",
}
NOTES = [
    Note("n1", "c1", "Mevr. <b>Jansen</b>", f"Samen naar de open dag {SCRIPT}", True, GENERATED.timestamp()),
    Note("n2", "c1", "Mevr. Jansen", "PRIVE-NOTITIE niet voor het verslag", False, GENERATED.timestamp()),
]
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")


@pytest.fixture(scope="module")
def session(catalog) -> view.SessionView:
    return view.build(PUPIL, catalog, today=GENERATED.date())


@pytest.fixture(scope="module")
def session_en(catalog) -> view.SessionView:
    return view.build({**PUPIL, "language": "en"}, catalog, today=GENERATED.date())


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=30).stdout
    return " ".join(out.decode("utf-8").split())


def test_unknown_audience_is_refused(session):
    with pytest.raises(ValueError, match="audience"):
        report.report_html(session, "teacher")
    with pytest.raises(ValueError, match="audience"):
        report.report_pdf(session, "teacher")


def test_next_april_first():
    assert report.next_april_first(dt.date(2026, 11, 28)) == dt.date(2027, 4, 1)
    assert report.next_april_first(dt.date(2027, 4, 1)) == dt.date(2027, 4, 1)
    assert report.next_april_first(dt.date(2027, 4, 2)) == dt.date(2028, 4, 1)
    assert report.next_april_first(dt.date(2027, 1, 5)) == dt.date(2027, 4, 1)


@needs_pdftotext
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("audience", report.AUDIENCES)
def test_pdf_says_what_matters(session, session_en, lang, audience, tmp_path):
    v = session if lang == "nl" else session_en
    assert v.advice.items, "the test pupil should get a shortlist"
    text = pdf_text(report.report_pdf(v, audience, NOTES, generated=GENERATED), tmp_path)
    for rec in v.advice.items:
        assert rec.course.name in text
    for rec in v.advice.out_of_reach:
        assert rec.course.name in text
    april = "1 april 2027" if lang == "nl" else "1 April 2027"
    assert april in text
    assert ("toelatingsrecht" in text) and ("Wet vroegtijdige aanmelddatum en toelatingsrecht mbo" in text)
    sources = {r.demand.source for r in v.advice.items if r.demand}
    assert sources and all(s in text for s in sources)
    assert "Subsidieregeling praktijkleren" in text and "610" in text  # costs and BBL facts with their sources
    assert "Voorbeeld ROC (fictieve demo-school)" in text
    assert ("(fictief)" if lang == "nl" else "(fictional)") in text
    assert f"Samen naar de open dag {SCRIPT}" in text and "Mevr. <b>Jansen</b>" in text
    assert "PRIVE-NOTITIE" not in text
    assert f"auto repareren {SCRIPT}" in text
    if lang == "nl":
        heading = "Notitie van je decaan" if audience == "pupil" else "Notitie van de decaan"
        assert heading in text
        assert ("uw kind" in text) == (audience == "parents")
        assert ("Meld je aan vóór of op 1 april 2027" in text) == (audience == "pupil")
        assert "Nog niet beantwoord: starten" in text
    else:
        assert ("your child" in text) == (audience == "parents")
        assert ("Note from your careers counsellor" in text) == (audience == "pupil")
        assert "Not answered yet: start" in text


@needs_pdftotext
def test_pdf_shows_text_beyond_latin(session, tmp_path):
    body = "Çok iyi — Привет — ελληνικά — ł ő ž"
    note = Note("n3", "c1", "", body, True, GENERATED.timestamp())
    text = pdf_text(report.report_pdf(session, "pupil", [note], generated=GENERATED), tmp_path)
    assert body in text and "Notitie van je decaan (28 november 2026)" in text


@needs_pdftotext
def test_pdf_language_can_differ_from_the_chat(session, tmp_path):
    text = pdf_text(report.report_pdf(session, "parents", lang="en", generated=GENERATED), tmp_path)
    assert "What we know about your child" in text and "vmbo basic" in text and "1 April 2027" in text


def test_pdf_metadata_and_fonts(session_en):
    pdf = report.report_pdf(session_en, "pupil", generated=GENERATED)
    assert pdf.startswith(b"%PDF")
    assert b"/Lang (en)" in pdf
    assert b"/FontFile2" in pdf and b"DejaVuSans" in pdf  # TrueType embedded
    assert b"/Helvetica" not in pdf
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, timeout=30).stdout.decode()
        assert "Your overview" in info


def test_html_escapes_what_people_typed(session):
    html = report.report_html(session, "pupil", NOTES, generated=GENERATED)
    assert not re.search(r"<\s*script", html, re.IGNORECASE)
    assert "auto repareren &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Samen naar de open dag &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Mevr. &lt;b&gt;Jansen&lt;/b&gt;" in html and "<b>Jansen" not in html
    assert "PRIVE-NOTITIE" not in html
    assert "Notitie van je decaan" in html and "1 april 2027" in html


def test_html_is_self_contained_and_accessible(session_en):
    html = report.report_html(session_en, "parents", NOTES, generated=GENERATED)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert '<html lang="en">' in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html and "@import" not in html and "<img" not in html
    assert "<style>" in html and "@media print" in html
    assert html.count("<h1>") == 1 and "<h2" in html
    assert '<th scope="row">' in html
    assert "<svg" in html and 'role="img"' in html  # the chart, inline
    assert "Note from the careers counsellor" in html and "your child" in html
    for rec in session_en.advice.items:
        assert rec.course.name in html


def test_parents_and_pupil_wording_differ(session):
    pupil = report.report_html(session, "pupil", generated=GENERATED)
    parents = report.report_html(session, "parents", generated=GENERATED)
    assert "Wat we van je weten" in pupil and "Wat we weten over uw kind" in parents
    assert "uw kind" not in pupil
    assert "Laat uw kind zich aanmelden vóór of op 1 april 2027" in parents


def test_chart_svg_cannot_inject():
    bars = [Bar(SCRIPT, 1.0), Bar('"><img src=x onerror=alert(1)>', 0.5), Bar("prijs $5$ & meer", float("nan"))]
    svg = report.chart_svg(bars, f"Titel {SCRIPT}")
    assert svg.startswith("<svg") and "<?xml" not in svg and "DOCTYPE" not in svg
    assert not re.search(r"<\s*(script|img|foreignObject|a)\b", svg, re.IGNORECASE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert "$5$" in svg  # a dollar sign is text, not a formula
    assert "http" not in svg
    assert "style=" not in svg and "<style" not in svg  # presentation attributes: works under style-src 'self'


def test_chart_empty_and_png():
    assert report.chart_svg([], "x") == ""
    assert report.chart_png([], "x") is None
    png = report.chart_png([Bar("Doen", 1.0), Bar("Helpen", 0.25)], "RIASEC")
    assert png and png.startswith(b"\x89PNG")


def test_nothing_known_yet(catalog, tmp_path):
    v = view.build({}, catalog, today=GENERATED.date())
    html = report.report_html(v, "pupil", generated=GENERATED)
    assert "We weten nog niets over je" in html
    assert "Jouw lijst met opleidingen" not in html  # no advice for nobody in particular
    assert "1 april 2027" in html
    parents = report.report_html(v, "parents", lang="en", generated=GENERATED)
    assert "know anything about your child yet" in parents and "Not answered yet: education, age" in parents
    pdf = report.report_pdf(v, "parents", generated=GENERATED)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        assert "We weten nog niets over uw kind" in pdf_text(pdf, tmp_path)


def test_report_is_fast(session):
    report.report_pdf(session, "pupil", NOTES, generated=GENERATED)  # warm: imports and font registration
    times = {}
    for name, make in (("html", report.report_html), ("pdf", report.report_pdf)):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            make(session, "parents", NOTES, generated=GENERATED)
            runs.append(time.perf_counter() - start)
        times[name] = sorted(runs)[len(runs) // 2]
    print(f"report p50: html {times['html'] * 1000:.0f} ms, pdf {times['pdf'] * 1000:.0f} ms")
    assert times["html"] < 5 and times["pdf"] < 5


def test_odd_typed_text_still_makes_a_report(catalog):
    """A very long answer must not overflow a PDF table row; control characters are dropped."""
    v = view.build({**PUPIL, "interests_text": "motoren \x00\x1b " + "a" * 5000}, catalog, today=GENERATED.date())
    note = Note("n4", "c1", "X\x07", "regel 1\nregel 2 " + "b" * 5000, True, GENERATED.timestamp())
    html = report.report_html(v, "pupil", [note], generated=GENERATED)
    assert "\x00" not in html and "\x07" not in html and "motoren" in html and " …" in html
    assert report.report_pdf(v, "parents", [note], generated=GENERATED).startswith(b"%PDF")
