"""Render network views to self-contained HTML served by the app (no CDN).

We use our own template, ``viz/templates/network.html``, not pyvis's: pyvis's template loads
bootstrap and tom-select from CDNs, and even with ``cdn_resources="in_line"`` writes stray
local ``lib/`` paths into the page. Ours loads vis-network from ``/static/vendor`` (the copy
bundled inside pyvis, served by the app), embeds the view's data as JSON, and exposes the
``window.pgView`` contract that the browser tests and the benchmark use (``docs/viz.md``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape
from markupsafe import Markup

from api.pages import TEMPLATES_DIR as HUB_TEMPLATES_DIR
from viz.network import (
    DUPLICATION,
    EDGE_STYLES,
    MORE,
    NODE_STYLES,
    OVERLAP,
    RELATIONSHIP_STYLE,
    EdgeStyle,
    View,
)

# vis-network, tom-select and pyvis's bindings, as shipped inside the pyvis package; the app
# serves this folder at /static/vendor so that no page reaches for a CDN.
VENDOR_DIR = Path(pyvis.__file__).parent / "templates" / "lib"
TEMPLATE_DIR = Path(__file__).parent / "templates"

VIS_JS: Final = "/static/vendor/vis-9.1.2/vis-network.min.js"
VIS_CSS: Final = "/static/vendor/vis-9.1.2/vis-network.css"

# The legend's drawing of each vis-network shape, in a 16×16 box (no xmlns: inline SVG in
# HTML needs none, and the page must not name any http URL).
_SHAPES: Final[dict[str, str]] = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
    "box": '<rect x="1" y="3" width="14" height="10" rx="2"/>',
    "database": '<path d="M2,4 a6,2 0 0,0 12,0 a6,2 0 0,0 -12,0 v8 a6,2 0 0,0 12,0 v-8"/>',
    "ellipse": '<ellipse cx="8" cy="8" rx="7" ry="5" stroke="#8a939e" stroke-dasharray="2 2"/>',
}

# The pages extend the hub's base template ("hub/base.html"): one head and top bar for all.
_env = Environment(
    loader=ChoiceLoader(
        [FileSystemLoader(TEMPLATE_DIR), PrefixLoader({"hub": FileSystemLoader(HUB_TEMPLATES_DIR)})]
    ),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _shape_icon(color: str, shape: str) -> Markup:
    inner = _SHAPES.get(shape, _SHAPES["dot"])
    return Markup(
        f'<svg class="legend-icon" width="16" height="16" viewBox="0 0 16 16" '
        f'fill="{color}" aria-hidden="true">{inner}</svg>'
    )


def _line_icon(style: EdgeStyle) -> Markup:
    dashes = f' stroke-dasharray="{" ".join(map(str, style.dashes))}"' if style.dashes else ""
    return Markup(
        f'<svg class="legend-icon" width="36" height="12" viewBox="0 0 36 12" aria-hidden="true">'
        f'<line x1="1" y1="6" x2="35" y2="6" stroke="{style.color}" '
        f'stroke-width="{min(style.width, 5)}"{dashes}/></svg>'
    )


def legend(view: View) -> dict[str, list[dict[str, Any]]]:
    """The legend of a view: the node types it shows, and the edge styles (duplication and
    overlap always, so a reader learns what red means before it appears)."""
    present_nodes = {node["type"] for node in view.nodes}
    present_edges = {edge["type"] for edge in view.edges}
    nodes = [
        {"type": t, "name": s.name, "icon": _shape_icon(s.color, s.shape)}
        for t, s in NODE_STYLES.items()
        if t in present_nodes
    ]
    edges = [
        {
            "type": "relationship",
            "name": RELATIONSHIP_STYLE.name,
            "icon": _line_icon(RELATIONSHIP_STYLE),
        }
    ]
    for t, s in EDGE_STYLES.items():
        if t in (DUPLICATION, OVERLAP) or t in present_edges:
            edges.append({"type": t, "name": s.name, "icon": _line_icon(s)})
    return {"nodes": nodes, "edges": edges}


def render_view(view: View) -> str:
    """The page of one network view."""
    hidden_total = sum(view.hidden.values())
    more = [f"{count} {NODE_STYLES[t].plural}" for t, count in view.hidden.items() if t != MORE]
    return _env.get_template("network.html").render(
        view=view,
        legend=legend(view),
        hidden_total=hidden_total,
        hidden_text=", ".join(more),
        vis_js=VIS_JS,
        vis_css=VIS_CSS,
    )


def render_error(status: int, title: str, message: str) -> str:
    """An error page in the hub's look (the JSON API keeps its own error shape)."""
    return _env.get_template("error.html").render(status=status, title=title, message=message)
