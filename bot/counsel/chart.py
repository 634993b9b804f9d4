"""The interest chart of the counsellor's live page: a plain SVG bar chart, built as text in well under a
millisecond. The report draws the same bars with matplotlib (bot/counsel/report.py); on the live page that cost
~30 ms of the server's event loop per update, which 30 pupils chatting at once turned into seconds of delay."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from .view import Bar

ROW, LABEL_WIDTH, BAR_WIDTH, FONT = 26, 260, 240, 13
BAR_COLOUR, INK = "#0b5394", "#1b1b1b"


def _clip(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bars_svg(bars: Sequence[Bar], title: str) -> str:
    """Inline SVG (role img, with a title) of horizontal bars 0..1; "" when there are none. All text escaped."""
    if not bars:
        return ""
    height = ROW * len(bars) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 50
    parts = [
        f'<svg role="img" class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for n, bar in enumerate(bars):
        value = 0.0 if bar.value is None or math.isnan(bar.value) else max(0.0, min(1.0, float(bar.value)))
        y = 4 + n * ROW
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW / 2 + 4:.0f}" text-anchor="end" font-size="{FONT}" '
            f'fill="{INK}">{escape(_clip(str(bar.label)))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{BAR_WIDTH * value:.1f}" height="{ROW - 10}" '
            f'fill="{BAR_COLOUR}"></rect>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH * value + 6:.1f}" y="{y + ROW / 2 + 4:.0f}" '
            f'font-size="{FONT - 1}" fill="{INK}">{round(value * 100)}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
