"""Charts as inline SVG (matplotlib, Agg backend; text as paths so the file needs no fonts, no CDN)."""
from __future__ import annotations

import io
from collections.abc import Sequence

AGENT_COLOUR, TEAM_COLOUR, GOOD_COLOUR = "#1f5fa8", "#b9c1cc", "#1b7f3b"


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "path", "font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False, "svg.hashsalt": "escucha"})
    return plt


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    _plt().close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: the SVG sits inside HTML


def grouped_bars(labels: Sequence[str], series: dict[str, Sequence[float]], *, title: str, xlabel: str,
                 colours: Sequence[str] = (AGENT_COLOUR, TEAM_COLOUR)) -> str:
    """Horizontal bars, one group per label, one bar per series (e.g. the agent against the team)."""
    plt = _plt()
    n = max(len(labels), 1)
    fig, ax = plt.subplots(figsize=(7, 0.45 * n * max(len(series), 1) * 0.6 + 1.2))
    height = 0.8 / max(len(series), 1)
    for i, ((name, values), colour) in enumerate(zip(series.items(), colours)):
        ys = [y + i * height for y in range(len(labels))]
        bars = ax.barh(ys, values, height=height, label=name, color=colour)
        ax.bar_label(bars, labels=[f"{v:g}" for v in values], padding=2, fontsize=8)
    ax.set_yticks([y + height * (len(series) - 1) / 2 for y in range(len(labels))], labels)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(frameon=False, loc="lower right")
    return _svg(fig)


def lines(x: Sequence[str], series: dict[str, Sequence[float | None]], *, title: str, ylabel: str,
          colours: Sequence[str] = (AGENT_COLOUR, "#8d99a8", GOOD_COLOUR, "#b86e00", "#7a3e9d")) -> str:
    """One line per series over the same x (e.g. weeks); None leaves a gap."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 2.8))
    for (name, values), colour in zip(series.items(), colours):
        ax.plot(list(x), [float("nan") if v is None else v for v in values], marker="o", label=name, color=colour)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(frameon=False)
    ax.grid(axis="y", color="#eef1f4")
    return _svg(fig)
