"""Reading `corpus/sources.toml`: each source's metadata and the cleaning rules."""

from __future__ import annotations

import datetime
import difflib
import re
import tomllib
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus.characters import printable, url_safe
from bot.corpus.encoding import SAVE_AS_UTF8, utf8_text
from bot.corpus.langtag import language_code

MANIFEST_NAME = "sources.toml"
READABLE = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".odt", ".pptx", ".odp", ".jsonl", ".jsonl.gz")


@dataclass(frozen=True)
class Rules:
    """Cleaning rules, compiled: the general ones merged with a source's own."""

    drop_lines: tuple[re.Pattern[str], ...] = ()
    drop_between: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()
    strip: tuple[re.Pattern[str], ...] = ()
    teaser_marker: str = ""
    teaser_lines: int = 3


@dataclass(frozen=True)
class SourceInfo:
    """What the manifest says of one file."""

    file: str
    id: str
    title: str
    publisher: str = ""
    lang: str = ""
    date: str = ""
    url: str | None = None
    layout: str = "article"
    rules: Rules = field(default_factory=Rules)
    semantic: bool = False  # embed this source even when the index is above KOMMUNEBOT_SEMANTIC_MAX_CHUNKS


# what only describes a source in its citation (no cleaning, chunking or id reads it), and its language, which is
# detected when left out: a bad one is left out and the source indexed without it (an error all the same); every
# other bad key skips the file. A lang no analyzer knows ("sv", a typo) had skipped the file, taking an indexed
# document out of the index (0.4.42)
METADATA_KEYS = ("publisher", "date", "url", "lang")
LAYOUTS = ("article", "slides")
LANGUAGES = ("nb", "nn", "da", "en")  # what the analyzer and the answers know
TEXT_KEYS = ("id", "title", "publisher", "lang", "url", "layout", "teaser_marker")
RULE_KEYS = ("drop_lines", "drop_between", "strip", "teaser_marker", "teaser_lines")
ENTRY_KEYS = frozenset(("file", "date", "semantic", *TEXT_KEYS, *RULE_KEYS))
TABLES = {"source": "[[source]]", "cleaning": "[cleaning]"}  # what the manifest holds at its top, as it is written


class EntryError(ValueError):
    """One manifest entry or table breaks the schema; the message names the key."""


@dataclass(frozen=True)
class Unmatched:
    """An entry whose file name matches no file, and the files no entry describes whose names are near it."""

    where: str
    keys: tuple[str, ...]  # the entry's keys but `file`: what a near file is indexed without
    near: tuple[str, ...]  # best first
    case_only: bool        # the best differs from the entry's name in case alone

    def error(self, skipped: Collection[str] | None) -> str:
        """The error with its fix; `skipped` are the near files the build did not index (None: not known)."""
        found = f"{self.where}: matches no file in the corpus folder; "
        if not self.near:
            return found + "correct the name or remove the entry"
        case = " (file names are case-sensitive)" if self.case_only else ""
        hint = f"did you mean {_listed(list(self.near), 'or')}{case}?"
        if skipped is None:
            return f"{found}{hint}"
        # a near file the build could not read was not indexed at all: saying it lacks the entry would be false
        lacked = f"this entry's {_listed(list(self.keys))}" if self.keys else "this entry"
        indexed = [name for name in self.near if name not in skipped]
        unread = [name for name in self.near if name in skipped]
        told = [f"{self._were(indexed)} indexed without {lacked}"] if indexed else []
        told += [f"{self._were(unread)} skipped (see {'its' if len(unread) == 1 else 'their'} own error)"] \
            if unread else []
        return f"{found}{hint} {'; '.join(told)}"

    def _were(self, names: list[str]) -> str:
        """`a.txt was`, `each was` (all the near files), `a.txt and b.txt were`."""
        return f"{names[0]} was" if len(names) == 1 else "each was" if len(names) == len(self.near) else \
            f"{_listed(names)} were"


