"""Lesson reader: the idea, a case, the reflection and ambition exercises, and the check."""

import streamlit as st

from core.learning_records import continue_point
from ui.learning_data import (
    PATH_PAGE,
    format_date,
    learner,
    library,
    module_title,
    path_of,
    reason_lines,
    selected_lesson,
)
from ui.lesson_reader import (
    ambition_exercise,
    check_and_complete,
    record_opened,
    reflection_exercise,
    render_section,
)
from ui.text import lang, tr

language = lang()
lib = library()
who = learner()
path = path_of(who, language)
lesson, unknown = selected_lesson(lib, language)
if lesson is None and not unknown:
    # Opened from the menu: the lesson to continue with.
    point = continue_point(path, who.unfinished)
    lesson = None if point is None else lib.get(point.lesson_id, language)
if lesson is None:
    st.title(tr("nav.learning.lesson"))
    st.info(tr("lesson.unknown" if unknown else "lesson.none"))
    st.page_link(PATH_PAGE, label=tr("lesson.back"), icon=":material/arrow_back:")
    st.stop()

completed_on = record_opened(who, lesson)

# A readable line length on wide screens.
with st.container(width=880):
    st.page_link(PATH_PAGE, label=tr("lesson.back"), icon=":material/arrow_back:")
    st.title(lesson.title)
    st.markdown(
        tr("lesson.meta", module=module_title(lesson.module), minutes=lesson.duration_minutes)
    )
    if completed_on is not None:
        st.markdown(tr("lesson.status.completed", date=format_date(completed_on, language)))
    recommendation = next((rec for rec in path if rec.lesson_id == lesson.id), None)
    if recommendation is not None:
        with st.expander(tr("lesson.why")):
            for line in reason_lines(recommendation, language):
                st.write(line)
    if who.is_visitor:
        st.info(tr("learning.visitor_note"), icon=":material/lock:")

    render_section(lesson, "idea")
    render_section(lesson, "case")
    render_section(lesson, "reflection")
    reflection_exercise(who, lesson)
    render_section(lesson, "ambition")
    ambition_exercise(who, lesson, language)
    st.header(tr("lesson.section.check"))
    check_and_complete(who, lesson, language)

    if lesson.sources:
        with st.expander(tr("lesson.sources")):
            for source in lesson.sources:
                st.markdown(f"- {source}")
