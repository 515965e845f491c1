"""The page once it leaves 127.0.0.1: redirects, a proxy in front, the token, the login limit, the server."""

from __future__ import annotations

import secrets
import socket
import string
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import Settings
from bot.errors import KommunebotError
from bot.web.guard import safe_next
from tests.test_web import QUESTION, SLIDE_41, chunk_with, make_client, page, post

TOKEN = "c0ffee-" + "9f3a1b7e2d5c8046"  # a test token; strength is checked by `serve`, not by the app
HOSTILE_CHARS = [chr(c) for c in range(0x20)] + ["\x7f", "\\", " ", "\u00a0", "\u2028", "\u200b", "\u3000"]


@pytest.fixture
def web(built_index: Path, tmp_path: Path):
    """A test client over the bundled corpus's index, and its pins store."""
    return make_client(built_index, tmp_path)


def browser_target(location: str) -> tuple[str, str]:
    """(scheme, host) a browser would go to for a Location header: it strips C0 controls and spaces
    at the ends, drops tabs and line breaks inside, and reads `\\` as `/` (WHATWG URL parsing)."""
    cleaned = location.strip("".join(chr(c) for c in range(0x21)))
    cleaned = "".join(ch for ch in cleaned if ch not in "\t\n\r").replace("\\", "/")
    parts = urlsplit(cleaned)
    return parts.scheme, parts.netloc


def hostile_targets() -> list[str]:
    """`next` values made to lead a browser to another host, one a hostile character."""
    out = []
    for ch in HOSTILE_CHARS:
        out += [f"/{ch}/evil.example/", f"/{ch}{ch}evil.example", f"{ch}//evil.example", f"/{ch}\\evil.example",
                f"/\\{ch}evil.example"]
    return out + ["/\r\nSet-Cookie: x=1", "/%0d%0aLocation: //evil.example", "https://evil.example"]


@given(st.text(alphabet=st.sampled_from(HOSTILE_CHARS + list("/.:@e")) | st.characters(codec="utf-8"), max_size=30))
@settings(max_examples=400, deadline=None)
def test_a_redirect_target_a_browser_reads_never_leaves_the_site(tail: str) -> None:
    for target in ("/" + tail, tail, "/" + tail + "/evil.example"):
        scheme, host = browser_target(safe_next(target))
        assert not scheme and not host


@pytest.mark.parametrize("target", hostile_targets())
def test_hostile_next_is_sent_home_by_the_language_switch(web, target: str) -> None:
    client, _ = web
    response = client.get("/lang/en", query_string={"next": target})
    assert response.status_code == 302
    assert browser_target(response.headers["Location"]) == ("", "")


def test_hostile_next_is_sent_home_after_the_login_and_a_mark(built_index: Path, tmp_path: Path) -> None:
    client, pins = make_client(built_index, tmp_path, token=TOKEN, loopback_only=False)
    for target in hostile_targets():
        response = post(client, "/login", token=TOKEN, next=target)
        assert response.status_code == 302, target
        assert browser_target(response.headers["Location"]) == ("", ""), target
    chunk = chunk_with(client, QUESTION, SLIDE_41)
    for target in hostile_targets():
        response = post(client, "/mark", q=QUESTION, chunk_id=chunk, verdict="right", next=target)
        assert response.status_code == 302 and browser_target(response.headers["Location"]) == ("", ""), target


# behind an HTTPS proxy


PROXIED = {"Origin": "https://kommunebot.example", "X-Forwarded-Proto": "https",
           "X-Forwarded-Host": "kommunebot.example", "X-Forwarded-For": "203.0.113.9"}