@dataclass(frozen=True)
class BadMetadata:
    """An entry's publisher, date, url or lang that breaks the schema: left out, and its file read without it."""

    where: str
    file: str
    key: str
    why: str

    def error(self, skipped: Collection[str] | None) -> str:
        """The error with what became of the file; `skipped` are the files the build did not index (None: not known)."""
        if skipped is None:
            return f"{self.where}: {self.why}"
        # a file the build could not read was not indexed at all: saying it lacks the key would be false
        became = "was not indexed (see its own error)" if self.file in skipped else \
            f"was indexed without this {self.key}" + (", its language detected" if self.key == "lang" else "")
        return f"{self.where}: {self.why}; {self.file} {became}"


@dataclass(frozen=True)
class Manifest:
    """The manifest read leniently: what it says of each file, and what was wrong with it.

    `errors` name the manifest's own problems, a bad entry, key or table (the build exits 1); `unreadable` the folder's
    files never read (a link out of it, a name not UTF-8); `unmatched` are the entries that match no file, and
    `bad_metadata` the bad publisher, date or url keys left out, errors too, told by their `error` once the files are
    read (a file may then turn out unreadable); `left_out` names the files the errors kept out of the index;
    `warnings` name an entry that did nothing otherwise (repeated a file, pointed outside the folder, named a file that
    is not read).
    """

    sources: dict[str, SourceInfo]
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    bad_metadata: tuple[BadMetadata, ...] = ()
    unreadable: tuple[str, ...] = ()
    # why the manifest could not be read at all ("" when it could, or there is none): a build stops on it, since an
    # index built without it loses every source's id, title, layout and cleaning, and would replace the one in service
    unusable: str = ""


def shown_name(name: str) -> str:
    """A file name fit to print: bytes that are not UTF-8 as U+FFFD, terminal escapes and controls as escapes."""
    return printable(name)


