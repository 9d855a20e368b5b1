"""A small DevTools-protocol client for Debian's headless Chromium, over --remote-debugging-pipe.

Chromium reads commands from its fd 3 and writes answers and events to its fd 4, as JSON
messages ended by a NUL byte: no WebSocket, no downloaded browser, nothing third-party.
"""

from __future__ import annotations

import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from browser import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", *CHROMIUM_ARGS, "--remote-debugging-pipe"]
#: A real browser's User-Agent: with "HeadlessChrome" the counter would rightly see a robot.
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/156.0 Mobile Safari/537.36"
)


def available() -> bool:
    return shutil.which(CHROMIUM) is not None


class Chromium:
    """One headless Chromium with a fresh profile; `do_not_track` sets the user's DNT choice."""

    def __init__(self, profile: Path, do_not_track: bool = False) -> None:
        (profile / "Default").mkdir(parents=True, exist_ok=True)
        preferences = {"enable_do_not_track": do_not_track}
        (profile / "Default" / "Preferences").write_text(json.dumps(preferences))
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def give_pipes() -> None:  # in the child: our pipe ends become its fds 3 and 4
            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3, inheritable=True)
            os.dup2(high_w, 4, inheritable=True)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--user-agent={USER_AGENT}"],
            preexec_fn=give_pipes,
            pass_fds=(3, 4),  # kept open past the fd clean-up that follows preexec_fn
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._answers: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.events: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self._to_browser)

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Run one protocol command and return its result."""
        with self._lock:
            self._next_id += 1
            number = self._next_id
            answer: queue.Queue[dict[str, Any]] = queue.Queue()
            self._answers[number] = answer
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        reply = answer.get(timeout=30)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        """The first event named `method`, waiting for it if need be."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if event["method"] == method:
                    return event
            time.sleep(0.05)
        raise AssertionError(f"no {method} event within {timeout} s")

    def open(self, url: str) -> Page:
        """A new tab showing `url`, with its console and errors recorded."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session)
        self.send("Page.navigate", session, url=url)
        return page

    def _read(self) -> None:
        buffer = b""
        while chunk := os.read(self._from_browser, 65536):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message:
                    self._answers.pop(message["id"]).put(message)
                else:
                    self.events.append(message)


class Page:
    """One tab: evaluate JavaScript in it, and see what it logged."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser = browser
        self.session = session

    def evaluate(self, expression: str) -> Any:
        result = self.browser.send(
            "Runtime.evaluate", self.session, expression=expression, returnByValue=True
        )
        return result["result"].get("value")

    def figures(self) -> dict[str, str]:
        """The text of every [data-counter] element, by its name."""
        return (
            self.evaluate(
                "Object.fromEntries([...document.querySelectorAll('[data-counter]')]"
                ".map(e => [e.dataset.counter, e.textContent]))"
            )
            or {}
        )

    def wait_for(self, expression: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {expression}: {self.figures()}")
            time.sleep(0.05)

    def problems(self) -> list[str]:
        """Uncaught exceptions and console errors (a CSP violation among them) in this tab."""
        found = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            if event["method"] == "Runtime.exceptionThrown":
                found.append(event["params"]["exceptionDetails"]["text"])
            elif event["method"] == "Log.entryAdded":
                entry = event["params"]["entry"]
                if entry["level"] == "error" and entry["source"] != "network":
                    found.append(entry["text"])  # failed loads are the tests' own business
        return found
