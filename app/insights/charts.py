"""Charts and heatmaps the console draws on the server (SVG in the page, no script): monthly growth as bars,
the inter-network matrices as shaded cells. Hidden counts (fewer than five) are drawn as such, never guessed."""

import math

CHART_WIDTH, CHART_HEIGHT, CHART_BASE = 600, 160, 140  # SVG units; bars grow up from the base line
HEAT_LEVELS = 5


def monthly_bars(values: list, months: list[str]) -> dict:
    """Where to draw one monthly series as bars: ``{"bars": [{x, y, width, height, month, value}], "most",
    "first", "last"}``; a hidden month (None) is a short grey bar."""
    most = max((v for v in values if v is not None), default=0)
    step = CHART_WIDTH / max(len(values), 1)
    bars = []
    for column, (month, value) in enumerate(zip(months, values, strict=True)):
        height = 6 if value is None else (CHART_BASE - 10) * (value / most if most else 0)
        bars.append(
            {
                "x": round(column * step + step * 0.15, 1),
                "y": round(CHART_BASE - height, 1),
                "width": round(step * 0.7, 1),
                "height": round(height, 1),
                "month": month,
                "value": value,
            }
        )
    return {"bars": bars, "most": most, "first": months[0] if months else "", "last": months[-1] if months else ""}


def heat_level(value: int | None, most: int) -> str:
    """The CSS class of a matrix cell: ``heat-0`` (none) to ``heat-5`` (the most, on a square-root scale),
    ``heat-hidden`` for a hidden count."""
    if value is None:
        return "heat-hidden"
    if not value or not most:
        return "heat-0"
    return f"heat-{min(HEAT_LEVELS, max(1, math.ceil(HEAT_LEVELS * math.sqrt(value / most))))}"


def heatmap(values: list[list[int | None]]) -> list[list[dict]]:
    """Each cell of a square matrix with its value and shade; the diagonal does not set the scale."""
    most = max((v for a, row in enumerate(values) for b, v in enumerate(row) if a != b and v is not None), default=0)
    return [[{"value": v, "level": heat_level(v, most)} for v in row] for row in values]