def _compile(patterns: list[str], key: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise EntryError(f"{key}: bad regular expression: {exc}") from None


def _strings(table: dict, key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EntryError(f"{key} must be a list of patterns in quotes, like {key} = ['...'], not {value!r}")
    return value


def _rules(table: dict, base: Rules) -> Rules:
    """The rules of one table (checked against the schema) added to `base`."""
    pairs = []
    between = table.get("drop_between", [])
    if not isinstance(between, list):
        raise EntryError(f"drop_between must be a list of [start, end] pairs, not {between!r}")
    for pair in between:
        if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(p, str) for p in pair):
            raise EntryError(f"drop_between takes [start, end] pairs of patterns, not {pair!r}")
        start, end = _compile(list(pair), "drop_between")
        pairs.append((start, end))
    lines = table.get("teaser_lines", base.teaser_lines)
    if isinstance(lines, bool) or not isinstance(lines, int) or not 0 <= lines <= 1000:
        raise EntryError(f"teaser_lines must be a whole number from 0 to 1000, not {lines!r}")
    marker = table.get("teaser_marker", base.teaser_marker)
    if not isinstance(marker, str):
        raise EntryError(f"teaser_marker must be text in quotes, not {marker!r}")
    return Rules(
        drop_lines=base.drop_lines + _compile(_strings(table, "drop_lines"), "drop_lines"),
        drop_between=base.drop_between + tuple(pairs),
        strip=base.strip + _compile(_strings(table, "strip"), "strip"),
        teaser_marker=marker,
        teaser_lines=lines,
    )


def safe_url(url: object) -> str | None:
    """`url` when it is an absolute http(s) URL without spaces, controls (U+202E) or markup characters, else None."""
    if not isinstance(url, str) or not url_safe(url) or any(ch.isspace() or ch in '<>"\'`' for ch in url):
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


# ISO 8601's calendar date, whole or cut short as the sources' own dates are (the law pack's Danish acts give a year):
# 2024-05-31, 2024-05 or 2024. fromisoformat alone would also take 20240531 and week dates.
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?", re.ASCII)


def _date(value: object) -> str:
    """`value` as an ISO date (2024-05-31, 2024-05 or 2024; "" when left out); anything else is an EntryError."""
    if value == "":
        return ""
    # TOML reads an unquoted 2015 as a number: a year, as the docs allow one; bool is an int too, and no year
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    # TOML's unquoted 2024-05-31 is a date; a datetime (a date's subclass) or a time is not what the field holds
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            datetime.date.fromisoformat((value + "-01-01")[:10])  # the month and day a shorter date leaves out
            return value
        except ValueError:
            pass  # 2024-13-45: the form is right, the month or day is not in the calendar
    raise EntryError(f"date must be an ISO date like 2024-05-31, 2024-05 or 2024, not {_shown_date(value)}")


def _shown_date(value: object) -> str:
    """A refused date as written, a number said to be one (20240531 unquoted is no year)."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'the number {value} (a date is written in quotes, "2024-05-31", or a year alone, 2024)'
    return repr(value)


def _metadata(entry: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The entry's publisher, date, url and lang, checked; a bad one is left out, with (key, why)."""
    values: dict = {"publisher": "", "date": "", "url": None, "lang": ""}
    problems = []
    for key in METADATA_KEYS:
        try:
            values[key] = _metadata_value(key, entry.get(key, values[key]))
        except EntryError as exc:
            problems.append((key, str(exc)))
    return values, problems


def _metadata_value(key: str, value: object) -> str | None:
    """One metadata key's value as the SourceInfo holds it; a wrong one is an EntryError."""
    if key == "date":
        return _date(value)
    if key == "lang":
        return _lang(value)
    if value is not None and not isinstance(value, str):
        raise EntryError(f"{key} must be text in quotes, not {value!r}")
    if key != "url":
        return value or ""
    if value and safe_url(value) is None:
        raise EntryError(f"url must be an http:// or https:// address without spaces or <>\"', not {value!r}")
    return value or None


def _lang(value: object) -> str:
    """`value` as nb, nn, da or en ("no", "nob", "nb-NO", "dansk" read as theirs; "" when left out); anything else is
    an EntryError."""
    if not isinstance(value, str):
        raise EntryError(f"lang must be one of {', '.join(LANGUAGES)}, in quotes, not {value!r}")
    code = language_code(value) if value.strip() else ""
    if code and code not in LANGUAGES:
        raise EntryError(f"lang must be one of {', '.join(LANGUAGES)} (or a tag for one, like no, nb-NO or dan; or "
                         f"left out to detect it), not {value!r}")
    return code


def _source_info(name: str, entry: dict, general: Rules) -> tuple[SourceInfo, list[tuple[str, str]]]:
    """One file's SourceInfo from its entry (maybe empty), checked against the schema, with the metadata left out.

    A bad key that decides how the file is read, split or named is an EntryError (the file is skipped); a bad
    publisher, date, url or lang is left out and returned as (key, why).
    """
    for key in TEXT_KEYS:
        if key not in METADATA_KEYS and key in entry and not isinstance(entry[key], str):
            raise EntryError(f"{key} must be text in quotes, not {entry[key]!r}")
    if entry.get("id") == "" or any(ch.isspace() for ch in entry.get("id", "")):
        raise EntryError(f"id must be a non-empty name without spaces, not {entry['id']!r}")
    if entry.get("layout", "article") not in LAYOUTS:
        raise EntryError(f"layout must be one of {', '.join(LAYOUTS)}, not {entry['layout']!r}")
    if not isinstance(entry.get("semantic", False), bool):
        raise EntryError(f"semantic must be true or false, not {entry['semantic']!r}")
    rules = _rules(entry, general)
    metadata, problems = _metadata(entry)
    return SourceInfo(
        file=name,
        id=entry.get("id") or stem_of(name),
        title=entry.get("title") or stem_of(name).replace("_", " "),
        layout=entry.get("layout", "article"),
        rules=rules,
        semantic=entry.get("semantic") is True,
        **metadata,
    ), problems


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, its links followed, stays inside `root` (already resolved)."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def outside_links(corpus_dir: Path) -> list[str]:
    """Names of links in `corpus_dir` (to files or folders) that resolve outside it: never read."""
    root = corpus_dir.resolve()
    return sorted(p.name for p in corpus_dir.iterdir() if p.is_symlink() and not _inside(p, root))


def source_files(corpus_dir: Path) -> list[Path]:
    """The files of the corpus that a reader exists for, sorted by name.

    A link that leads out of the folder is left out: what it points at was never put in the corpus.
    """
    root = corpus_dir.resolve()
    return sorted(
        p for p in corpus_dir.iterdir()
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(".")
        and p.name.lower().endswith(READABLE) and p.name.lower() != "readme.md"
        and (not p.is_symlink() or _inside(p, root)) and _utf8(p.name)
    )


def manifest_file(corpus_dir: Path) -> Path | None:
    """The manifest when it is a regular file in the corpus folder (not a link out of it, a pipe or a folder)."""
    path = corpus_dir / MANIFEST_NAME
    if path.is_symlink() and not _inside(path, corpus_dir.resolve()):
        return None
    return path if path.is_file() else None


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8, kept as surrogate escapes by os.listdir
        return False
    return True


def stem_of(name: str) -> str:
    """A file name without its (possibly double) extension."""
    for ext in sorted(READABLE, key=len, reverse=True):
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return name


def _parse(path: Path, errors: list[str]) -> dict:
    """The manifest's TOML, or {} (with the reason in `errors`) when it cannot be read."""
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        return tomllib.loads(utf8_text(path.read_bytes()))
    except UnicodeDecodeError:
        errors.append(f"{path.name}: not UTF-8 (its æ, ø or å saved in an older encoding): {SAVE_AS_UTF8}; no entry "
                      "of it was used")
    except tomllib.TOMLDecodeError as exc:
        errors.append(f"{path.name}: not valid TOML: {exc}; no entry of it was used")
    except OSError as exc:
        errors.append(f"{path.name}: cannot be read ({exc.strerror or exc}); no entry of it was used")
    return {}


def _entries(data: dict, errors: list[str], warnings: list[str]) -> dict[str, tuple[str, dict]]:
    """The [[source]] entries by file name, each with how it is named in messages."""
    raw = data.get("source", [])
    if not isinstance(raw, list):
        errors.append(f"{MANIFEST_NAME}: source must be a list of tables, each written [[source]] "
                      f"(with two brackets); no source entry was used")
        return {}
    out: dict[str, tuple[str, dict]] = {}
    for n, entry in enumerate(raw, 1):
        where = f"{MANIFEST_NAME} [[source]] #{n}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: not a table; write it as [[source]] with key = value lines")
            continue
        file = entry.get("file")
        if file is None:
            meant = [key for key in entry if key not in ENTRY_KEYS and _near_key(key, ENTRY_KEYS) == "file"]
            hint = "".join(f" ({printable(key)}: did you mean file?)" for key in meant)
            # an error, as an entry whose file name matches no file is: the file it meant ("fil = …") is indexed
            # without its id, title, layout and cleaning, and a warning let that index into service with exit 0
            errors.append(f'{where}: no file = "…" names the file it describes{hint}; the entry is ignored')
            continue
        if not isinstance(file, str) or not file:
            warnings.append(f"{where}: file must be a file name in quotes, not {file!r}; the entry is ignored")
            continue
        where = f'{MANIFEST_NAME} [[source]] #{n} (file = "{file}")'
        if "/" in file or "\\" in file or file in (".", ".."):
            # "2025/plan.txt" is in a subfolder, not outside: say which, and the fix
            inside = not file.startswith(("/", "\\")) and ".." not in re.split(r"[/\\]", file) and file != "."
            place = "names a file in a subfolder" if inside else "points outside the corpus folder"
            warnings.append(f"{where}: {place}; only files directly in the corpus folder are read, so the entry is "
                            "ignored: move the file there and name it alone")
            continue
        if file in out:
            warnings.append(f"{where}: a second entry for {file}; it is ignored, {out[file][0]} is used")
            continue
        unknown = sorted(set(entry) - ENTRY_KEYS)
        misspelt = {key: near for key in unknown if (near := _near_key(key, ENTRY_KEYS))}
        if misspelt:
            # an error, as "fil = …" is: "layuot = \"slides\"" had been a warning and exit 0, and the deck went into
            # service read as prose (51 → 172 chunks, its pins orphaned); the file is still indexed, without the key
            named = [f"{printable(key)} (did you mean {near}?)" for key, near in misspelt.items()]
            errors.append(f"{where}: misspelt key(s) {', '.join(named)} not read; {file} is indexed without "
                          f"{_listed(list(misspelt.values()), 'and')}: mend the key")
        others = [printable(key) for key in unknown if key not in misspelt]
        if others:
            warnings.append(f"{where}: unknown key(s) {', '.join(others)} ignored "
                            f"(known: {', '.join(sorted(ENTRY_KEYS))})")
        out[file] = (where, entry)
    return out


