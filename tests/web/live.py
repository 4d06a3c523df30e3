"""The web app served by a real uvicorn on a free loopback port, for requests sent at the same moment from
threads, and the CSRF token a page carries."""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx2 as httpx
import uvicorn
from fastapi import FastAPI

T = TypeVar("T")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def page_token(html: str) -> str:
    """The CSRF token of the first form of a page."""
    found = TOKEN.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


@contextmanager
def live_server(app: FastAPI, **config: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (uvicorn's own defaults, as `hipcoach serve` runs it, unless ``config``
    says otherwise); yields its base URL and stops it afterwards."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    settings = {"log_level": "warning", "lifespan": "off", "ws": "none", "access_log": False} | config
    server = uvicorn.Server(uvicorn.Config(app, **settings))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, name="live-server")
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on now (for a server started in another process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def browser(base_url: str) -> tuple[httpx.Client, str]:
    """A new browser on the live server that has opened the sign-in page: (client, its CSRF token)."""
    client = httpx.Client(base_url=base_url, follow_redirects=False, timeout=60)
    return client, page_token(client.get("/login").text)


def at_once(calls: int, call: Callable[[int], T]) -> list[T]:
    """``call(0)`` .. ``call(calls - 1)`` on as many threads, released together."""
    start = threading.Barrier(calls)

    def one(index: int) -> T:
        start.wait()
        return call(index)

    with ThreadPoolExecutor(calls) as pool:
        return list(pool.map(one, range(calls)))


def stop(process: subprocess.Popen[Any], timeout: float = 30) -> None:
    """Stop a command as a service manager does (SIGTERM), killing it when it has not ended in ``timeout``."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_processes(server: subprocess.Popen[Any]) -> list[int]:
    """The app processes uvicorn started for ``hipcoach serve --workers N`` (Linux: read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == server.pid and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return found
