"""A fake Telegram Bot API server on 127.0.0.1 for tests and load runs of real PTB applications."""

from __future__ import annotations

import asyncio
import json
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

BOT_USERNAME = "kommunebot_test_bot"
MAX_TEXT_LENGTH = 4096

JSONDict = dict[str, Any]


# --------------------------------------------------------------------------- Telegram HTML


class _Tag(NamedTuple):
    name: str
    start: int  # UTF-16 offset into the plain text, as Telegram counts entity offsets
    entity: JSONDict


_ALLOWED_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_SPECIAL = re.compile(r"[<&]")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_END = re.compile(r"[\s>]")
_ATTR_NAME_END = re.compile(r"[\s=>]")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")


def _u16(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(match: re.Match[str]) -> str | None:
    """The character an &...; entity stands for, or None for an out-of-range code point."""
    named, dec, hexa = match.groups()
    if named:
        return _NAMED[named]
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def parse_telegram_html_entities(text: str, *, strict: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse Telegram-flavoured HTML like the Bot API does: the plain text and its entities.

    Raises ValueError with Telegram's wording ("Unsupported start tag ...") on invalid markup.
    With ``strict`` a bare '&' (or an unknown entity like ``&nbsp;``) is an error too; real
    Telegram keeps it literally, but in a bot it always means a missing ``html.escape``.
    """
    out: list[str] = []
    u16 = 0
    stack: list[_Tag] = []
    entities: list[JSONDict] = []
    pos, n = 0, len(text)

    def byte_at(index: int) -> int:
        # Telegram reports UTF-8 byte offsets; only computed on the error path.
        return len(text[:index].encode("utf-8"))

    while pos < n:
        match = _SPECIAL.search(text, pos)
        end = match.start() if match else n
        if end > pos:
            chunk = text[pos:end]
            out.append(chunk)
            u16 += _u16(chunk)
        if not match:
            break
        i = end
        if text[i] == "&":
            entity = _ENTITY.match(text, i)
            char = _decode_entity(entity) if entity else None
            if char is None:
                if strict:
                    raise ValueError(
                        f'Unescaped "&" at byte offset {byte_at(i)} (write &amp;; '
                        "Telegram would keep it, this fake server is stricter)"
                    )
                char, entity_end = "&", i + 1
            else:
                entity_end = entity.end()  # type: ignore[union-attr]
            out.append(char)
            u16 += _u16(char)
            pos = entity_end
            continue

        begin = i
        if i + 1 < n and text[i + 1] == "/":
            if not stack:
                raise ValueError(f"Unexpected end tag at byte offset {byte_at(begin)}")
            name_end = _TAG_END.search(text, i + 2)
            j = name_end.start() if name_end else n
            end_name = text[i + 2 : j].lower()
            while j < n and text[j].isspace():
                j += 1
            if j >= n or text[j] != ">":
                raise ValueError(f"Unclosed end tag at byte offset {byte_at(begin)}")
            top = stack[-1]
            if end_name and end_name != top.name:
                raise ValueError(
                    f"Unmatched end tag at byte offset {byte_at(begin)}, "
                    f'expected "</{top.name}>", found "</{end_name}>"'
                )
            stack.pop()
            length = u16 - top.start
            if length > 0:  # Telegram silently drops empty entities
                entities.append({**top.entity, "offset": top.start, "length": length})
            pos = j + 1
            continue

        name_end = _TAG_END.search(text, i + 1)
        if not name_end:
            raise ValueError(f"Unclosed start tag at byte offset {byte_at(begin)}")
        j = name_end.start()
        tag = text[i + 1 : j].lower()
        if tag not in _ALLOWED_TAGS:
            raise ValueError(f'Unsupported start tag "{tag}" at byte offset {byte_at(begin)}')
        attrs: dict[str, str] = {}
        while True:
            while j < n and text[j].isspace():
                j += 1
            if j >= n:
                raise ValueError(f"Unclosed start tag at byte offset {byte_at(begin)}")
            if text[j] == ">":
                break
            attr_end = _ATTR_NAME_END.search(text, j)
            k = attr_end.start() if attr_end else n
            attr = text[j:k].lower()
            if not attr:
                raise ValueError(f'Empty attribute name in the tag "{tag}" at byte offset {byte_at(begin)}')
            while k < n and text[k].isspace():
                k += 1
            if k >= n or text[k] != "=":
                if tag == "blockquote" and attr == "expandable":
                    attrs[attr] = ""
                    j = k
                    continue
                raise ValueError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {byte_at(begin)}'
                )
            k += 1
            while k < n and text[k].isspace():
                k += 1
            if k >= n:
                raise ValueError(f"Unclosed start tag at byte offset {byte_at(begin)}")
            if text[k] in "\"'":
                quote = text[k]
                close = text.find(quote, k + 1)
                if close < 0:
                    raise ValueError(f"Unclosed start tag at byte offset {byte_at(begin)}")
                raw = text[k + 1 : close]
                value = _ENTITY.sub(lambda m: _decode_entity(m) or m.group(0), raw)
                j = close + 1
            else:
                token = _NAME_TOKEN.match(text, k)
                value = token.group(0).lower()  # type: ignore[union-attr]
                j = token.end()  # type: ignore[union-attr]
                if j < n and not (text[j].isspace() or text[j] == ">"):
                    raise ValueError(f"Unexpected end of name token at byte offset {byte_at(k)}")
            attrs[attr] = value

        entity: JSONDict = {"type": _ALLOWED_TAGS[tag]}
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise ValueError(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_at(begin)}')
        if tag == "a" and attrs.get("href"):
            entity["url"] = attrs["href"]
        if tag == "tg-emoji":
            if not attrs.get("emoji-id"):
                raise ValueError(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {byte_at(begin)}')
            entity["custom_emoji_id"] = attrs["emoji-id"]
        if tag == "blockquote" and "expandable" in attrs:
            entity["type"] = "expandable_blockquote"
        if tag == "code" and attrs.get("class", "").startswith("language-") and stack and stack[-1].name == "pre":
            stack[-1].entity["language"] = attrs["class"][len("language-") :]
        stack.append(_Tag(tag, u16, entity))
        pos = j + 1

    if stack:
        raise ValueError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def parse_telegram_html(text: str, *, strict: bool = True) -> str:
    """The plain text of a Telegram HTML message; ValueError when Telegram would reject it."""
    return parse_telegram_html_entities(text, strict=strict)[0]


# --------------------------------------------------------------------------- records


class Call(NamedTuple):
    """One request the server received; ``timestamp`` is ``time.monotonic()``."""

    method: str
    params: JSONDict
    timestamp: float


class Fault(NamedTuple):
    """One injected failure: the HTTP status returned, or "drop" for a closed connection."""

    method: str
    kind: int | str
    timestamp: float


class _FaultSpec(NamedTuple):
    kind: int | str  # an HTTP status, "drop" (before handling) or "drop_after" (after)
    retry_after: int
    description: str | None


class ApiError(Exception):
    """A Bot API error answer: raised inside handlers, turned into the JSON Telegram sends."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> JSONDict:
        """The response object Telegram sends for this error."""
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class _Drop(Exception):
    """Close the connection without an answer."""


_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}

# Form fields PTB sends raw (not JSON-encoded); everything else is decoded as JSON when it parses.
_STRING_PARAMS = {
    "text", "parse_mode", "callback_query_id", "data", "url", "description", "short_description",
    "language_code", "action", "inline_message_id", "secret_token", "ip_address", "caption",
    "title", "name", "query", "emoji", "business_connection_id", "message_effect_id",
}  # fmt: skip
# Parameters that are JSON objects even in a JSON body (clients may send them as strings).
_OBJECT_PARAMS = {
    "reply_markup", "entities", "allowed_updates", "commands", "scope", "reply_parameters",
    "link_preview_options", "caption_entities",
}  # fmt: skip
_DEFAULT_ALLOWED = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
        "business_message", "edited_business_message", "deleted_business_messages", "inline_query",
        "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query",
        "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_join_request",
        "chat_boost", "removed_chat_boost",
    }
)  # fmt: skip
_CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}  # fmt: skip
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}\b")
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")