def _near_key(key: str, known: Collection[str]) -> str | None:
    """The known key a misspelt one most likely meant (`titel`: title, `Source`: source), or None."""
    lower = {name.lower(): name for name in known}
    if key.lower() in lower:
        return lower[key.lower()]
    near = difflib.get_close_matches(key.lower(), list(lower), n=1, cutoff=0.75)
    return lower[near[0]] if near else None


def _unknown_tables(data: dict) -> list[str]:
    """An error for each table or key at the manifest's top that is not read: `[[sources]]` for `[[source]]` had been
    read as nothing, its entries' ids, titles and urls reaching no document without a word."""
    out = []
    for key, value in data.items():
        if key in TABLES:
            continue
        entries = value if isinstance(value, list) and value and all(isinstance(v, dict) for v in value) else None
        shown = f"[[{key}]]" if entries else f"[{key}]" if isinstance(value, dict) else f"{key} = …"
        near = _near_key(key, TABLES)
        hint = f" (did you mean {TABLES[near]}?)" if near else ""
        reached = f"; its {len(entries)} {'entry' if len(entries) == 1 else 'entries'} reached no file" if entries else ""
        out.append(f"{MANIFEST_NAME}: {printable(shown)}{hint} is not read: kommunebot reads [[source]] entries and a "
                   f"[cleaning] table{reached}")
    return out