def test_behind_an_https_proxy_the_login_and_forms_pass_when_the_proxy_is_declared(built_index: Path,
                                                                                    tmp_path: Path) -> None:
    # the page bound to 127.0.0.1 with a proxy on the same machine, as the README recommends
    client, _ = make_client(built_index, tmp_path, token=TOKEN, proxies=1)
    response = client.post("/login", data={"csrf": "test-token", "token": TOKEN, "next": "/pins"},
                           headers=PROXIED)
    assert response.status_code == 302 and response.headers["Location"].endswith("/pins")
    assert client.get("/pins", headers=PROXIED).status_code == 200
    forged = client.post("/login", data={"csrf": "test-token", "token": TOKEN},
                         headers={**PROXIED, "Origin": "https://evil.example"})
    assert forged.status_code == 403


def test_without_the_proxy_setting_forwarded_headers_are_not_believed(built_index: Path, tmp_path: Path) -> None:
    client, _ = make_client(built_index, tmp_path, token=TOKEN, loopback_only=False)
    response = client.post("/login", data={"csrf": "test-token", "token": TOKEN}, headers=PROXIED)
    assert response.status_code == 403


def test_the_proxy_setting_is_read_and_checked() -> None:
    assert Settings.from_env({"KOMMUNEBOT_WEB_PROXIES": "1"}).web_proxies == 1
    assert Settings.from_env({}).web_proxies == 0
    for bad in ("yes", "-1", "99"):
        with pytest.raises(KommunebotError, match="KOMMUNEBOT_WEB_PROXIES"):
            Settings.from_env({"KOMMUNEBOT_WEB_PROXIES": bad})


# the token


def weak_tokens() -> list[str]:
    """Tokens of 16 characters or more that are easy to guess, made from every letter and digit."""
    out = []
    for ch in string.ascii_letters + string.digits:
        out += [ch * 16, (ch + "x") * 8, ch * 40]
    out += [string.ascii_lowercase, string.digits * 2, "abcdefghijklmnop", "ponmlkjihgfedcba",
            "0123456789abcdef", "qwertyqwertyqwerty", "password12345678"]
    return out + ["".join(secrets.choice("ab") for _ in range(24)) for _ in range(20)]


