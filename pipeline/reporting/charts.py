"""Charts of a report, drawn with matplotlib from the figures: PNG bytes plus alt text from the data.

The same records give the same bytes: the Agg backend, the DejaVu Sans font
shipped with matplotlib, a fixed size and resolution, and no metadata that
names the software or the time. Alt text is written from the same numbers,
so a screen-reader user learns what a sighted reader sees (zákon č. 99/2019 Sb.).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.reporting.figures import format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis

BLUE = "#1f3a60"
LIGHT = "#8fa8c8"
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.hashsalt": "pipeline",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
}


@dataclass(frozen=True)
class Chart:
    """A rendered chart: its name inside the report, caption, alt text and PNG bytes."""

    name: str
    caption: str
    alt: str
    png: bytes

    @property
    def file_name(self) -> str:
        """Return the name the body cites the chart by (no such file exists: its bytes are handed over)."""
        return f"grafy/{self.name}.png"


def _draw(width: float, height: float, paint: Callable[..., None]) -> bytes:
    """Return the PNG of a figure of ``width`` × ``height`` inches that ``paint(axes)`` draws."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(width, height), dpi=150, layout="constrained")
        paint(figure.add_subplot())
        buffer = io.BytesIO()
        # No "Software" or time chunk: the bytes depend only on the data.
        figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


def _czech_axis(axis: Axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(value, 1)))


def month_label(month: dt.date) -> str:
    """Return ``3/2024`` for a month (short enough for an axis)."""
    return f"{month.month}/{month.year}"


def monthly_hours(name: str, type_name: str, months: list[tuple[dt.date, float]]) -> Chart:
    """Return a bar chart of the hours of one event type in each month (months without events show 0)."""
    labels = [month_label(month) for month, _ in months]
    values = [hours for _, hours in months]

    def paint(axes: Axes) -> None:
        axes.bar(range(len(values)), values, color=BLUE)
        axes.set_xticks(range(len(values)), labels, rotation=90 if len(values) > 12 else 0)
        axes.set_ylabel("hodiny")
        _czech_axis(axes.yaxis)

    from babel.dates import format_date

    def month_name(month: dt.date) -> str:
        return format_date(month, "MMMM yyyy", locale="cs_CZ")  # genitive: "od ledna 2024"

    peak_month, peak = max(months, key=lambda item: (item[1], -item[0].toordinal()))
    alt = (
        f"Sloupcový graf hodin typu {type_name.lower()} po měsících od {month_name(months[0][0])}"
        f" do {month_name(months[-1][0])}: celkem {format_number(sum(values))} h,"
        f" nejvíce {format_number(peak)} h za měsíc {month_label(peak_month)}."
        " Hodnoty po měsících: "
        + "; ".join(f"{label} {format_number(value)}" for label, value in zip(labels, values)) + "."
    )
    return Chart(name, f"{type_name}: hodiny po měsících", alt, _draw(6.3, 2.8, paint))


def events_by_type(name: str, rows: list[tuple[str, int]]) -> Chart:
    """Return a horizontal bar chart of the number of events of each type."""
    labels = [label for label, _ in rows]
    values = [count for _, count in rows]

    from matplotlib.ticker import MaxNLocator

    def paint(axes: Axes) -> None:
        positions = range(len(values))
        axes.barh(positions, values, color=BLUE)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel("počet událostí")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        _czech_axis(axes.xaxis)
        for position, value in zip(positions, values):
            axes.annotate(format_number(value), (value, position), xytext=(3, 0),
                          textcoords="offset points", va="center")

    alt = (
        f"Pruhový graf počtu událostí podle typu, celkem {format_number(sum(values))}: "
        + "; ".join(f"{label} {format_number(value)}" for label, value in rows) + "."
    )
    return Chart(name, "Počet událostí podle typu", alt, _draw(6.3, 0.5 + 0.35 * len(rows), paint))


def indicators_against_targets(name: str, rows: list[tuple[str, float]]) -> Chart:
    """Return a horizontal bar chart of each indicator's achieved value in percent of its target."""
    labels = [label for label, _ in rows]
    values = [value for _, value in rows]

    def paint(axes: Axes) -> None:
        positions = range(len(values))
        axes.barh(positions, values, color=[BLUE if v >= 100 else LIGHT for v in values])
        axes.axvline(100, color="#b22222", linewidth=1)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel("plnění cílové hodnoty (%)")
        axes.set_xlim(0, max(120.0, max(values, default=0) * 1.1))
        _czech_axis(axes.xaxis)
        for position, value in zip(positions, values):
            axes.annotate(f"{format_number(value, 1)} %", (value, position), xytext=(3, 0),
                          textcoords="offset points", va="center")

    alt = (
        "Pruhový graf plnění indikátorů v procentech cílové hodnoty (svislá čára je 100 %): "
        + "; ".join(f"{label} {format_number(value, 1)} %" for label, value in rows) + "."
    )
    return Chart(name, "Plnění indikátorů vůči cílovým hodnotám", alt, _draw(6.3, 0.6 + 0.4 * len(rows), paint))
