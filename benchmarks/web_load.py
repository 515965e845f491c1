"""Load run of the facilitator's page in networked mode (token login), with and without a Slowloris attack.

    python -m benchmarks.web_load                       # waitress (what `serve` runs), 2,000 requests a phase
    python -m benchmarks.web_load --server werkzeug     # the development server `serve` ran before, to compare
    python -m benchmarks.web_load --slow 1100 --requests 3000 --clients 16

`kommunebot serve --token T` runs as a real process on 127.0.0.1 (the networked set-up, with its
login, minus the open address: only 127.0.0.1 is used). Each of --clients threads logs in once and
then asks questions (GET /?q=…, one connection a request, 10 s timeout) until --requests are done.
Phase 1 is that load alone; phase 2 the same load while --slow connections each send an unfinished
request and one more header line every --drip seconds, reconnecting when the server cuts them off
(as a Slowloris attacker does), from 127.0.0.2: another address than the clients', on this machine.
Counted per phase: requests, failures (timeout, refused, not 200), latency p50/p95/max; in phase 2
also how many slow connections the server cut off.
The server starts with --nofile open files allowed (a shell's usual 1,024): `serve` raises its own
soft limit to the hard one; the development server did not. Every loop is bounded: --requests and
--max-seconds a phase, a 10 s timeout a request, the attack stops with its phase.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from tests.helpers.botrun import bot_argv, percentile
from tests.helpers.paths import REPO

QUESTIONS = ["Hva er rådmannens ansvar?", "Hvem sitter i kontrollutvalget?", "Hva er habilitet?",
             "Hvordan fungerer delegering?", "Hva gjør formannskapet?", "What does the municipal director do?",
             "Hvad er kommunalbestyrelsens opgaver?", "Kva er innstillingsrett?", "Hva er et lovlighetsklage?",
             "Hvor ofte møtes kommunestyret?"]
ATTACKER = "127.0.0.2"  # the slow connections' address (still this machine); the clients' is 127.0.0.1
# The page as `serve` ran it before: werkzeug's development server, a thread a connection, no timeout.
WERKZEUG = """
import sys
from pathlib import Path
from werkzeug.serving import make_server
from bot.answer.engine import Engine
from bot.answer.pins import PinStore
from bot.search.holder import SearcherHolder
from bot.web.app import WebConfig, create_app
index, folder, port, token = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
app = create_app(WebConfig(feedback_path=folder / "feedback.db", token=token, loopback_only=True),
                 Engine(SearcherHolder(index), PinStore.open(folder / "pins.db")))
