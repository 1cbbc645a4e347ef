"""The weekly chart: tasks completed vs created per day (last 7 days) and open work by status, as a PNG.

matplotlib is imported when a chart is drawn (not when pmbot starts), with the Agg canvas and no pyplot: no
global figure state, no display, safe in a server thread."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT, DPI = 1000, 420, 100
COMPLETED, CREATED, OPEN = "#2e7d32", "#1565c0", "#ef6c00"
MAX_STATUSES = 8


@dataclass
class Chart:
    """The PNG, where each bar was drawn (pixel x of its centre from the left, and its value) and each panel's
    plot area in image pixels (left, top, right, bottom; y from the top), for checking the picture."""

    png: bytes
    bars: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    areas: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)


def render(daily: list[tuple[date, int, int]], open_by_status: list[tuple[str, int]], title: str) -> Chart:
    """Two panels: grouped bars per day (completed, created), and one bar per open status."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    xs = list(range(len(daily)))
    width = 0.38
    done_bars = left.bar([x - width / 2 for x in xs], [d[1] for d in daily], width, color=COMPLETED, label="completed")
    new_bars = left.bar([x + width / 2 for x in xs], [d[2] for d in daily], width, color=CREATED, label="created")
    left.set_xticks(xs, [d[0].strftime("%a %d") for d in daily])
    # The legend sits above the bars' area, so it never covers a bar of the same colour.
    left.set_title("Completed vs created per day", pad=22)
    left.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False, borderaxespad=0.1)
    statuses = open_by_status[:MAX_STATUSES]
    open_bars = right.bar(range(len(statuses)), [n for _, n in statuses], 0.6, color=OPEN)
    right.set_xticks(range(len(statuses)), [s for s, _ in statuses], rotation=30, ha="right")
    right.set_title("Open work by status")
    for ax in (left, right):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(bottom=0, top=max([1, *(b.get_height() for b in ax.patches)]) * 1.15)
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(title)
    # Fixed margins instead of tight_layout (which measures every label in extra drawing passes).
    fig.subplots_adjust(left=0.05, right=0.985, bottom=0.2, top=0.8, wspace=0.12)

    def centres(bars: object, values: list[int]) -> list[tuple[float, int]]:
        found = []
        for patch, value in zip(bars, values, strict=True):  # type: ignore[call-overload]
            x0, _ = patch.get_window_extent().p0
            x1, _ = patch.get_window_extent().p1
            found.append((float(x0 + x1) / 2, value))
        return found

    def area(ax: object) -> tuple[float, float, float, float]:
        box = ax.get_window_extent()  # type: ignore[attr-defined]
        return float(box.x0), float(HEIGHT - box.y1), float(box.x1), float(HEIGHT - box.y0)

    out = io.BytesIO()
    canvas.print_png(out)  # the one drawing pass; the bars' places are known after it
    return Chart(out.getvalue(), {
        "completed": centres(done_bars, [d[1] for d in daily]),
        "created": centres(new_bars, [d[2] for d in daily]),
        "open": centres(open_bars, [n for _, n in statuses]),
    }, {"daily": area(left), "status": area(right)})
