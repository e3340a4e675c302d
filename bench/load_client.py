"""A Streamlit client without a browser: one websocket is one user's session.

It speaks the protocol of Streamlit 1.67 (see ../shared/reference/streamlit-under-load.md):
``BackMsg.rerun_script`` up with the widget values, ``ForwardMsg`` deltas down until
``script_finished``. It keeps just enough of the page to find widgets by their key and to
read the texts a person would read (titles, alerts), so a journey can act like a person.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGETS = {
    "radio": "string_value",
    "selectbox": "string_value",
    "text_input": "string_value",
    "checkbox": "bool_value",
    "multiselect": "string_array_value",
    "button": "trigger_value",
}
"""Element types this client can drive, and the WidgetState field each value travels in."""

ALERT_KINDS = {1: "error", 2: "warning", 3: "info", 4: "success"}

DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


class ProtocolError(RuntimeError):
    """The server answered in a way a browser would show as broken (exception, drop, hang)."""


@dataclass
class Widget:
    """A widget as the server described it in its last run."""

    id: str
    kind: str
    label: str
    options: list[str]
    fragment_id: str
    disabled: bool
    path: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        """The user key (the widget id ends with it), or "" for a widget without one."""
        parts = self.id.split("-", 2)
        return parts[2] if len(parts) == 3 and self.id.startswith("$$ID") else ""


@dataclass
class Run:
    """What one interaction cost and showed: timing, texts and problems."""

    seconds: float
    texts: list[str] = field(default_factory=list)
    alerts: list[tuple[str, str]] = field(default_factory=list)  # (format, body)
    exceptions: list[str] = field(default_factory=list)
    fragment_run: bool = False
    paths: list[tuple[int, ...]] = field(default_factory=list)  # where this run drew
    drawn: set[str] = field(default_factory=set)  # widget ids this run drew


class AppSession:
    """One user's session over one websocket; not safe to share between tasks."""

    def __init__(self, base_url: str, *, timeout: float = 60.0) -> None:
        self.ws_url = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        self.widgets: dict[str, Widget] = {}
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page_hash = ""
        self.query = ""
        self._values: dict[str, WidgetState] = {}
        self._ws: Any = None

    async def open(self, query: str = "", path: str = "") -> Run:
        """Connect and run the script for the page at `path` (a browser opening a link)."""
        self._ws = await asyncio.wait_for(
            websockets.connect(
                self.ws_url,
                subprotocols=[websockets.Subprotocol("streamlit"), websockets.Subprotocol("x")],
                max_size=None,
                open_timeout=self.timeout,
                ping_interval=None,
            ),
            self.timeout,
        )
        self.query = query
        return await self._rerun(page_name=path)

    async def close(self) -> None:
        """Close the socket as a closed browser tab does."""
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    def find(self, kind: str, key: str) -> Widget:
        """The rendered widget of `kind` whose key is `key` (or ends with it)."""
        for widget in self.widgets.values():
            if widget.kind == kind and (widget.key == key or widget.key.endswith(key)):
                return widget
        raise ProtocolError(f"no {kind} with key {key!r} on the page")

    def keyed(self, kind: str, prefix: str) -> list[Widget]:
        """Rendered widgets of `kind` whose key starts with `prefix`, in page order."""
        return [w for w in self.widgets.values() if w.kind == kind and w.key.startswith(prefix)]

    async def change(self, widget: Widget, value: Any) -> Run:
        """Change one widget's value, as one click or one typed entry does."""
        state = WidgetState(id=widget.id)
        slot = WIDGETS[widget.kind]
        if slot == "string_array_value":
            state.string_array_value.data.extend(value)
        elif slot == "trigger_value":
            state.trigger_value = True
        else:
            setattr(state, slot, value)
        self._values[widget.id] = state
        return await self._rerun(fragment_id=widget.fragment_id)

    async def click(self, widget: Widget, *, also: dict[str, Any] | None = None) -> Run:
        """Press a button; `also` carries form values that travel only with the submit."""
        for widget_id, value in (also or {}).items():
            self._values[widget_id] = WidgetState(id=widget_id, bool_value=bool(value))
        return await self.change(widget, True)

    async def goto(self, url_path: str) -> Run:
        """Follow a page link: rerun on another page of the navigation."""
        if url_path not in self.pages:
            raise ProtocolError(f"no page {url_path!r} in the navigation")
        self.page_hash = self.pages[url_path]
        self._values.clear()
        return await self._rerun()

    async def _rerun(self, *, fragment_id: str = "", page_name: str = "") -> Run:
        state = ClientState(
            query_string=self.query,
            page_script_hash=self.page_hash,
            page_name=page_name,
            fragment_id=fragment_id,
        )
        state.widget_states.widgets.extend(self._values.values())
        message = BackMsg(rerun_script=state)
        # Buttons fire once: the next run must not see them pressed again.
        for widget_id in [i for i, s in self._values.items() if s.HasField("trigger_value")]:
            del self._values[widget_id]
        started = time.perf_counter()
        run = Run(0.0)
        try:
            await self._ws.send(message.SerializeToString())
            await asyncio.wait_for(self._receive(run), self.timeout)
        except TimeoutError as exc:
            raise ProtocolError(f"no script_finished within {self.timeout:.0f} s") from exc
        except websockets.ConnectionClosed as exc:
            raise ProtocolError(f"disconnected: {exc}") from exc
        run.seconds = time.perf_counter() - started
        # As the browser does: values of widgets the run did not draw are not sent again.
        self._values = {i: v for i, v in self._values.items() if i in self.widgets}
        if run.exceptions:
            raise ProtocolError("exception in the app: " + " | ".join(run.exceptions))
        return run

    async def _receive(self, run: Run) -> None:
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self._ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "script_finished":
                if msg.script_finished in DONE:
                    if run.fragment_run:
                        self._drop_stale(run)
                    return
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.exceptions.append("script compile error")
                    return
            elif kind == "new_session":
                self._learn_pages(msg.new_session.app_pages)
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
                run.fragment_run = bool(msg.metadata.run.fragment_ids)
                self._forget(set(msg.metadata.run.fragment_ids))
            elif kind == "navigation":
                self._learn_pages(msg.navigation.app_pages)
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "delta":
                self._delta(msg.delta, tuple(msg.metadata.delta_path), run)
            elif kind == "session_event":
                event = msg.session_event.WhichOneof("type")
                if event == "script_compilation_exception":
                    run.exceptions.append(msg.session_event.script_compilation_exception.message)

    def _forget(self, fragments: set[str]) -> None:
        # A run redraws the whole page, a fragment run only its fragments: forget what the
        # run will draw again, so a widget that is not drawn again is gone.
        for widget_id in [
            i for i, w in self.widgets.items() if not fragments or w.fragment_id in fragments
        ]:
            del self.widgets[widget_id]

    def _drop_stale(self, run: Run) -> None:
        # A fragment run redraws everything under its container, nested fragments
        # included, which carry their own fragment ids: a widget there that this run did not
        # draw again is gone, as the browser's stale-element sweep would remove it.
        if not run.paths:
            return
        first, *rest = run.paths
        depth = len(first)
        for path in rest:
            depth = min(depth, len(path), _common(first, path))
        region = first[:depth]
        for widget_id in [
            i
            for i, w in self.widgets.items()
            if i not in run.drawn and w.path[: len(region)] == region
        ]:
            del self.widgets[widget_id]

    def _learn_pages(self, pages: Any) -> None:
        for page in pages:
            self.pages[page.url_pathname] = page.page_script_hash

    def _delta(self, delta: Any, path: tuple[int, ...], run: Run) -> None:
        run.paths.append(path)
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        body = getattr(element, kind)
        if kind == "exception":
            run.exceptions.append(f"{body.type}: {body.message}")
        elif kind == "alert":
            run.alerts.append((ALERT_KINDS.get(body.format, "other"), body.body))
        elif kind in ("heading", "markdown"):
            run.texts.append(body.body)
        elif kind in WIDGETS:
            self.widgets[body.id] = Widget(
                id=body.id,
                kind=kind,
                label=body.label,
                options=list(getattr(body, "options", [])),
                fragment_id=delta.fragment_id,
                disabled=body.disabled,
                path=path,
            )
            run.drawn.add(body.id)


def _common(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """How many leading steps two delta paths share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
