"""Pick colleagues from a roster of hundreds: search, filters, a selected list with frequencies.

The component owns its session keys (``roster.<relation>.*``). It changes the picks in
place and calls ``on_change`` after every change, so the page can save the draft as given.
Draw it inside ``st.fragment`` so a click reruns only the picker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from ui.text import tr

MAX_RESULTS = 12
"""Search results shown at once: a short list on a phone, and each name is a button the
server draws on every click in the picker, so the list is also what a pick costs."""


@dataclass(frozen=True)
class RosterEntry:
    """One person who can be named: plain data, safe to cache."""

    id: int
    name: str
    department: str
    organisation: str


def roster_picker(
    *,
    relation: str,
    roster: Sequence[RosterEntry],
    picks: dict[int, int],
    frequencies: Mapping[int, str],
    own_organisation: str,
    self_id: int,
    on_change: Callable[[], None],
    disabled: bool = False,
) -> None:
    """Draw the picker for one relation; `picks` maps person id to frequency 1..4."""
    prefix = f"roster.{relation}"
    by_id = {entry.id: entry for entry in roster}
    pending = st.session_state.pop(f"{prefix}.pending", None)
    if pending is not None and not disabled:
        action, pid = pending
        if action == "add" and pid in by_id and pid != self_id:
            picks[pid] = 2  # "monthly": a visible, editable starting point
        elif action == "remove":
            picks.pop(pid, None)
            st.session_state.pop(f"{prefix}.freq.{pid}", None)
        on_change()
    _selected_list(prefix, by_id, picks, frequencies, own_organisation, on_change, disabled)
    if disabled:
        return
    organisations = sorted({e.organisation for e in roster})
    all_label = tr("network.picker.all")
    cols = st.columns([2, 1, 1])
    query = cols[0].text_input(
        tr("network.picker.search"),
        key=f"{prefix}.query",
        placeholder=tr("network.picker.search_placeholder"),
    )
    org_options = [all_label, *organisations]
    org = cols[1].selectbox(
        tr("network.picker.organisation"),
        org_options,
        index=org_options.index(own_organisation) if own_organisation in org_options else 0,
        key=f"{prefix}.organisation",
    )
    in_org = [e for e in roster if org == all_label or e.organisation == org]
    departments = sorted({e.department for e in in_org if e.department})
    department = cols[2].selectbox(
        tr("network.picker.department"), [all_label, *departments], key=f"{prefix}.department"
    )
    needle = query.strip().casefold()
    matches = [
        e
        for e in in_org
        if e.id != self_id
        and e.id not in picks
        and (department == all_label or e.department == department)
        and (not needle or needle in e.name.casefold())
    ]
    if not matches:
        st.caption(tr("network.picker.no_match"))
        return
    st.caption(
        tr("network.picker.results", shown=min(len(matches), MAX_RESULTS), total=len(matches))
    )
    for entry in matches[:MAX_RESULTS]:
        st.button(
            _describe(entry, own_organisation),
            icon=":material/person_add:",
            key=f"{prefix}.add.{entry.id}",
            help=tr("network.picker.add_help", name=entry.name),
            use_container_width=True,
            on_click=_request,
            args=(prefix, "add", entry.id),
        )


def _selected_list(
    prefix: str,
    by_id: Mapping[int, RosterEntry],
    picks: dict[int, int],
    frequencies: Mapping[int, str],
    own_organisation: str,
    on_change: Callable[[], None],
    disabled: bool,
) -> None:
    st.markdown(f"**{tr('network.picker.selected', count=len(picks))}**")
    if not picks:
        st.caption(tr("network.picker.none_selected"))
        return
    values = list(frequencies)
    for pid in sorted(picks, key=lambda p: by_id[p].name if p in by_id else ""):
        entry = by_id.get(pid)
        if entry is None:  # left the roster since the draft was saved
            continue
        left, mid, right = st.columns([3, 2, 1], vertical_alignment="bottom")
        left.write(_describe(entry, own_organisation))
        chosen = mid.selectbox(
            tr("network.picker.frequency", name=entry.name),
            values,
            index=values.index(picks[pid]) if picks[pid] in values else 0,
            format_func=frequencies.__getitem__,
            key=f"{prefix}.freq.{pid}",
            disabled=disabled,
            label_visibility="collapsed",
        )
        if chosen != picks[pid]:
            picks[pid] = int(chosen)
            on_change()
        right.button(
            tr("network.picker.remove"),
            key=f"{prefix}.remove.{pid}",
            help=tr("network.picker.remove_help", name=entry.name),
            disabled=disabled,
            on_click=_request,
            args=(prefix, "remove", pid),
        )


def _request(prefix: str, action: str, pid: int) -> None:
    # A callback runs before the rerun, so the picker applies the change at its top and
    # draws the new state in the same (fragment) run; no second rerun is needed.
    st.session_state[f"{prefix}.pending"] = (action, pid)


def _describe(entry: RosterEntry, own_organisation: str) -> str:
    where = [entry.department] if entry.department else []
    if entry.organisation != own_organisation:
        where.append(entry.organisation)
    return f"{entry.name} ({', '.join(where)})" if where else entry.name