def _coerce(name: str, value: str) -> Any:
    """A form field as the Bot API reads it: JSON for numbers, booleans and objects."""
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channelname"


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


# --------------------------------------------------------------------------- the server


class FakeBotAPI:
    """A Bot API server on 127.0.0.1 in a background thread, scripted from the test thread.

    Point PTB at it with ``ApplicationBuilder().base_url(server.base_url)`` or
    ``Bot(token, base_url=server.base_url)``. All public methods are thread-safe.
    """

    def __init__(
        self,
        *,
        bot_username: str = BOT_USERNAME,
        bot_first_name: str = "Kommunebot",
        bot_id: int | None = None,
        strict_html: bool = True,
        token: str | None = None,
    ) -> None:
        """:param bot_id: default: the number before ':' in the token of the first request.
        :param token: when set, requests with another token get 401 like Telegram's.
        """
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.bot_id = bot_id
        self.strict_html = strict_html
        self.token = token
        self.host = "127.0.0.1"
        self.port = 0
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._poll_event: asyncio.Event | None = None
        self._next_update_id = 1
        self._update_seq = 0
        self.reset()

    # ----------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url()``: PTB appends ``{token}/{method}``."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url()``."""
        return f"http://{self.host}:{self.port}/file/bot"

    def start(self) -> FakeBotAPI:
        """Bind an ephemeral port and serve from a daemon thread with its own event loop."""
        if self._thread is not None:
            return self
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                self._poll_event = asyncio.Event()
                self._server = loop.run_until_complete(
                    asyncio.start_server(self._serve, self.host, 0, backlog=1024, limit=1 << 20)
                )
                self.port = self._server.sockets[0].getsockname()[1]
            except BaseException as exc:  # surfaced in start() rather than lost in a thread
                errors.append(exc)
                ready.set()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name="FakeBotAPI", daemon=True)
        self._thread.start()
        ready.wait()
        if errors:
            self._thread = None
            raise errors[0]
        return self

    def stop(self) -> None:
        """Close the listener and every open connection, then end the thread."""
        if self._thread is None or self._loop is None:
            return

        async def shutdown() -> None:
            assert self._server is not None
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._thread = None
        self._loop = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget calls, messages, queued updates and scripted faults; update ids keep rising."""
        with self._lock:
            self._calls: list[Call] = []
            self._faults: list[Fault] = []
            self._call_counts: dict[str, int] = {}
            self._queue: deque[JSONDict] = deque()
            self._injected: dict[int, JSONDict] = {}
            self._messages: dict[tuple[int | str, int], JSONDict] = {}
            self._sent: list[tuple[int | str, int]] = []
            self._sent_counts: dict[int | str, int] = {}
            self._next_message_id: dict[int | str, int] = {}
            self._chats: dict[int | str, JSONDict] = {}
            self._callbacks: dict[str, bool] = {}  # id -> answered
            self._commands: dict[str, list[JSONDict]] = {}
            self._webhook: JSONDict = {}
            self._allowed_updates: frozenset[str] = _DEFAULT_ALLOWED
            self._scripted: dict[str, deque[_FaultSpec]] = {}
            self._delays: dict[str, float] = {}
            self._blocked: set[int | str] = set()
            self._random: tuple[random.Random, float, frozenset[str], tuple[int | str, ...], int] | None = None
            self.confirmed_offset = 0
            self._changed.notify_all()

    # ----------------------------------------------------------------- scripting: updates

    def _bot_user(self) -> JSONDict:
        return {
            "id": self.bot_id or 123456,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _chat(self, chat_id: int | str, chat_type: str | None = None, **fields: Any) -> JSONDict:
        """The Chat object for ``chat_id``, created on first use (private for positive ids)."""
        chat = self._chats.get(chat_id)
        if chat is None or (chat_type and chat["type"] != chat_type):
            kind = chat_type or ("private" if isinstance(chat_id, int) and chat_id > 0 else "group")
            chat = {"id": chat_id, "type": kind}
            if kind == "private":
                chat["first_name"] = fields.get("first_name") or "Test"
                if fields.get("username"):
                    chat["username"] = fields["username"]
            else:
                chat["title"] = fields.get("title") or f"Test {kind} {chat_id}"
            self._chats[chat_id] = chat
        return chat

    def _new_message_id(self, chat_id: int | str) -> int:
        # Telegram numbers messages per chat; user and bot messages share the sequence.
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _enqueue(self, kind: str, payload: JSONDict) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        update = {"update_id": update_id, kind: payload}
        self._queue.append(update)
        self._injected[update_id] = update
        self._changed.notify_all()
        if self._loop is not None and self._poll_event is not None:
            self._loop.call_soon_threadsafe(self._wake_pollers)
        return update_id

    def _wake_pollers(self) -> None:
        """Runs on the server loop: release every waiting getUpdates."""
        assert self._poll_event is not None
        self._poll_event.set()
        self._poll_event = asyncio.Event()

    def inject_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        username: str | None = None,
        first_name: str = "Test",
        reply_to_bot: bool = False,
        reply_to: int | None = None,
        entities: list[JSONDict] | None = None,
        chat_title: str | None = None,
        language_code: str = "nb",
    ) -> int:
        """Queue a user's text message as an Update; returns its update_id.

        ``user_id`` defaults to ``chat_id`` for private chats. Entities default to what Telegram
        computes: a bot_command at the start of "/cmd@bot args" and a mention for "@username".
        ``reply_to_bot`` makes it a reply to the last message the bot sent in the chat, ``reply_to`` to the
        chat's message of that id (the bot's or the user's).
        """
        if user_id is None:
            user_id = chat_id if chat_type == "private" else abs(chat_id) % 1_000_000_000 + 1
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}
        if username:
            user["username"] = username
        with self._lock:
            chat = self._chat(chat_id, chat_type, first_name=first_name, username=username, title=chat_title)
            message: JSONDict = {
                "message_id": self._new_message_id(chat_id),
                "from": user,
                "chat": chat,
                "date": int(time.time()),
                "text": text,
            }
            if entities is None:
                entities = _auto_entities(text)
            if entities:
                message["entities"] = entities
            if reply_to_bot:
                message["reply_to_message"] = self._last_bot_message(chat_id)
            elif reply_to is not None:
                message["reply_to_message"] = self._messages[(chat_id, reply_to)]
            # Stored so the bot can quote it (reply_parameters) as in a real chat.
            self._messages[(chat_id, message["message_id"])] = message
            return self._enqueue("message", message)

    def inject_edit(self, chat_id: int, message_id: int, text: str) -> int:
        """Queue an ``edited_message``: the user changed the text of a message they sent earlier (a photo's or file's
        caption, where it has no text)."""
        with self._lock:
            old = self._messages.get((chat_id, message_id))
            if old is None or old.get("from", {}).get("is_bot"):
                raise ValueError(f"the user sent no message {message_id} to chat {chat_id}")
            field = "text" if "text" in old else "caption"
            edited = {k: v for k, v in old.items() if k not in ("entities", "caption_entities")}
            edited.update({field: text, "edit_date": int(time.time())})
            entities = _auto_entities(text)
            if entities:
                edited["entities" if field == "text" else "caption_entities"] = entities
            self._messages[(chat_id, message_id)] = edited
            return self._enqueue("edited_message", edited)

    def inject_media(self, chat_id: int, kind: str, *, emoji: str = "👍", caption: str | None = None,
                     chat_type: str = "private") -> int:
        """Queue a message with no text: a ``sticker``, ``photo``, ``voice`` or ``document``, with a ``caption`` (its
        mentions as entities, as Telegram sends them) in a chat of ``chat_type``."""
        file = {"file_id": f"F{random.getrandbits(40)}", "file_unique_id": f"U{random.getrandbits(30)}"}
        payloads: dict[str, Any] = {
            "sticker": {**file, "type": "regular", "width": 512, "height": 512, "is_animated": False,
                        "is_video": False, "emoji": emoji},
            "photo": [{**file, "width": 320, "height": 240}],
            "voice": {**file, "duration": 3, "mime_type": "audio/ogg"},
            "document": {**file, "file_name": "vedtak.pdf", "mime_type": "application/pdf"},
        }
        if kind not in payloads:
            raise ValueError(f"unknown media kind {kind!r}")
        user_id = chat_id if chat_type == "private" else abs(chat_id) % 1_000_000_000 + 1
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": "nb"}
        with self._lock:
            chat = self._chat(chat_id, chat_type, first_name="Test", title="Test group")
            message: JSONDict = {"message_id": self._new_message_id(chat_id), "from": user, "chat": chat,
                                 "date": int(time.time()), kind: payloads[kind]}
            if caption is not None:
                message["caption"] = caption
                if entities := _auto_entities(caption):
                    message["caption_entities"] = entities
            self._messages[(chat_id, message["message_id"])] = message
            return self._enqueue("message", message)

    def _last_bot_message(self, chat_id: int | str) -> JSONDict:
        for key in reversed(self._sent):
            if key[0] == chat_id:
                return self._messages[key]
        raise ValueError(f"the bot has sent nothing to chat {chat_id} to reply to")

    def inject_callback(self, chat_id: int, user_id: int, data: str, message_id: int, language_code: str = "nb") -> int:
        """Queue a button press on a message the bot sent; returns its update_id."""
        with self._lock:
            message = self._messages.get((chat_id, message_id))
            if message is None or not message.get("from", {}).get("is_bot"):
                raise ValueError(f"the bot sent no message {message_id} to chat {chat_id}")
            query_id = str(random.getrandbits(63))
            self._callbacks[query_id] = False
            query = {
                "id": query_id,
                "from": {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": language_code},
                "message": message,
                "chat_instance": str(abs(hash(chat_id))),
                "data": data,
            }
            return self._enqueue("callback_query", query)

    def injected(self, update_id: int) -> JSONDict:
        """The Update dict that ``inject_*`` built for ``update_id``."""
        with self._lock:
            return self._injected[update_id]

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._lock:
            return len(self._queue)

    # ----------------------------------------------------------------- scripting: faults

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        count: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` ("*" for any) with an error status.

        429 carries ``parameters.retry_after``; 400 takes a ``description`` ("Bad Request: ...").
        The failed call has no effect: a failed sendMessage delivers nothing.
        """
        with self._lock:
            queue = self._scripted.setdefault(method.lower(), deque())
            queue.extend([_FaultSpec(status, retry_after, description)] * count)

    def drop_next(self, method: str, count: int = 1, *, after: bool = False) -> None:
        """Close the connection without answering the next ``count`` calls of ``method``.

        With ``after`` the call takes effect first (the message is delivered, the answer is
        lost), the case that makes a retrying client send a reply twice.
        """
        with self._lock:
            queue = self._scripted.setdefault(method.lower(), deque())
            queue.extend([_FaultSpec("drop_after" if after else "drop", 0, None)] * count)

    def delay(self, method: str, seconds: float) -> None:
        """Answer every call of ``method`` ("*" for any) ``seconds`` late; 0 stops it."""
        with self._lock:
            if seconds > 0:
                self._delays[method.lower()] = seconds
            else:
                self._delays.pop(method.lower(), None)

    def random_faults(
        self,
        probability: float,
        *,
        seed: int = 0,
        methods: Iterable[str] = ("sendMessage", "editMessageText", "editMessageReplyMarkup",
                                  "answerCallbackQuery", "sendChatAction"),
        kinds: Sequence[int | str] = (429, 500, 502, "drop"),
        retry_after: int = 1,
    ) -> None:
        """Fail each call of ``methods`` with ``probability``, kind chosen from ``kinds``; 0 stops.

        Seeded, so a single-connection run repeats exactly; under concurrency the request order
        (and so which call fails) varies, but the fault rate does not.
        """
        with self._lock:
            if probability <= 0:
                self._random = None
            else:
                self._random = (
                    random.Random(seed),
                    probability,
                    frozenset(m.lower() for m in methods),
                    tuple(kinds),
                    retry_after,
                )

    def block_chat(self, chat_id: int | str, blocked: bool = True) -> None:
        """Every send to ``chat_id`` answers 403 "bot was blocked by the user" until unblocked."""
        with self._lock:
            (self._blocked.add if blocked else self._blocked.discard)(chat_id)

    def _pick_fault(self, method: str) -> _FaultSpec | None:
        key = method.lower()
        for name in (key, "*"):
            queue = self._scripted.get(name)
            if queue:
                return queue.popleft()
        if self._random is not None:
            rng, probability, methods, kinds, retry_after = self._random
            if key in methods and rng.random() < probability:
                return _FaultSpec(rng.choice(kinds), retry_after, None)
        return None

    # ----------------------------------------------------------------- inspection

    @property
    def calls(self) -> list[Call]:
        """Every request so far, failed ones included: (method, params, monotonic time)."""
        with self._lock:
            return list(self._calls)

    @property
    def faults(self) -> list[Fault]:
        """Every injected failure so far."""
        with self._lock:
            return list(self._faults)

    def calls_of(self, method: str) -> list[Call]:
        """The recorded calls of one method."""
        key = method.lower()
        with self._lock:
            return [call for call in self._calls if call.method.lower() == key]

    def call_count(self, method: str) -> int:
        """How many calls of ``method`` arrived (failed ones included); cheap."""
        with self._lock:
            return self._call_counts.get(method.lower(), 0)

    def sent_messages(self, chat_id: int | str | None = None) -> list[JSONDict]:
        """Messages the bot delivered, in order, as currently shown (edits applied).

        Only successful sends count. The dicts are shared snapshots: read, don't mutate.
        """
        with self._lock:
            keys = self._sent if chat_id is None else [k for k in self._sent if k[0] == chat_id]
            return [self._messages[k] for k in keys]

    def sent_count(self, chat_id: int | str | None = None) -> int:
        """How many messages the bot delivered (to ``chat_id``); cheap enough for predicates."""
        with self._lock:
            return len(self._sent) if chat_id is None else self._sent_counts.get(chat_id, 0)

    def commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """The command list last set for a scope and language."""
        with self._lock:
            return list(self._commands.get(_commands_key(scope, language_code), []))

    @property
    def webhook_url(self) -> str:
        """The webhook recorded by setWebhook ("" when none)."""
        with self._lock:
            return self._webhook.get("url", "")

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Block until ``predicate()`` is true; it is re-checked on every state change.

        Raises TimeoutError. Don't call it from the event loop that runs the bot: it blocks that
        loop; use ``await wait_for_async(...)`` there.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"condition not met within {timeout} s; calls: {self._summary()}")
                self._changed.wait(remaining)

    def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` arrived; returns those calls."""
        self.wait_for(lambda: self.call_count(method) >= count, timeout)
        return self.calls_of(method)

    def wait_for_messages(self, count: int, chat_id: int | str | None = None, timeout: float = 5.0) -> list[JSONDict]:
        """Block until the bot delivered ``count`` messages (to ``chat_id``); returns them."""
        self.wait_for(lambda: self.sent_count(chat_id) >= count, timeout)
        return self.sent_messages(chat_id)

    async def wait_for_async(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """``wait_for`` for async tests: waits in a worker thread so the bot's loop keeps running."""
        await asyncio.to_thread(self.wait_for, predicate, timeout)

    async def wait_for_calls_async(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """``wait_for_calls`` for async tests."""
        return await asyncio.to_thread(self.wait_for_calls, method, count, timeout)

    async def wait_for_messages_async(
        self, count: int, chat_id: int | str | None = None, timeout: float = 5.0
    ) -> list[JSONDict]:
        """``wait_for_messages`` for async tests."""
        return await asyncio.to_thread(self.wait_for_messages, count, chat_id, timeout)

    def _summary(self) -> str:
        counts = ", ".join(f"{name} x{n}" for name, n in sorted(self._call_counts.items()))
        return f"{counts or 'none'}; delivered {len(self._sent)}; faults {len(self._faults)}"

    # ----------------------------------------------------------------- HTTP

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                try:
                    verb, target, _version = request_line.split(" ", 2)
                except ValueError:
                    return
                headers = {}
                for line in header_lines:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                if headers.get("transfer-encoding", "").lower() == "chunked":
                    body = await _read_chunked(reader)
                else:
                    body = await reader.readexactly(int(headers.get("content-length") or 0))
                try:
                    status, payload = await self._dispatch(verb, target, headers, body)
                except _Drop:
                    return
                data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
                keep_alive = headers.get("connection", "").lower() != "close"
                writer.write(
                    f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
                    "Server: fakebotapi\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\n"
                    f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n".encode("latin-1")
                    + data
                )
                await writer.drain()
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return
        except asyncio.CancelledError:
            # stop() cancels open connections; finishing normally keeps asyncio 3.11 from
            # logging "Exception in callback" for each cancelled client_connected_cb task.
            return
        finally:
            self._connections.discard(task)
            writer.close()

    async def _dispatch(self, verb: str, target: str, headers: dict[str, str], body: bytes) -> tuple[int, JSONDict]:
        """Route one request: parse it, record it, apply faults, run the method."""
        url = urlsplit(target)
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", unquote(url.path))
        if not match:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method = match.groups()
        if self.token is not None and token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if self.bot_id is None and token.split(":", 1)[0].isdigit():
            self.bot_id = int(token.split(":", 1)[0])
        try:
            params = _parse_params(url.query, headers.get("content-type", ""), body)
        except ApiError as err:
            return err.code, err.body()
        handler = _HANDLERS.get(method.lower())
        name = handler.__name__[1:] if handler else method  # canonical spelling, as documented
        now = time.monotonic()
        with self._lock:
            self._calls.append(Call(name, params, now))
            self._call_counts[name.lower()] = self._call_counts.get(name.lower(), 0) + 1
            fault = self._pick_fault(name)
            delay = self._delays.get(name.lower(), self._delays.get("*", 0.0))
            if fault is not None:
                self._faults.append(Fault(name, fault.kind, now))
            self._changed.notify_all()
        if delay:
            await asyncio.sleep(delay)
        if fault is not None and fault.kind != "drop_after":
            if fault.kind == "drop":
                raise _Drop
            return _fault_answer(fault)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        try:
            if handler is FakeBotAPI._getUpdates:
                result = await self._getUpdates(params)
            else:
                with self._lock:
                    result = handler(self, params)
                    self._changed.notify_all()
        except ApiError as err:
            return err.code, err.body()
        if fault is not None:  # drop_after: the call took effect, the answer is lost
            raise _Drop
        return 200, {"ok": True, "result": result}

    # ----------------------------------------------------------------- methods
    # Named exactly like the Bot API methods (with a leading underscore) so the router and the
    # recorded call names come from one place. All but getUpdates run under self._lock.

    def _getMe(self, params: JSONDict) -> JSONDict:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _getUpdates(self, params: JSONDict) -> list[JSONDict]:
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        with self._lock:
            if self._webhook.get("url"):
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            if "allowed_updates" in params and params["allowed_updates"] is not None:
                allowed = params["allowed_updates"]
                self._allowed_updates = frozenset(allowed) if allowed else _DEFAULT_ALLOWED
            self._confirm(offset)
            self._update_seq += 1
            me = self._update_seq
        deadline = time.monotonic() + timeout
        while True:
            assert self._poll_event is not None
            event = self._poll_event
            with self._lock:
                if me != self._update_seq:
                    # A newer getUpdates took over, as when two bot instances poll at once.
                    raise ApiError(409, _DEFAULT_DESCRIPTIONS[409])
                self._confirm(offset)
                if self._queue:
                    return list(self._queue)[:limit]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass

    def _confirm(self, offset: int) -> None:
        """Apply getUpdates' offset: drop confirmed updates and those of unwanted types."""
        queue = self._queue
        if offset > 0:
            while queue and queue[0]["update_id"] < offset:
                queue.popleft()
            if offset > self.confirmed_offset:
                self.confirmed_offset = offset
        elif offset < 0:
            # A negative offset keeps only the last -offset updates and forgets the rest.
            while len(queue) > -offset:
                queue.popleft()
        # Telegram never stores updates of types the bot did not ask for.
        if any(_update_kind(u) not in self._allowed_updates for u in queue):
            kept = [u for u in queue if _update_kind(u) in self._allowed_updates]
            queue.clear()
            queue.extend(kept)

    def _check_chat(self, params: JSONDict) -> int | str:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        if chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _render(self, params: JSONDict) -> tuple[str, list[JSONDict] | None]:
        """The plain text and entities Telegram would show for text/parse_mode/entities."""
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad("message text is empty")
        entities = params.get("entities")
        mode = (params.get("parse_mode") or "").lower()
        if mode == "html":
            try:
                text, entities = parse_telegram_html_entities(text, strict=self.strict_html)
            except ValueError as err:
                raise _bad(f"can't parse entities: {err}") from None
        if not text.strip():
            raise _bad("message text is empty")
        if len(text.strip()) > MAX_TEXT_LENGTH:
            raise _bad("message is too long")
        return text, entities or None

    def _check_markup(self, params: JSONDict) -> JSONDict | None:
        """The inline keyboard to show (Telegram echoes only those), validated."""
        markup = params.get("reply_markup")
        if not isinstance(markup, dict) or "inline_keyboard" not in markup:
            return None
        for row in markup["inline_keyboard"]:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise _bad("BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise _bad("BUTTON_TEXT_INVALID")
        return markup

    def _sendMessage(self, params: JSONDict) -> JSONDict:
        chat_id = self._check_chat(params)
        text, entities = self._render(params)
        markup = self._check_markup(params)
        message: JSONDict = {
            "message_id": self._new_message_id(chat_id),
            "from": self._bot_user(),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if markup:
            message["reply_markup"] = markup
        reply = params.get("reply_parameters") or {}
        reply_id = reply.get("message_id") if isinstance(reply, dict) else None
        reply_id = reply_id or params.get("reply_to_message_id")
        if reply_id:
            original = self._messages.get((chat_id, int(reply_id)))
            if original is None and not (isinstance(reply, dict) and reply.get("allow_sending_without_reply")):
                raise _bad("message to be replied not found")
            if original is not None:
                message["reply_to_message"] = {k: v for k, v in original.items() if k != "reply_to_message"}
        key = (chat_id, message["message_id"])
        self._messages[key] = message
        self._sent.append(key)
        self._sent_counts[chat_id] = self._sent_counts.get(chat_id, 0) + 1
        return message

    def _edited(self, params: JSONDict) -> tuple[tuple[int | str, int], JSONDict]:
        if params.get("inline_message_id"):
            raise _bad("inline messages are not supported by the fake server")
        chat_id = self._check_chat(params)
        key = (chat_id, int(params.get("message_id") or 0))
        message = self._messages.get(key)
        if message is None or not message["from"].get("is_bot"):
            raise _bad("message to edit not found")
        return key, message

    def _editMessageText(self, params: JSONDict) -> JSONDict:
        key, old = self._edited(params)
        text, entities = self._render(params)
        markup = self._check_markup(params)
        if text == old["text"] and entities == old.get("entities") and markup == old.get("reply_markup"):
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        new = {k: v for k, v in old.items() if k not in ("entities", "reply_markup")}
        new.update({"text": text, "edit_date": int(time.time())})
        if entities:
            new["entities"] = entities
        if markup:
            new["reply_markup"] = markup
        self._messages[key] = new
        return new

    def _editMessageReplyMarkup(self, params: JSONDict) -> JSONDict:
        key, old = self._edited(params)
        markup = self._check_markup(params)
        if markup == old.get("reply_markup"):
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        new = {k: v for k, v in old.items() if k != "reply_markup"}
        new["edit_date"] = int(time.time())
        if markup:
            new["reply_markup"] = markup
        self._messages[key] = new
        return new

    def _answerCallbackQuery(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if self._callbacks.get(query_id, True):  # unknown or already answered
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text") or "")) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        self._callbacks[query_id] = True
        return True

    def _setMyCommands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("parameter \"commands\" is required and must be a list of at most 100")
        for command in commands:
            if not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = _commands_key(params.get("scope"), params.get("language_code") or "")
        self._commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
        return True

    def _deleteMyCommands(self, params: JSONDict) -> bool:
        self._commands.pop(_commands_key(params.get("scope"), params.get("language_code") or ""), None)
        return True

    def _getMyCommands(self, params: JSONDict) -> list[JSONDict]:
        return list(self._commands.get(_commands_key(params.get("scope"), params.get("language_code") or ""), []))

    def _setWebhook(self, params: JSONDict) -> bool:
        if not params.get("url"):
            return self._deleteWebhook(params)
        self._webhook = {"url": params["url"], **{k: v for k, v in params.items() if k != "url"}}
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _deleteWebhook(self, params: JSONDict) -> bool:
        self._webhook = {}
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _getWebhookInfo(self, params: JSONDict) -> JSONDict:
        return {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }

    def _sendChatAction(self, params: JSONDict) -> bool:
        self._check_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    def _close(self, params: JSONDict) -> bool:
        return True

    def _logOut(self, params: JSONDict) -> bool:
        return True


_HANDLERS: dict[str, Callable[..., Any]] = {
    name[1:].lower(): func
    for name, func in vars(FakeBotAPI).items()
    if name[1:] in {
        "getMe", "getUpdates", "sendMessage", "editMessageText", "editMessageReplyMarkup",
        "answerCallbackQuery", "setMyCommands", "deleteMyCommands", "getMyCommands", "setWebhook",
        "deleteWebhook", "getWebhookInfo", "sendChatAction", "close", "logOut",
    }
}  # fmt: skip


# --------------------------------------------------------------------------- helpers


def _fault_answer(fault: _FaultSpec) -> tuple[int, JSONDict]:
    status = int(fault.kind)
    if status == 429:
        return 429, ApiError(
            429, f"Too Many Requests: retry after {fault.retry_after}", {"retry_after": fault.retry_after}
        ).body()
    description = fault.description or _DEFAULT_DESCRIPTIONS.get(status, "Error")
    return status, ApiError(status, description).body()


def _update_kind(update: JSONDict) -> str:
    return next(k for k in update if k != "update_id")


def _commands_key(scope: Any, language_code: str) -> str:
    scope = scope or {"type": "default"}
    return json.dumps(scope, sort_keys=True) + "|" + language_code


def _auto_entities(text: str) -> list[JSONDict]:
    """The entities Telegram attaches to a user's text: a leading bot_command and mentions."""
    entities: list[JSONDict] = []
    command = _COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": _u16(command.group(0))})
    for mention in _MENTION.finditer(text):
        if command and mention.start() < command.end():
            continue  # the "@bot" of "/start@bot" belongs to the command
        entities.append({"type": "mention", "offset": _u16(text[: mention.start()]), "length": _u16(mention.group(0))})
    return entities


def _parse_params(query: str, content_type: str, body: bytes) -> JSONDict:
    """The call's parameters from the query string and a JSON, form or multipart body."""
    params: JSONDict = {k: _coerce(k, v) for k, v in parse_qsl(query, keep_blank_values=True)}
    mime = content_type.split(";", 1)[0].strip().lower()
    if not body:
        pass
    elif mime == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError:
            raise _bad("can't parse JSON") from None
        if not isinstance(decoded, dict):
            raise _bad("JSON body must be an object")
        params.update(decoded)
    elif mime == "multipart/form-data":
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
        )
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name:
                continue
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename:
                params[name] = {"filename": filename, "size": len(payload)}
            else:
                params[name] = _coerce(name, payload.decode("utf-8"))
    else:  # application/x-www-form-urlencoded, what PTB sends without files
        for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            params[key] = _coerce(key, value)
    for key in _OBJECT_PARAMS & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                if key == "reply_markup":
                    raise _bad("can't parse reply keyboard markup JSON object") from None
                raise _bad(f"can't parse {key} JSON object") from None
    return params


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    """A chunked request body (httpx never sends one, other clients might)."""
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