def test_weak_tokens_are_refused_and_generated_ones_pass() -> None:
    from bot.config import token_weakness

    for token in weak_tokens():
        assert token_weakness(token), token
    assert "16" in token_weakness("Kort9#x")
    for _ in range(200):
        for token in (secrets.token_hex(16), secrets.token_urlsafe(16), secrets.token_urlsafe(32)):
            assert token_weakness(token) == "", token


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_serve_on_the_network_refuses_a_weak_token_before_it_listens(host: str, monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    import bot.cli.serve
    from bot.cli import cli

    def reached(*_a: object, **_k: object) -> None:
        raise AssertionError("serve went on with a weak token")

    monkeypatch.setattr(bot.cli.serve, "open_engine", reached)
    for token in ("aaaaaaaaaaaaaaaa", "abababababababab", "1234567890123456"):
        result = CliRunner().invoke(cli, ["serve", "--host", host, "--token", token])
        assert result.exit_code == 1 and "strong access token" in result.output, result.output
    monkeypatch.setenv("KOMMUNEBOT_WEB_PROXIES", "1")  # behind a proxy the page is on the network too
    result = CliRunner().invoke(cli, ["serve", "--token", "aaaaaaaaaaaaaaaa"])
    assert result.exit_code == 1 and "strong access token" in result.output


# the login limit


def test_wrong_tokens_are_limited_per_client_and_the_limit_page_says_so(built_index: Path, tmp_path: Path) -> None:
    client, _ = make_client(built_index, tmp_path, token=TOKEN, loopback_only=False)
    statuses = [post(client, "/login", token=secrets.token_hex(8)).status_code for _ in range(50)]
    assert 429 in statuses and statuses.count(401) < 20
    limited = post(client, "/login", token=TOKEN)  # even the right token waits
    assert limited.status_code == 429 and "Vent noen minutter" in page(limited)
    other = client.post("/login", data={"csrf": "test-token", "token": TOKEN},
                        environ_base={"REMOTE_ADDR": "192.0.2.77"})
    assert other.status_code == 302


def test_the_login_limit_forgets_after_its_window() -> None:
    from bot.web.throttle import LoginLimiter

    now = [1000.0]
    limiter = LoginLimiter(max_failures=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert not limiter.blocked("a")
        limiter.failed("a")
    assert limiter.blocked("a") and not limiter.blocked("b")
    now[0] += 61
    assert not limiter.blocked("a")


# the server


@contextmanager
def serving(index: Path, tmp_path: Path, **limits: int) -> Iterator[int]:
    """The page on waitress at 127.0.0.1 (a free port) with a 1 s request deadline, in a thread."""
    from bot.web.server import PageServer

    client, _ = make_client(index, tmp_path)
    server = PageServer(client.application, "127.0.0.1", 0, deadline=1.0, channel_timeout=2, cleanup_interval=1,
                        **limits)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.port
    finally:
        server.close()
        thread.join(10)


@pytest.fixture
def served(built_index: Path, tmp_path: Path) -> Iterator[int]:
    """The page served, its port."""
    with serving(built_index, tmp_path) as port:
        yield port


def _get(port: int, path: str = "/") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


def test_a_trickled_request_is_cut_off_while_the_page_answers_others(served: int) -> None:
    slow = [socket.create_connection(("127.0.0.1", served), timeout=30) for _ in range(200)]
    try:
        for s in slow:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert _get(served, "/?q=r%C3%A5dmannens+ansvar").startswith(b"HTTP/1.1 200")
        closed = 0
        for _ in range(100):  # one header byte every 0.1 s: never idle, never finished
            for s in slow:
                try:
                    s.sendall(b"X")
                except OSError:
                    pass
            time.sleep(0.1)
            closed = sum(_is_closed(s) for s in slow)
            if closed == len(slow):
                break
        assert closed == len(slow)
    finally:
        for s in slow:
            s.close()


def test_a_long_pasted_question_gets_the_page_s_too_long_note_not_the_server_s_error(served: int) -> None:
    """60,000 characters pasted in the question box had got waitress's plain "Request Header Fields Too Large"."""
    from urllib.parse import quote

    pasted = ("Kommunestyret skal behandle rådmannens forslag til budsjett for neste år. " * 1200)[:100_000]
    reply = _get(served, "/?q=" + quote(pasted))
    assert reply.startswith(b"HTTP/1.1 200") and "Spørsmålet er for langt".encode() in reply


def test_one_address_cannot_hold_every_connection(built_index: Path, tmp_path: Path) -> None:
    with serving(built_index, tmp_path, per_client=20) as port:
        held = [socket.create_connection(("127.0.0.1", port), timeout=30, source_address=("127.0.0.2", 0))
                for _ in range(60)]
        try:
            for s in held:
                s.sendall(b"GET / HTTP/1.1\r\n")
            assert _get(port, "/?q=r%C3%A5dmannens+ansvar").startswith(b"HTTP/1.1 200")  # another address
            closed: list[bool] = []
            for _ in range(50):  # the connections over the limit are closed unread, at once
                closed = [_is_closed(s) for s in held]
                if sum(closed) >= 40:
                    break
                time.sleep(0.1)
            assert sum(closed) == 40 and not any(closed[:20])
        finally:
            for s in held:
                s.close()


def _is_closed(s: socket.socket) -> bool:
    s.setblocking(False)
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        s.setblocking(True)


def test_serve_on_another_loopback_address_answers(built_index: Path, tmp_path: Path) -> None:
    client, _ = make_client(built_index, tmp_path)
    for host in ("127.0.0.2:8080", "127.5.6.7", "[::1]:8080", "[::1]", "localhost:80"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    for host in ("rebound.example", "127.0.0.1.evil.example", "10.0.0.1:80", "[::2]:80"):
        assert client.get("/", headers={"Host": host}).status_code == 400, host
