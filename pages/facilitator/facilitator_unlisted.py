"""Names not on the list: a round's write-in names, grouped; link each to a person or a
partner, or dismiss it. Counts only: the page never says who wrote a name."""

import pandas as pd
import streamlit as st

from core.db import read_session, write_session
from core.instruments import load_network_survey, text
from core.repositories import roster_of_cohort, rounds_of
from core.unlisted import (
    UnlistedError,
    UnlistedName,
    UnlistedResult,
    dismiss,
    fold_name,
    map_to_participant,
    map_to_partner,
    partners_of,
    suggest_participants,
    unlisted_names,
)
from ui.course_shared import flash, pick_cohort, show_flash, tr_plain
from ui.data import engine
from ui.text import lang, tr

NEW_PARTNER = 0

st.title(tr("unlisted.title"))
show_flash()
cohort = pick_cohort(key="unlisted.cohort")
if cohort is None:
    st.info(tr("course.no_cohorts"))
    st.stop()
assert cohort.id is not None
with read_session(engine()) as session:
    rounds = [r for r in rounds_of(session, cohort.id) if r.status != "draft"]
if not rounds:
    st.info(tr("unlisted.no_rounds"))
    st.stop()
round_labels = {r.id or 0: f"{r.name} ({tr('round.status.' + r.status)})" for r in rounds}
round_id = st.selectbox(
    tr("unlisted.round"),
    options=list(round_labels),
    format_func=round_labels.__getitem__,
    index=len(rounds) - 1,
    key="unlisted.round",
)
st.write(tr("unlisted.explain"))
with read_session(engine()) as session:
    names = unlisted_names(session, cohort_id=cohort.id, round_id=round_id)
    roster = list(roster_of_cohort(session, cohort.id))
    partners = partners_of(session, cohort.id)
if not names:
    st.info(tr("unlisted.empty"))
    st.stop()

relations = {r.id: text(r.label, lang()) for r in load_network_survey().relations}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} ({n})" for label, n in counts.items())


def _row(name: UnlistedName) -> dict[str, object]:
    return {
        tr("unlisted.col.name"): name.label,
        tr("unlisted.col.spellings"): " · ".join(name.texts[1:]),
        tr("unlisted.col.respondents"): name.respondents,
        tr("unlisted.col.relations"): _counts(
            {relations.get(r, r): n for r, n in name.relations.items()}
        ),
        tr("unlisted.col.groups"): _counts(
            {f"{g.group}, {g.organisation}": g.respondents for g in name.groups}
        ),
    }


st.dataframe(pd.DataFrame([_row(n) for n in names]), hide_index=True, width="stretch")

st.header(tr("unlisted.resolve_heading"))
by_key = {n.key: n for n in names}
key = st.selectbox(
    tr("unlisted.pick_name"),
    options=list(by_key),
    format_func={k: f"{n.label} ({n.respondents})" for k, n in by_key.items()}.__getitem__,
    key="unlisted.name",
)
name = by_key[key]
# A name spelt like a partner the cohort already has ("ks" and KS) starts as that partner.
same = [p.id for p in partners if fold_name(p.name) == key]
choices = {c: tr(f"unlisted.choice.{c}") for c in ("participant", "partner", "dismiss")}
choice = st.radio(
    tr("unlisted.choice"),
    options=list(choices),
    format_func=choices.__getitem__,
    index=1 if same else 0,
    horizontal=True,
    key=f"unlisted.choice.{key}",
)

result: UnlistedResult | None = None
target = ""
try:
    if choice == "participant":
        people = {p.id or 0: f"{p.name} – {g.name}, {o.name}" for p, g, o in roster}
        suggested = suggest_participants((p for p, _, _ in roster), key)
        pid = st.selectbox(
            tr("unlisted.person"),
            options=list(people),
            format_func=people.__getitem__,
            index=list(people).index(suggested[0].id) if suggested else None,
            placeholder=tr("unlisted.person_placeholder"),
            key=f"unlisted.person.{key}",
        )
        st.page_link("pages/facilitator/facilitator_roster.py", label=tr("unlisted.to_roster"))
        if st.button(tr("unlisted.apply"), type="primary", disabled=pid is None, key="unlisted.go"):
            assert pid is not None
            target = next(p.name for p, _, _ in roster if p.id == pid)
            with write_session(engine()) as session:
                result = map_to_participant(
                    session, cohort_id=cohort.id, round_id=round_id, key=key, participant_id=pid
                )
    elif choice == "partner":
        options = {NEW_PARTNER: tr("unlisted.new_partner"), **{p.id or 0: p.name for p in partners}}
        partner_id = st.selectbox(
            tr("unlisted.partner"),
            options=list(options),
            format_func=options.__getitem__,
            index=list(options).index(same[0]) if same else 0,
            key=f"unlisted.partner.{key}",
        )
        new_name = ""
        if partner_id == NEW_PARTNER:
            new_name = st.text_input(
                tr("unlisted.partner_name"), value=name.label, key=f"unlisted.new.{key}"
            )
        if st.button(tr("unlisted.apply"), type="primary", key="unlisted.go"):
            target = new_name.strip() if partner_id == NEW_PARTNER else options[partner_id]
            with write_session(engine()) as session:
                result = map_to_partner(
                    session,
                    cohort_id=cohort.id,
                    round_id=round_id,
                    key=key,
                    partner_id=None if partner_id == NEW_PARTNER else partner_id,
                    new_name=new_name,
                )
    else:
        st.write(tr("unlisted.dismiss_explain"))
        sure = st.checkbox(
            tr_plain("unlisted.dismiss_confirm", name=name.label), key=f"unlisted.sure.{key}"
        )
        if st.button(tr("unlisted.dismiss"), disabled=not sure, key="unlisted.go"):
            with write_session(engine()) as session:
                result = dismiss(session, cohort_id=cohort.id, round_id=round_id, key=key)
except UnlistedError as exc:
    st.error(tr(f"unlisted.error.{exc.code}"))

if result is not None:
    # Maps, findings and learning paths of this process are cached; their keys change with
    # the round's ties, but the learning path's does not: start them all afresh.
    st.cache_data.clear()
    if not result.changed:
        flash(tr_plain("unlisted.done.nothing", name=name.label))
    elif choice == "dismiss":
        flash(tr_plain("unlisted.done.dismissed", name=name.label, ties=result.changed))
    else:
        done = tr_plain("unlisted.done.mapped", name=name.label, target=target, ties=result.changed)
        if result.merged:
            done += " " + tr("unlisted.done.merged", merged=result.merged)
        flash(done)
