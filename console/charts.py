"""Chart geometry for server-rendered SVG (templates/admin/venues/_bar_chart.html, _line_chart.html).

No JavaScript and no inline style: positions are SVG attributes, colours are CSS classes in
static/css/staff.css, so the charts hold under the strict Content-Security-Policy and print.
"""

import math
from dataclasses import dataclass

BAR_WIDTH = 640  # viewBox units; the SVG scales to its container
BAR_LABEL = 190  # room for a venue or province name on the left
BAR_ROW = 26
BAR_GAP = 6
LINE_WIDTH = 640
LINE_HEIGHT = 260
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 56, 44, 16, 40


def nice_max(value: float) -> float:
    """A round axis maximum ≥ value: 1, 2, 5 × 10ⁿ (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _ticks(maximum: float) -> list[float]:
    """Ticks from 0 to a :func:`nice_max` in whole, round steps (1 … 5, then 2, 5 or 10 × 10ⁿ)."""
    if maximum <= 5:
        count = max(int(maximum), 1)
    else:
        leading = round(maximum / 10 ** math.floor(math.log10(maximum)))
        count = {1: 5, 2: 4, 5: 5}.get(leading, 5)
    return [maximum * i / count for i in range(count + 1)]


def _fmt(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    ticks: list[Tick]
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    axis_y: float


def bar_chart(*, title: str, items: list[tuple[str, float]]) -> BarChart:
    """Horizontal bars (reads well on a phone however many rows): one per (label, value)."""
    maximum = nice_max(max((value for _label, value in items), default=0))
    plot = BAR_WIDTH - BAR_LABEL - 48
    bar_height = BAR_ROW - BAR_GAP
    bars = []
    for index, (label, value) in enumerate(items):
        y = 8 + index * BAR_ROW
        width = plot * (value / maximum) if maximum else 0
        bars.append(
            Bar(
                label=label[:14] + ("…" if len(label) > 14 else ""),
                value=value,
                display=_fmt(value),
                y=y,
                width=round(width, 1),
                text_y=y + bar_height / 2 + 5,
                value_x=round(BAR_LABEL + width + 6, 1),
            )
        )
    axis_y = 8 + len(items) * BAR_ROW
    ticks = [Tick(position=round(BAR_LABEL + plot * t / maximum, 1), label=_fmt(t)) for t in _ticks(maximum)]
    return BarChart(
        title=title,
        bars=bars,
        ticks=ticks,
        width=BAR_WIDTH,
        height=int(axis_y + 28),
        label_width=BAR_LABEL,
        plot_width=plot,
        bar_height=bar_height,
        axis_y=axis_y,
    )


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class LineChart:
    title: str
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float


def line_chart(*, title: str, x_labels: list[str], series: list[tuple[str, list[float]]]) -> LineChart:
    """One line per series over the x labels (weeks), with a dot per value."""
    maximum = nice_max(max((v for _name, values in series for v in values), default=0))
    plot_w = LINE_WIDTH - LINE_LEFT - LINE_RIGHT
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    step = plot_w / max(len(x_labels) - 1, 1)

    def x_at(i: int) -> float:
        return round(LINE_LEFT + (i * step if len(x_labels) > 1 else plot_w / 2), 1)

    def y_at(v: float) -> float:
        return round(LINE_TOP + plot_h * (1 - v / maximum), 1)

    lines = [
        Series(
            name=name,
            css=f"chart-series-{index + 1}",
            points=[Point(x=x_at(i), y=y_at(v), value=v, label=x_labels[i]) for i, v in enumerate(values)],
        )
        for index, (name, values) in enumerate(series)
    ]
    return LineChart(
        title=title,
        series=lines,
        x_ticks=[Tick(position=x_at(i), label=label) for i, label in enumerate(x_labels)],
        y_ticks=[Tick(position=y_at(t), label=_fmt(t)) for t in _ticks(maximum)],
        width=LINE_WIDTH,
        height=LINE_HEIGHT,
        left=LINE_LEFT,
        right=LINE_WIDTH - LINE_RIGHT,
        top=LINE_TOP,
        bottom=LINE_TOP + plot_h,
    )
