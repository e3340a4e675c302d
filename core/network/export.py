"""Network exports as bytes: GraphML and GEXF for Gephi, CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from typing import Any

import networkx as nx

__all__ = [
    "edges_csv_bytes",
    "gexf_bytes",
    "graphml_bytes",
    "nodes_csv_bytes",
    "safe_cell",
]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Cell openings a spreadsheet may run as a formula (OWASP CSV injection)."""

_PRIVATE_SCORES = ("fitness", "sharing")
"""Node attributes holding individual assessment scores, left out unless asked for."""


def graphml_bytes(
    graph: nx.DiGraph, *, include_names: bool = True, include_scores: bool = False
) -> bytes:
    """The network as GraphML (UTF-8), which Gephi, yEd and igraph open.

    Parameters
    ----------
    graph : networkx.DiGraph
        Network from `core.network.graph.build_graph`.
    include_names : bool
        Keep the ``name`` attribute; ``False`` leaves only ids (for anonymous maps).
    include_scores : bool
        Keep individual ``fitness`` and ``sharing`` scores.

    Returns
    -------
    bytes

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("a", name="Åse", department=None)
    >>> G.add_edge("a", "b", weight=2.0)
    >>> data = graphml_bytes(G)
    >>> b"\\xc3\\x85se" in data, b"department" in data
    (True, False)

    Notes
    -----
    Attributes whose value is ``None`` are left out (GraphML has no null).
    """
    buffer = io.BytesIO()
    nx.write_graphml(_exportable(graph, include_names, include_scores), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_bytes(
    graph: nx.DiGraph, *, include_names: bool = True, include_scores: bool = False
) -> bytes:
    """The network as GEXF 1.2 (UTF-8), Gephi's own format; names become node labels.

    Parameters
    ----------
    graph : networkx.DiGraph
        Network from `core.network.graph.build_graph`.
    include_names : bool
        Use names as labels; ``False`` labels nodes with their ids.
    include_scores : bool
        Keep individual ``fitness`` and ``sharing`` scores.

    Returns
    -------
    bytes

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b")])
    >>> G.nodes["a"]["name"] = "Ada"
    >>> b'label="Ada"' in gexf_bytes(G), b'label="Ada"' in gexf_bytes(G, include_names=False)
    (True, False)
    """
    H = _exportable(graph, include_names, include_scores)
    for node, data in H.nodes(data=True):
        data["label"] = str(data.pop("name", node))
    buffer = io.BytesIO()
    nx.write_gexf(H, buffer, encoding="utf-8")
    return buffer.getvalue()


def edges_csv_bytes(graph: nx.DiGraph, *, delimiter: str = ",") -> bytes:
    """Ties as CSV: ``source, target, weight, relation`` (UTF-8 with BOM for Excel).

    Parameters
    ----------
    graph : networkx.DiGraph
        Network from `core.network.graph.build_graph`.
    delimiter : str
        Field separator; ``";"`` suits spreadsheets set up for Norwegian.

    Returns
    -------
    bytes

    Examples
    --------
    >>> G = nx.DiGraph([("a", "=b", {"weight": 3.0, "relation": "advice"})])
    >>> edges_csv_bytes(G).decode("utf-8-sig").splitlines()
    ['source,target,weight,relation', "a,'=b,3.0,advice"]
    """
    rows: list[list[object]] = [["source", "target", "weight", "relation"]]
    for u, v, data in graph.edges(data=True):
        rows.append([u, v, data.get("weight", 1.0), data.get("relation", "")])
    return _csv(rows, delimiter)


def nodes_csv_bytes(
    graph: nx.DiGraph,
    *,
    metrics: Mapping[str, Mapping[str, Any]] | None = None,
    include_names: bool = True,
    include_scores: bool = False,
    delimiter: str = ",",
) -> bytes:
    """People as CSV: id, attributes and (optionally) metrics, one row each.

    Parameters
    ----------
    graph : networkx.DiGraph
        Network from `core.network.graph.build_graph`.
    metrics : mapping, optional
        ``NetworkAnalysis.to_dict()["people"]``: added as columns; the brokerage dict
        becomes ``brokerage_<role>`` columns.
    include_names : bool
        Keep the ``name`` column.
    include_scores : bool
        Keep individual ``fitness`` and ``sharing`` scores.
    delimiter : str
        Field separator.

    Returns
    -------
    bytes
        UTF-8 with a byte-order mark, so Excel shows æøå correctly.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b")])
    >>> G.nodes["a"]["name"] = "@Ada"
    >>> nodes_csv_bytes(G, metrics={"a": {"in_degree": 0, "ei_index": -0.5}}).decode(
    ...     "utf-8-sig").splitlines()
    ['id,name,in_degree,ei_index', "a,'@Ada,0,-0.5", 'b,,,']
    """
    H = _exportable(graph, include_names, include_scores)
    flat = {str(node): _flatten(values) for node, values in (metrics or {}).items()}
    columns: list[str] = []
    for _, data in H.nodes(data=True):
        columns.extend(c for c in data if c not in columns)
    for values in flat.values():
        columns.extend(c for c in values if c not in columns)
    rows: list[list[object]] = [["id", *columns]]
    for node, data in H.nodes(data=True):
        merged = {**data, **flat.get(str(node), {})}
        rows.append([node, *(merged.get(c, "") for c in columns)])
    return _csv(rows, delimiter)


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formula injection in one CSV cell.

    Text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
    single quote, so Excel and LibreOffice show it as text instead of running it.
    Numbers pass through unchanged (a negative E-I index stays a number).

    Parameters
    ----------
    value : object

    Returns
    -------
    object

    Examples
    --------
    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-1"), safe_cell(-0.5), safe_cell("Kari")
    ("'=HYPERLINK(1)", "'-1", -0.5, 'Kari')

    References
    ----------
    .. [1] OWASP, CSV Injection. https://owasp.org/www-community/attacks/CSV_Injection
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _exportable(graph: nx.DiGraph, include_names: bool, include_scores: bool) -> nx.DiGraph:
    """Copy without ``None`` values (and without names or scores unless wanted)."""
    dropped = set() if include_names else {"name"}
    if not include_scores:
        dropped |= set(_PRIVATE_SCORES)
    H = nx.DiGraph()
    H.graph.update({k: v for k, v in graph.graph.items() if _writable(v)})
    for node, data in graph.nodes(data=True):
        H.add_node(node, **{k: v for k, v in data.items() if k not in dropped and _writable(v)})
    for u, v, data in graph.edges(data=True):
        H.add_edge(u, v, **{k: x for k, x in data.items() if _writable(x)})
    return H


def _writable(value: object) -> bool:
    """Whether GraphML/GEXF can store the value (no None, no containers, no NaN)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (str, int, bool))


def _flatten(values: Mapping[str, Any]) -> dict[str, Any]:
    """One level of nested dicts becomes ``<key>_<inner key>`` columns."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, Mapping):
            flat.update({f"{key}_{inner}": x for inner, x in value.items()})
        else:
            flat[key] = "" if value is None else value
    return flat


def _csv(rows: list[list[object]], delimiter: str) -> bytes:
    """Write rows with every text cell made safe; UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
