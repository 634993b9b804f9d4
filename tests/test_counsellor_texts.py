"""The counsellor pages ask texts/<language>/counsellor_page.yml for every word, escaped by Jinja like any value.

tests/test_texts.py sees `t("key")` in the templates; this file also checks `t("key", name=value)` (placeholders
filled from the page), that every call has exactly one literal key, and the words of web/counsellor/counsellor.js.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from botkit import ROOT
from jinja2 import nodes
from markupsafe import Markup

from bot import texts
from channels import counsellor

PAGES = ROOT / "web" / "counsellor"
TEMPLATES = sorted(PAGES.glob("*.html"))
CAT = texts.load()


def _t_calls(path: Path) -> list[nodes.Call]:
    tree = counsellor.ENV.parse(path.read_text(encoding="utf-8"))
    return [c for c in tree.find_all(nodes.Call) if isinstance(c.node, nodes.Name) and c.node.name == "t"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_template_asks_for_existing_keys_with_their_placeholders(path: Path) -> None:
    wrong = []
    for call in _t_calls(path):
        where = f"{path.name}:{call.lineno}"
        if len(call.args) != 1 or not isinstance(call.args[0], nodes.Const) or not isinstance(call.args[0].value, str):
            wrong.append(f"{where}: t() takes one literal key")
            continue
        key = call.args[0].value
        if not key.startswith("counsellor_page.") or key not in CAT.by_language["nl"]:
            wrong.append(f"{where}: {key} is not in texts/*/counsellor_page.yml")
            continue
        given = {kw.key for kw in call.kwargs}
        for lang, found in CAT.by_language.items():
            if texts.placeholders(found[key]) != given:
                wrong.append(f"{where}: {key} in {lang} needs {sorted(texts.placeholders(found[key]))}, gets {given}")
    assert not wrong, "\n".join(wrong)


def test_every_page_text_is_used_by_a_page() -> None:
    """Each counsellor_page key is asked for by a template or by channels/counsellor.py (not only by chance)."""
    asked = {c.args[0].value for p in TEMPLATES for c in _t_calls(p) if c.args and isinstance(c.args[0], nodes.Const)}
    asked |= set(
        re.findall(r"""text\(\s*"(counsellor_page\.[a-z_.]+)"\s*\)""", (ROOT / "channels/counsellor.py").read_text())
    )
    keys = {k for k in CAT.by_language["nl"] if k.startswith("counsellor_page.")}
    assert keys - asked == set()


def test_t_gives_plain_text_that_autoescape_escapes() -> None:
    for ui, want in (("nl", "Welkom, "), ("en", "Welcome, ")):
        t = counsellor._translator(ui)
        filled = t("counsellor_page.home.welcome", name="<b>{x}</b>")
        assert filled == want + "<b>{x}</b>" and not isinstance(filled, Markup)
        page = counsellor.ENV.from_string('<h1>{{ t("counsellor_page.home.welcome", name=n) }}</h1>')
        assert page.render(t=t, n="<b>\"{x}\" & 'y'</b>") == (
            f"<h1>{want}&lt;b&gt;&#34;{{x}}&#34; &amp; &#39;y&#39;&lt;/b&gt;</h1>"
        )


def test_live_script_takes_its_words_from_the_page() -> None:
    """counsellor.js has no wording of its own: it reads data-* attributes of #live-status, rendered from texts/."""
    script = (PAGES / "counsellor.js").read_text(encoding="utf-8")
    assert not re.search(r"""nl \?|["'][A-Z][a-z]+ [a-z]+[^"']*["']""", script), "wording in counsellor.js"
    wanted = set(re.findall(r"words\.([a-zA-Z]+)", script))
    assert wanted == {"ended", "loggedOut", "updated", "offline"}
    for name in ("session.html", "class.html"):
        page = (PAGES / name).read_text(encoding="utf-8")
        status = re.search(r'<p id="live-status"[^>]*>', page)
        assert status, name
        for word in wanted:
            attr = "data-" + re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), word)
            assert re.search(
                attr + r"""="\{\{ t\('counsellor_page\.live_status\.[a-z_]+'\) \}\}\"""", status.group(0)
            ), (
                name,
                attr,
            )
