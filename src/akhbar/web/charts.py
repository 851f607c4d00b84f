"""Server-side inline SVG charts: reports of a story over time, mentions of an entity.

No JavaScript: each chart is an ``<svg role="img">`` with a ``<title>``, one ``<rect>``
per time bin (each with its own ``<title>`` as a tooltip), and its first and last dates.
Time runs right to left, the direction Urdu is read in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from akhbar.web.reader.format import PKT, as_utc, digits, urdu_date, urdu_datetime

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
STEPS: tuple[timedelta, ...] = (
    HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
    14 * DAY,
    30 * DAY,
    91 * DAY,
    365 * DAY,
)
_EPOCH = datetime(1970, 1, 5, tzinfo=PKT)  # a Monday: day and week bins start at midnight PKT


@dataclass(frozen=True, slots=True)
class Bin:
    """A half-open time interval ``[start, end)`` and how many events fell in it."""

    start: datetime
    end: datetime
    count: int


def choose_step(first: datetime, last: datetime, max_bins: int = 24) -> timedelta:
    """The smallest step from ``STEPS`` that covers ``first``..``last`` in ``max_bins`` bins."""
    span = last - first
    for step in STEPS:
        if span < step * max_bins:
            return step
    return STEPS[-1]


def _floor(moment: datetime, step: timedelta) -> datetime:
    return _EPOCH + step * ((moment - _EPOCH) // step)


def bins(times: Sequence[datetime], max_bins: int = 24, min_bins: int = 7) -> list[Bin]:
    """Counts of ``times`` per bin, with empty bins kept and a little room on each side."""
    moments = sorted(as_utc(t) for t in times)
    if not moments:
        return []
    step = choose_step(moments[0], moments[-1], max_bins)
    if step < DAY and all(_floor(m, DAY) == m for m in moments):
        step = DAY  # dates without a time of day: never cut a day into hours
    start = _floor(moments[0], step)
    stop = _floor(moments[-1], step) + step
    total = max(1, (stop - start) // step)
    if total < min_bins:
        before = (min_bins - total) // 2
        start -= step * before
        stop += step * (min_bins - total - before)
        total = min_bins
    counts = [0] * total
    for moment in moments:
        counts[min(total - 1, (moment - start) // step)] += 1
    return [Bin(start + step * i, start + step * (i + 1), n) for i, n in enumerate(counts)]


def _label(moment: datetime, step: timedelta, style: str) -> str:
    return urdu_datetime(moment, style) if step < DAY else urdu_date(moment, style)


def timeline_svg(
    times: Sequence[datetime],
    *,
    label: str,
    unit: str = "رپورٹیں",
    style: str = "urdu",
    width: int = 480,
    height: int = 160,
) -> str:
    """An inline SVG bar chart of ``times`` binned over time (empty string when no times).

    >>> svg = timeline_svg([datetime(2014, 12, 1, 9), datetime(2014, 12, 2, 11)], label="x")
    >>> svg.startswith("<svg") and svg.count('class="bar"') >= 2
    True
    """
    series = bins(times)
    if not series:
        return ""
    step = series[0].end - series[0].start
    top, bottom, side = 24, 42, 8
    plot_h = height - top - bottom
    plot_w = width - 2 * side
    slot = plot_w / len(series)
    gap = min(6.0, slot * 0.2)
    peak = max(b.count for b in series)
    total = sum(b.count for b in series)
    summary = f"{label}: {digits(total, style)} {unit}، {_label(series[0].start, step, style)}"
    summary += f" تا {_label(series[-1].start, step, style)}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" role="img" aria-label="{escape(summary)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(summary)}</title>",
        f'<line class="axis" x1="{side}" y1="{top + plot_h}" x2="{width - side}" '
        f'y2="{top + plot_h}" stroke="#8a8178" stroke-width="1"/>',
        f'<line class="grid" x1="{side}" y1="{top}" x2="{width - side}" y2="{top}" '
        f'stroke="#d9d2c5" stroke-width="1" stroke-dasharray="3 4"/>',
        f'<text class="peak" x="{side}" y="{top - 6}" text-anchor="start" '
        f'font-size="15" fill="#6b6259">{escape(digits(peak, style))}</text>',
    ]
    for i, current in enumerate(series):
        x = width - side - (i + 1) * slot + gap / 2
        bar_h = 0.0 if peak == 0 else plot_h * current.count / peak
        if current.count and bar_h < 3:
            bar_h = 3.0
        y = top + plot_h - bar_h
        tip = f"{_label(current.start, step, style)}: {digits(current.count, style)} {unit}"
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot - gap:.1f}" '
            f'height="{bar_h:.1f}" rx="2" fill="#9b2c2c"><title>{escape(tip)}</title></rect>'
        )
    first, last = series[0].start, series[-1].start
    base_y = top + plot_h + 26
    parts.append(
        f'<text class="tick" x="{width - side}" y="{base_y}" text-anchor="start" '
        f'direction="rtl" font-size="15" fill="#6b6259">{escape(_label(first, step, style))}</text>'
    )
    if len(series) > 1:
        parts.append(
            f'<text class="tick" x="{side}" y="{base_y}" text-anchor="end" direction="rtl" '
            f'font-size="15" fill="#6b6259">{escape(_label(last, step, style))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
