"""Shared pieces of the network pages: cached views, filters, the table, the map, exports."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.db import read_session
from core.insights import describe_finding
from core.instruments import load_instrument
from core.network_data import NetworkView, fitness_band, network_data_version, network_view
from core.repositories import participant_context, rounds_of
from ui.data import engine
from ui.network_map import MapEdge, MapNode, colour_for, network_map
from ui.text import lang, tr

SCOPE = "netmap.scope"
ROUND = "netmap.round"
RELATION = "netmap.relation"
COLOUR = "netmap.colour"


@st.cache_data(ttl=600, show_spinner=False, max_entries=200)
def _cached_view(
    viewer_id: int,
    round_id: int,
    scope: str,
    relation: str | None,
    version: tuple[int, ...],  # noqa: ARG001 (cache key)
) -> NetworkView:
    with read_session(engine()) as session:
        return network_view(
            session,
            viewer_id=viewer_id,
            round_id=round_id,
            scope="organisation" if scope == "organisation" else "group",
            relation=relation,
        )


def view(viewer_id: int, round_id: int, scope: str, relation: str | None) -> NetworkView:
    """The network the viewer may see, recomputed only when the round's data changed."""
    with read_session(engine()) as session:
        version = network_data_version(session, round_id=round_id)
    return _cached_view(viewer_id, round_id, scope, relation, version)


@st.cache_data(ttl=300, show_spinner=False)
def rounds_for(viewer_id: int) -> list[tuple[int, str]]:
    """The viewer's cohort's rounds as (id, name), newest first."""
    with read_session(engine()) as session:
        context = participant_context(session, viewer_id)
        if context is None:
            return []
        rounds = rounds_of(session, context[3].id or 0)
    return [(r.id or 0, r.name) for r in reversed(rounds) if r.status != "draft"]


def choose_round(rounds: list[tuple[int, str]], *, key: str = ROUND, index: int = 0) -> int:
    """A round selectbox; returns the round id."""
    names = dict(rounds)
    return int(
        st.selectbox(
            tr("netmap.round"), list(names), index=index, format_func=names.__getitem__, key=key
        )
    )


def choose_scope() -> str:
    """My group or my organisation."""
    labels = {scope: scope_label(scope) for scope in ("group", "organisation")}
    return str(
        st.radio(
            tr("netmap.scope"),
            list(labels),
            # A dict's lookup, not a function of the session: AppTest formats options
            # outside the script run, and session state must stay picklable.
            format_func=labels.__getitem__,
            horizontal=True,
            key=SCOPE,
        )
    )


def scope_label(scope: str) -> str:
    """The label of a scope option (module-level: session state must stay picklable)."""
    return tr(f"netmap.scope.{scope}")


def relation_label(relation: str | None) -> str:
    """The label of a relation option; None is "all relations"."""
    return tr("netmap.relation.all") if not relation else tr(f"netmap.rel.{relation}")


def colour_label(colour_by: str) -> str:
    """The label of a colouring option."""
    return tr(f"netmap.colour.{colour_by}")


def summary(data: NetworkView) -> None:
    """Response rate and what the viewer may see; stops the page when nothing may be shown."""
    if not data.names.visible:
        st.warning(
            tr(
                "netmap.suppressed",
                respondents=data.respondents,
                members=data.members,
                threshold=data.threshold,
            )
        )
        st.stop()
    st.write(
        tr(
            "netmap.summary",
            title=data.title,
            respondents=data.respondents,
            members=data.members,
            rate=round(100 * data.response_rate),
            ties=len(data.ties),
        )
    )
    st.caption(tr("netmap.named" if data.names.shows_names else "netmap.anonymous"))


