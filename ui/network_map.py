"""The one wrapper around streamlit-agraph, so the map widget can be replaced in one place.

Pages never import streamlit_agraph. The component (vis-network in an iframe) returns the
id of the node last clicked, or None. Node hover titles are escaped here because the
component turns them into HTML.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from streamlit_agraph import Config, Edge, Node, agraph

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; colour is never
# the only carrier of meaning (the table beside the map has every value as words).
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
MISSING_COLOUR = "#9E9E9E"


@dataclass(frozen=True)
class MapNode:
    """A person on the map."""

    id: str
    label: str
    colour: str
    in_degree: int
    title: str = ""
    highlight: bool = False
    responded: bool = True


@dataclass(frozen=True)
class MapEdge:
    """A tie: from the person who asked to the person they go to."""

    source: str
    target: str
    weight: float = 1.0


def network_map(
    nodes: Sequence[MapNode], edges: Sequence[MapEdge], *, height: int = 460
) -> str | None:
    """Draw the map; returns the id of the person clicked, or None."""
    vis_nodes = [
        Node(
            id=n.id,
            label=n.label,
            title=html.escape(n.title or n.label),
            color=n.colour,
            size=8 + 5 * math.sqrt(n.in_degree),
            shape="star" if n.highlight else ("dot" if n.responded else "diamond"),
            borderWidth=3 if n.highlight else 1,
            font={"size": 12, "color": "#1a1a1a"},
        )
        for n in nodes
    ]
    vis_edges = [
        Edge(
            source=e.source,
            target=e.target,
            color="#8a8a8a",
            width=0.5 + e.weight / 2,
            arrows="to",
        )
        for e in edges
    ]
    config = Config(
        height=height,
        width="100%",
        directed=True,
        physics=True,
        stabilization=True,
        fit=True,
        solver="forceAtlas2Based",
        nodeHighlightBehavior=True,
    )
    # Config formats width as "<width>px"; the component accepts any CSS length.
    config.width = "100%"
    clicked = agraph(nodes=vis_nodes, edges=vis_edges, config=config)
    return str(clicked) if clicked else None


def colour_for(value: object, order: Sequence[object]) -> str:
    """A stable palette colour for a category, grey when the value is missing."""
    if value is None or value not in order:
        return MISSING_COLOUR
    return PALETTE[list(order).index(value) % len(PALETTE)]
