"""Text bar charts of 5S scores, drawn with block characters so they work in any terminal."""

from __future__ import annotations

from field_app.i18n import _, format_percent, format_points
from field_app.scoring import AuditScore, change_per_pillar

BAR_WIDTH = 16
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(percent: float | None, width: int = BAR_WIDTH) -> str:
    """A bar `width` cells wide, filled to `percent` in eighths of a cell."""
    if percent is None:
        return "·" * width
    eighths = round(max(0.0, min(100.0, percent)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text + " " * (width - len(text))


def _colour(percent: float | None) -> str:
    if percent is None:
        return "$text-muted"
    if percent >= 80:
        return "$success"
    if percent >= 60:
        return "$warning"
    return "$error"


PCT_WIDTH = 6
"""Cells of the widest % ("100,0%")."""


def _pct(percent: float | None) -> str:
    return f"{format_percent(percent):>{PCT_WIDTH}}"


def score_chart(score: AuditScore, width: int = 0) -> str:
    """One line per pillar and a total line: label, bar, % and items counted (Rich markup).

    Each line fits in `width` cells (0: no limit), so a pillar never wraps onto two lines
    on a narrow terminal: the pillar's name goes first (its S1..S5 stays), then the bar
    shrinks down to a few cells.
    """
    lines = []
    rows = [*score.pillars, score.total]
    total = _("Total")
    short = max((len(p.short) for p in score.pillars), default=2)
    title = max((len(p.title) for p in score.pillars), default=8)
    counted = max(len(f"{p.applicable}/{p.items}") for p in rows)
    fixed = 1 + 1 + PCT_WIDTH + 2 + counted  # spaces, "100,0%" and the count
    label_width = max(short + 1 + title, len(total))
    bar_width = BAR_WIDTH
    if width and label_width + fixed + bar_width > width:
        bar_width = width - fixed - label_width  # a shorter bar first, down to half
        if bar_width < BAR_WIDTH // 2:
            title = 0  # then the name goes; S1..S5 says which pillar it is
            label_width = max(short, len(total))
            bar_width = max(4, min(BAR_WIDTH, width - fixed - label_width))
    for pillar in rows:
        name = f"{pillar.short:<{short}} {pillar.title}" if title else pillar.short
        label = f"{name:<{label_width}}"
        if pillar.key == "total":
            lines.append("")
            label = f"[b]{total:<{label_width}}[/b]"
        colour = _colour(pillar.percent)
        count = f"{pillar.applicable}/{pillar.items}"
        lines.append(
            f"{label} [{colour}]{bar(pillar.percent, bar_width)}[/] {_pct(pillar.percent)}  "
            f"[$text-muted]{count}[/]"
        )
    if score.total.not_applicable:
        lines.append(_("Not applicable, left out: {n} items").format(n=score.total.not_applicable))
    if score.band is not None:
        if score.provisional:
            # Not a verdict yet: the unscored items may still move it.
            band = f"[b $warning]{score.rating()}[/]"
        else:
            band = f"[b]{score.rating()}[/b]"
        lines.append(_("Rating: {band}").format(band=band))
    return "\n".join(lines)


def change_lines(now: AuditScore, before: AuditScore) -> str:
    """Change per pillar since the last audit of the same area, coloured by direction."""
    change = change_per_pillar(now, before)
    lines = []
    rows = [*now.pillars, now.total]
    olds = [before.total if p.key == "total" else before.pillar(p.key) for p in rows]
    # Columns as wide as what they hold, so a line fits the side panel at 80 columns.
    names = [_("Total") if p.key == "total" else p.short for p in rows]
    name_w = max(len(n) for n in names)
    shown = [format_percent(o.percent if o else None) for o in olds]
    shown += [format_percent(p.percent) for p in rows]
    pct_w = max(len(t) for t in shown)
    for pillar, old, name in zip(rows, olds, names, strict=True):
        delta = change.get(pillar.key)
        if delta is None:
            text = "[$text-muted]—[/]"
        elif delta > 0:
            text = f"[$success]▲ {format_points(delta)}[/]"
        elif delta < 0:
            text = f"[$error]▼ {format_points(delta)}[/]"
        else:
            text = "= " + format_points(0.0).lstrip("+")
        before_pct = format_percent(old.percent if old else None)
        now_pct = format_percent(pillar.percent)
        lines.append(f"{name:<{name_w}} {before_pct:>{pct_w}} → {now_pct:>{pct_w}}  {text}")
    return "\n".join(lines)
