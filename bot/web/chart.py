"""Stacked bars per day as an inline SVG, drawn on the server (no script, no chart library in the page)."""

from __future__ import annotations

from html import escape

from bot.web.overview import Series

PALETTE = ["#2f6fdf", "#e07b24", "#2a9d5c", "#c43d5a", "#7a5bd1", "#8c6d1f", "#1f9bb3", "#777777"]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 200, 36, 24, 8


def stacked_bars(series: Series, title: str) -> str:
    """An accessible SVG: a <title>, one <rect> per day and name (with its count as a tooltip), a legend."""
    days = series.days
    totals = [sum(c[i] for c in series.counts.values()) for i in range(len(days))]
    top = max(totals, default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(1, len(days))
    bar = max(2.0, slot * 0.7)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT + 22}" '
             f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 8}" y2="{TOP + plot_h}" stroke="#999"/>',
             f'<text x="{LEFT - 4}" y="{TOP + 10}" text-anchor="end" class="axis">{top}</text>',
             f'<text x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end" class="axis">0</text>']
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series.counts)}
    for i, day in enumerate(days):
        x = LEFT + i * slot + (slot - bar) / 2
        y = float(TOP + plot_h)
        for name, counts in series.counts.items():
            n = counts[i]
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colors[name]}">'
                         f'<title>{escape(name)} {day.isoformat()}: {n}</title></rect>')
        if len(days) <= 16 or i % 2 == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle" class="axis">'
                         f'{day.strftime("%d %b")}</text>')
    x = float(LEFT)
    for name, color in colors.items():
        parts.append(f'<rect x="{x}" y="{HEIGHT + 6}" width="10" height="10" fill="{color}"/>'
                     f'<text x="{x + 14}" y="{HEIGHT + 15}" class="legend">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    if not series.counts:
        parts.append(f'<text x="{WIDTH / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" class="axis">'
                     'nothing yet</text>')
    parts.append("</svg>")
    return "".join(parts)