server = make_server("127.0.0.1", port, app, threaded=True)
print(f"open http://127.0.0.1:{server.server_port}/", flush=True)
server.serve_forever()
"""


def _raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(kind: str, index: Path, folder: Path, token: str, log: Path,
                 nofile: int) -> tuple[subprocess.Popen, int]:
    """The page as a process on 127.0.0.1, started with `nofile` open files allowed; its port once it listens."""
    import os

    def limits() -> None:
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(nofile, hard), hard))

    port = _free_port()
    env = {**os.environ, "KOMMUNEBOT_INDEX": str(index), "KOMMUNEBOT_PINS_DB": str(folder / "pins.db"),
           "KOMMUNEBOT_FEEDBACK_DB": str(folder / "feedback.db"), "KOMMUNEBOT_WEB_TOKEN": token,
           "KOMMUNEBOT_SEMANTIC": "off"}
    if kind == "waitress":
        argv = bot_argv("serve", "--host", "127.0.0.1", "--port", str(port))
    else:
        argv = [sys.executable, "-c", WERKZEUG, str(index), str(folder), str(port), token]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=log.open("wb"), text=True,
                            preexec_fn=limits)
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the "open http://…" line, once it listens
    if "open http" not in line:
        proc.kill()
        raise RuntimeError(f"the page did not start: {line!r}; see {log}")
    return proc, port


def _request(port: int, method: str, path: str, cookie: str = "", body: str = "",
             timeout: float = 10.0) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Host": f"127.0.0.1:{port}", "Connection": "close"}
        if cookie:
            headers["Cookie"] = cookie
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{port}"
        conn.request(method, path, body=body.encode() if body else None, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text
    finally:
        conn.close()


def login(port: int, token: str) -> str:
    """A logged-in session cookie (the login form's CSRF token first, then the token)."""
    _status, headers, html = _request(port, "GET", "/login")
    cookie = headers.get("set-cookie", "").split(";")[0]
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    if not found:
        raise RuntimeError("no CSRF token on the login page")
    status, headers, _ = _request(port, "POST", "/login", cookie,
                                  f"csrf={quote(found.group(1))}&token={quote(token)}&next=/")
    if status != 302:
        raise RuntimeError(f"login answered {status}")
    return headers.get("set-cookie", cookie).split(";")[0]


class Load:
    """--clients threads asking questions until `total` requests are made; latencies and failures."""

    def __init__(self, port: int, token: str, clients: int, total: int, max_seconds: float = 600.0) -> None:
        self.port, self.token, self.clients, self.total = port, token, clients, total
        self.deadline = time.monotonic() + max_seconds
        self.not_sent = 0
        self.latencies: list[float] = []
        self.failures: dict[str, int] = {}
        self._next = 0
        self._lock = threading.Lock()

    def _take(self) -> int | None:
        with self._lock:
            if self._next < self.total and time.monotonic() > self.deadline:
                self.not_sent, self._next = self.total - self._next, self.total  # the phase's time is up
            if self._next >= self.total:
                return None
            self._next += 1
            return self._next

    def _fail(self, why: str) -> None:
        with self._lock:
            self.failures[why] = self.failures.get(why, 0) + 1

    def _client(self) -> None:
        try:
            cookie = login(self.port, self.token)
        except (OSError, RuntimeError, http.client.HTTPException) as exc:
            self._fail(f"login: {type(exc).__name__}")
            cookie = ""
        while (n := self._take()) is not None:
            path = "/?q=" + quote(QUESTIONS[n % len(QUESTIONS)])
            started = time.monotonic()
            try:
                status, _, _ = _request(self.port, "GET", path, cookie)
            except (OSError, http.client.HTTPException) as exc:
                self._fail(type(exc).__name__)
                continue
            elapsed = time.monotonic() - started
            if status != 200:
                self._fail(f"HTTP {status}")
                continue
            with self._lock:
                self.latencies.append(elapsed)

    def run(self) -> float:
        """Run to the end; the wall time."""
        started = time.monotonic()
        threads = [threading.Thread(target=self._client, daemon=True) for _ in range(self.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.monotonic() - started


class Slowloris:
    """`n` connections each holding an unfinished request, one header line every `drip` seconds."""

    def __init__(self, port: int, n: int, drip: float) -> None:
        self.port, self.n, self.drip = port, n, drip
        self.cut_off = 0      # connections the server closed before the request was whole
        self.refused = 0      # connections the server did not accept
        self.opened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _open(self) -> socket.socket | None:
        try:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=2, source_address=(ATTACKER, 0))
            s.sendall(f"GET /?q={secrets.token_hex(4)} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n".encode())
            s.setblocking(False)
            self.opened += 1
            return s
        except OSError:
            self.refused += 1
            return None

    def _run(self) -> None:
        socks = [self._open() for _ in range(self.n)]
        while not self._stop.wait(self.drip):
            for i, s in enumerate(socks):
                if self._stop.is_set():
                    break
                if s is not None:
                    try:
                        if s.recv(1024) == b"":  # closed by the server
                            raise ConnectionResetError
                    except BlockingIOError:
                        try:
                            s.sendall(f"X-a{secrets.token_hex(2)}: b\r\n".encode())
                            continue
                        except OSError:
                            pass
                    except OSError:
                        pass
                    self.cut_off += 1
                    s.close()
                socks[i] = self._open()
        for s in socks:
            if s is not None:
                s.close()

    def __enter__(self) -> Slowloris:
        self._thread.start()
        deadline = time.monotonic() + 60
        while self.opened + self.refused < self.n and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(30)


def _phase(name: str, load: Load, seconds: float, slow: Slowloris | None) -> dict:
    lat = load.latencies
    return {"phase": name, "requests": load.total - load.not_sent, "not_sent": load.not_sent, "ok": len(lat),
            "failures": sum(load.failures.values()),
            "failure_kinds": load.failures, "p50_ms": 1000 * percentile(lat, 50) if lat else None,
            "p95_ms": 1000 * percentile(lat, 95) if lat else None, "max_ms": 1000 * max(lat) if lat else None,
            "seconds": seconds, "slow_connections": slow.n if slow else 0,
            "slow_cut_off": slow.cut_off if slow else 0, "slow_refused": slow.refused if slow else 0}


def run(server: str, clients: int, requests: int, slow: int, drip: float, nofile: int, max_seconds: float,
        workdir: Path) -> list[dict]:
    """Both phases against one server process."""
    _raise_fd_limit()
    corpus, index = workdir / "corpus", workdir / "index" / "kommunebot.db"
    shutil.copytree(REPO / "corpus", corpus)
    index.parent.mkdir()  # a folder named by --index must exist (the build makes only the default index's)
    subprocess.run(bot_argv("index", "build", "--corpus", str(corpus), "--index", str(index)), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600,
                   env={**__import__("os").environ, "KOMMUNEBOT_SEMANTIC": "off"})
    token = secrets.token_hex(16)
    proc, port = start_server(server, index, workdir, token, workdir / "serve.log", nofile)
    try:
        warm = Load(port, token, 2, 20)  # the analyzer loads its data on the first question
        warm.run()
        calm = Load(port, token, clients, requests, max_seconds)
        results = [_phase("questions", calm, calm.run(), None)]
        with Slowloris(port, slow, drip) as attack:
            loaded = Load(port, token, clients, requests, max_seconds)
            seconds = loaded.run()
        results.append(_phase(f"questions + Slowloris ({slow} connections)", loaded, seconds, attack))
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    for r in results:
        r["server"] = server
    return results


def table(results: list[dict]) -> str:
    """The phases as a Markdown table."""
    lines = ["| server | phase | requests sent | failures | p50 | p95 | max | slow connections cut off |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        def ms(key: str, row: dict = r) -> str:
            return "–" if row[key] is None else f"{row[key]:,.0f} ms"
        kinds = ", ".join(f"{k} {v}" for k, v in r["failure_kinds"].items())
        lines.append(f"| {r['server']} | {r['phase']} | {r['requests']:,} | {r['failures']:,}"
                     f"{' (' + kinds + ')' if kinds else ''} | {ms('p50_ms')} | {ms('p95_ms')} | {ms('max_ms')} | "
                     f"{r['slow_cut_off']:,} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run both phases, print the table (or JSON); exit 1 on any failure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", choices=("waitress", "werkzeug"), default="waitress")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--requests", type=int, default=2000, help="questions a phase (default 2000)")
    parser.add_argument("--slow", type=int, default=1100, help="Slowloris connections (default 1100)")
    parser.add_argument("--drip", type=float, default=5.0, help="seconds between a slow connection's header lines")
    parser.add_argument("--nofile", type=int, default=1024,
                        help="open files the server process starts with (default 1024, a shell's usual soft limit)")
    parser.add_argument("--max-seconds", type=float, default=180.0,
                        help="a phase stops sending after this long (default 180); the rest is counted not sent")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kommunebot-webload-") as tmp:
        results = run(args.server, args.clients, args.requests, args.slow, args.drip, args.nofile,
                      args.max_seconds, Path(tmp))
    print(json.dumps(results, indent=2) if args.json else table(results))
    return 0 if all(r["failures"] == 0 and r["not_sent"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