def people_table(data: NetworkView) -> pd.DataFrame:
    """One row per person, every value the map shows as colour or size also as words."""
    bands = _band_labels()
    rows = []
    for person in data.people:
        metrics: dict[str, Any] = data.analysis["people"].get(person.id, {})
        band = fitness_band(person.fitness)
        label = person.name + (f" {tr('netmap.you')}" if person.id == data.viewer_id else "")
        rows.append(
            {
                tr("netmap.col.person"): label,
                tr("netmap.col.department"): person.department or "",
                tr("netmap.col.in_degree"): metrics.get("in_degree", 0),
                tr("netmap.col.out_degree"): metrics.get("out_degree", 0),
                tr("netmap.col.role"): tr(f"netmap.role.{metrics.get('role', 'none')}"),
                tr("netmap.col.community"): metrics.get("community", 0) + 1,
                tr("netmap.col.band"): bands.get(band or "", tr("netmap.no_band")),
                tr("netmap.col.responded"): tr("netmap.yes" if person.responded else "netmap.no"),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.sort_values(tr("netmap.col.in_degree"), ascending=False) if rows else frame


def draw_map(data: NetworkView, colour_by: str) -> str | None:
    """The map, coloured by department, fitness band or community; returns a clicked id."""
    people = data.analysis["people"]
    values = {p.id: _category(p, people.get(p.id, {}), colour_by) for p in data.people}
    order = sorted({v for v in values.values() if v is not None}, key=str)
    nodes = [
        MapNode(
            id=p.id,
            label=p.name,
            colour=colour_for(values[p.id], order),
            in_degree=int(people.get(p.id, {}).get("in_degree", 0)),
            title=f"{p.name} ({p.department or ''})",
            highlight=p.id == data.viewer_id,
            responded=p.responded,
        )
        for p in data.people
    ]
    edges = [MapEdge(t.source, t.target, t.weight) for t in data.ties]
    st.caption(tr("netmap.map_caption"))
    clicked = network_map(nodes, edges)
    legend = pd.DataFrame(
        {
            " ": ["" for _ in order],
            tr("netmap.legend"): [_legend_label(v, colour_by) for v in order],
        }
    )
    colours = [colour_for(v, order) for v in order]
    styled = legend.style.apply(
        lambda _column: [f"background-color: {c}" for c in colours], subset=[" "]
    )
    st.dataframe(styled, hide_index=True, use_container_width=False)
    return clicked


def position(data: NetworkView, person_id: str) -> str:
    """One sentence on a person's place in the network."""
    person = next((p for p in data.people if p.id == person_id), None)
    metrics = data.analysis["people"].get(person_id, {})
    if person is None:
        return ""
    return tr(
        "netmap.position",
        person=person.name,
        in_degree=metrics.get("in_degree", 0),
        out_degree=metrics.get("out_degree", 0),
        role=tr(f"netmap.role.{metrics.get('role', 'none')}"),
        community=metrics.get("community", 0) + 1,
    )


def described_findings(data: NetworkView) -> list[dict[str, Any]]:
    """Findings in the user's language; people by name only where the policy allows."""
    names = data.names.labels if data.names.shows_names else None
    return [describe_finding(f, lang(), names) for f in data.findings]


def _category(person: Any, metrics: dict[str, Any], colour_by: str) -> Any:
    if colour_by == "band":
        return fitness_band(person.fitness)
    if colour_by == "community":
        return metrics.get("community")
    return person.department


def _legend_label(value: Any, colour_by: str) -> str:
    if colour_by == "band":
        return _band_labels().get(str(value), str(value))
    if colour_by == "community":
        return f"{tr('netmap.col.community')} {int(value) + 1}"
    return str(value)


def _band_labels() -> dict[str, str]:
    return {b.id: b.label[lang()] for b in load_instrument("digital_fitness").bands}


def change_table(
    before: NetworkView, after: NetworkView, before_name: str, after_name: str
) -> pd.DataFrame:
    """Ties, isolates, brokers, reciprocity and E-I of two rounds side by side."""
    rows = []
    for key, pick in (
        ("change.respondents", lambda v: v.respondents),
        ("change.ties", lambda v: v.analysis["network"]["ties"]),
        ("change.density", lambda v: v.analysis["network"]["density"]),
        ("change.isolates", lambda v: len(v.analysis["network"]["isolates"])),
        ("change.brokers", _brokers),
        ("change.reciprocity", lambda v: v.analysis["network"]["reciprocity"]),
        ("change.ei", lambda v: (v.analysis.get("groups") or {}).get("ei_index")),
    ):
        old, new = pick(before), pick(after)
        diff = None if old is None or new is None else new - old
        rows.append(
            {
                tr("change.measure"): tr(key),
                f"{tr('change.before')}: {before_name}": _fmt(old),
                f"{tr('change.after')}: {after_name}": _fmt(new),
                tr("change.difference"): _fmt(diff, signed=True),
            }
        )
    return pd.DataFrame(rows)


def _brokers(data: NetworkView) -> int:
    return sum(1 for m in data.analysis["people"].values() if m.get("role") == "broker")


def _fmt(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    if float(value).is_integer():
        text = f"{int(value):+d}" if signed else str(int(value))
    return text.replace(".", ",") if lang() == "nb" else text
