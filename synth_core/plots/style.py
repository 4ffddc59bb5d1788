"""The look every plot shares: one colour-blind-safe colour per side, and one layout.

Real and synthetic data get one Okabe-Ito pair (blue and orange) on every plot; real rows the generator
never saw (the holdout) are green, and risk levels run green, orange, vermilion.
"""

from __future__ import annotations

from typing import Any

REAL_COLOUR = "#0072B2"
SYNTHETIC_COLOUR = "#E69F00"
HOLDOUT_COLOUR = "#009E73"
COLOURS = {"Real": REAL_COLOUR, "Synthetic": SYNTHETIC_COLOUR}
RISK_COLOURS = {"low": "#009E73", "medium": "#E69F00", "high": "#D55E00"}
PLOT_LAYOUT: dict[str, Any] = {
    "template": "plotly_white",
    "margin": {"l": 40, "r": 20, "t": 60, "b": 40},
    "legend_title_text": "",
}
