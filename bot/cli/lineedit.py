"""The chat's line editing in a terminal: arrow keys, history, and Ctrl-C that always cancels the line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HISTORY_LINES = 500
# What a cancelled line ends with: Ctrl-C at the prompt is a key readline inserts literally and then
# accepts the line with. As a signal (the terminal's default) it races readline: a Ctrl-C that lands
# while readline draws a key is caught by Python but readline goes back to waiting for a key, and the
# line is cancelled only at the next key press (the chat test saw this on a busy machine).
CANCEL = "\x03"


class LineEditor:
    """input() with GNU readline's editing and history; Ctrl-C at the prompt cancels the line."""

    def __init__(self, history: Path | None) -> None:
        self.history = history
        self._keys = False

    @classmethod
    def open(cls, cache_dir: Path) -> LineEditor:
        """Arrow keys and history (stdlib readline), the history kept in `cache_dir`."""
        try:
            import readline
        except ImportError:  # Windows without pyreadline: plain input still works
            return cls(None)
        # beside the lemma table, in KOMMUNEBOT_CACHE_DIR: never in the project or the index's folder
        history = cache_dir / "chat-history"
        try:
            readline.read_history_file(history)
        except OSError:
            pass
        readline.set_history_length(HISTORY_LINES)
        editor = cls(history)
        if "libedit" not in (readline.__doc__ or ""):  # libedit binds keys in another syntax
            # Ctrl-C: insert it literally (quoted-insert, C-v in both modes) and accept the line. vi-insert
            # first: a vi user starts each line there, an emacs user in whichever keymap was set last.
            for keymap in ("vi-insert", "emacs"):
                readline.parse_and_bind(f"set keymap {keymap}")
                readline.parse_and_bind(r'"\C-c": "\C-v\C-c\C-m"')
            editor._keys = True
        return editor

    def read(self, prompt: str) -> str:
        """One line typed at `prompt`; it ends with CANCEL when Ctrl-C cancelled it.

        Without GNU readline, Ctrl-C stays a signal and raises KeyboardInterrupt here.
        """
        with self._ctrl_c_as_key():
            line = input(prompt)
        if line.endswith(CANCEL) and self.history is not None:
            import readline

            count = readline.get_current_history_length()
            if count and readline.get_history_item(count) == line:
                readline.remove_history_item(count - 1)  # a cancelled line is not one to recall
        return line

    @contextmanager
    def _ctrl_c_as_key(self) -> Iterator[None]:
        """While a line is typed, Ctrl-C reaches readline as a key, not as SIGINT (the tty's VINTR off)."""
        if not self._keys:
            yield
            return
        import termios

        fd = sys.stdin.fileno()
        try:
            saved = termios.tcgetattr(fd)
        except termios.error:
            yield
            return
        keys = [*saved[:6], list(saved[6])]
        # readline turns ISIG back on for every line, so the interrupt character itself is disabled
        keys[6][termios.VINTR] = b"\0"  # _POSIX_VDISABLE on Linux and the BSDs
        termios.tcsetattr(fd, termios.TCSANOW, keys)
        try:
            yield
        finally:
            # back to signals: Ctrl-C while an answer is found interrupts it
            termios.tcsetattr(fd, termios.TCSANOW, saved)

    def save(self) -> None:
        """Write the history; an unwritable folder costs the history, nothing else."""
        if self.history is None:
            return
        import readline

        try:
            self.history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(self.history)
        except OSError:
            pass