def read_manifest(corpus_dir: Path) -> Manifest:
    """Map each readable file name in `corpus_dir` to its SourceInfo, reporting bad entries and files."""
    errors: list[str] = []
    warnings: list[str] = []
    path = corpus_dir / MANIFEST_NAME
    data: dict = {}
    if path.is_symlink() and not _inside(path, corpus_dir.resolve()):
        pass  # reported with the other links out of the folder below; never read
    elif path.is_dir():
        errors.append(f"{MANIFEST_NAME} is a folder, not a file; the sources were read without a manifest")
    elif path.exists() and not path.is_file():
        errors.append(f"{MANIFEST_NAME} is not a regular file (a pipe or a device); "
                      "the sources were read without a manifest")
    else:
        data = _parse(path, errors)
    # nothing else has been told yet, so an error here is the manifest's own; its reason without what it led to
    unusable = errors[0].rsplit("; ", 1)[0] if errors else ""  # the last clause: what it led to
    errors += _unknown_tables(data)
    general = Rules()
    cleaning = data.get("cleaning", {})
    try:
        if not isinstance(cleaning, dict):
            raise EntryError(f"must be a table of rules, not {cleaning!r}")
        general = _rules(cleaning, Rules())
    except EntryError as exc:
        errors.append(f"{MANIFEST_NAME} [cleaning]: {exc}; no general rule was used")
    # a name is matched as Unicode composes it: a Mac or a zip file stores "å" as "a" and a ring, which the entry
    # written on another machine does not, and the hint then suggested the same-looking name (0.4.38)
    entries = {unicodedata.normalize("NFC", name): entry for name, entry in _entries(data, errors, warnings).items()}
    # files, not the manifest's entries: `index stats` lists them among the files not read
    unreadable = [f"{shown_name(name)}: a link that leads outside the corpus folder; skipped"
                  for name in outside_links(corpus_dir) if name != MANIFEST_NAME]
    if MANIFEST_NAME in outside_links(corpus_dir):
        errors.append(f"{MANIFEST_NAME}: a link that leads outside the corpus folder; skipped; the sources were read "
                      "without it")
    unreadable += [f"{shown_name(name)}: the file name is not UTF-8; rename it; skipped"
                   for name in sorted(p.name for p in corpus_dir.iterdir() if not _utf8(p.name))]
    left_out = [name for name in outside_links(corpus_dir) if name != MANIFEST_NAME]
    left_out += [name for name in (p.name for p in corpus_dir.iterdir()) if not _utf8(name)]
    out: dict[str, SourceInfo] = {}
    bad: list[BadMetadata] = []
    described: set[str] = set()  # files an entry names
    for file in source_files(corpus_dir):
        where, entry = entries.pop(unicodedata.normalize("NFC", file.name), (file.name, {}))
        if entry:
            described.add(file.name)
        try:
            out[file.name], problems = _source_info(file.name, entry, general)
        except EntryError as exc:
            errors.append(f"{where}: {exc}; {file.name} skipped")
            left_out.append(file.name)
            continue
        bad += [BadMetadata(where, file.name, key, why) for key, why in problems]
    unmatched = _unmatched(corpus_dir, entries, set(out) - described, warnings)
    return Manifest(out, tuple(errors), tuple(warnings), tuple(left_out), tuple(unmatched), tuple(bad),
                    tuple(unreadable), unusable)


