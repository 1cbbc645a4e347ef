"""The weekly chart is a real PNG whose bars match the data: decoded with Pillow, measured pixel by pixel."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from agents.reports.chart import COMPLETED, CREATED, HEIGHT, OPEN, WIDTH, render

DAILY = [(date(2026, 11, 17) + timedelta(days=i), done, new)
         for i, (done, new) in enumerate([(4, 0), (3, 2), (0, 6), (4, 1), (3, 3), (2, 0), (1, 5)])]
STATUSES = [("in progress", 7), ("to do", 2), ("in review", 0), ("needs fix", 5)]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def bar_height(image: Image.Image, x: float, area: tuple[float, float, float, float], colour: str) -> int:
    """Pixels of the bar's colour in its centre column, inside the plot area."""
    _, top, _, bottom = area
    want = rgb(colour)
    return sum(1 for y in range(int(top), int(bottom) + 1) if image.getpixel((round(x), y))[:3] == want)


def test_chart_is_a_png_of_the_expected_size_and_not_blank() -> None:
    chart = render(DAILY, STATUSES, "Weekly report")
    image = Image.open(io.BytesIO(chart.png))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
    pixels = list(image.convert("RGB").getdata())
    coloured = sum(1 for p in pixels if p != (255, 255, 255))
    assert coloured / len(pixels) > 0.05
    assert {rgb(COMPLETED), rgb(CREATED), rgb(OPEN)} <= set(pixels)


def test_every_bar_is_as_tall_as_its_count() -> None:
    chart = render(DAILY, STATUSES, "Weekly report")
    image = Image.open(io.BytesIO(chart.png)).convert("RGB")
    for series, colour, area in (("completed", COMPLETED, "daily"), ("created", CREATED, "daily"),
                                 ("open", OPEN, "status")):
        bars = chart.bars[series]
        expected = {"completed": [d[1] for d in DAILY], "created": [d[2] for d in DAILY],
                    "open": [n for _, n in STATUSES]}[series]
        assert [value for _, value in bars] == expected
        heights = [bar_height(image, x, chart.areas[area], colour) for x, _ in bars]
        unit = max(heights) / max(expected)  # pixels per task, the same for every bar of a panel
        assert unit > 20
        for height, value in zip(heights, expected, strict=True):
            assert abs(height - value * unit) <= 2, (series, heights, expected)
    # left to right in the order of the data: a chart with the days shuffled would fail above
    xs = [x for x, _ in chart.bars["completed"]]
    assert xs == sorted(xs)


def test_an_empty_week_still_draws() -> None:
    chart = render([(d, 0, 0) for d, _, _ in DAILY], [], "Weekly report")
    image = Image.open(io.BytesIO(chart.png)).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    left, top, right, bottom = chart.areas["daily"]
    plot = image.crop((int(left) + 1, int(top) + 1, int(right), int(bottom)))
    assert not {rgb(COMPLETED), rgb(CREATED)} & set(plot.getdata())  # the legend's swatches sit above the plot
    assert rgb(COMPLETED) in set(image.getdata())