def _unmatched(corpus_dir: Path, entries: dict[str, tuple[str, dict]], undescribed: set[str],
               warnings: list[str]) -> list[Unmatched]:
    """The entries left over that name no file (errors: their id, title and date reach no document); one naming a
    file that is not read is a warning."""
    out: list[Unmatched] = []
    for name, (where, entry) in entries.items():
        if (corpus_dir / name).exists() or (corpus_dir / name).is_symlink():
            # a file that is not read (a format without a reader, a folder): named as skipped already
            warnings.append(f"{where}: names a file that is not indexed (see the skipped files); the entry is unused")
            continue
        # a near name (Plan.pdf, 003-a.txt for 003_a.txt) would index that file under its file name: the build fails,
        # as for a bad key, so CI notices; the rest, that file too, is indexed
        near = _near_names(name, undescribed)
        out.append(Unmatched(where, tuple(key for key in entry if key != "file"), tuple(near),
                             bool(near) and near[0].lower() == name.lower()))
    return out


def _near_names(name: str, candidates: set[str]) -> list[str]:
    """The file names closest to `name`, best first: the same but for case, else by similarity (at most 3)."""
    by_lower: dict[str, list[str]] = {}
    for candidate in sorted(candidates):
        by_lower.setdefault(candidate.lower(), []).append(candidate)
    if name.lower() in by_lower:
        return by_lower[name.lower()]
    # by lower case, so a wrong case and a typo together are still near; 0.8 keeps out names that only share a form
    # (003_af….txt and 002_7e….txt); the same likeness in name order, so the hint does not change between runs
    ratios = {lower: difflib.SequenceMatcher(None, name.lower(), lower).ratio() for lower in by_lower}
    close = sorted((lower for lower, ratio in ratios.items() if ratio >= 0.8), key=lambda lower: (-ratios[lower], lower))
    return [original for lower in close for original in by_lower[lower]][:3]


def _listed(words: list[str], last: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def load_manifest(corpus_dir: Path) -> dict[str, SourceInfo]:
    """Map each readable file name in `corpus_dir` to its SourceInfo (bad entries' files left out)."""
    return read_manifest(corpus_dir).sources
