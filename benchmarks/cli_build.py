"""Time, peak memory and index size of the real command, `kommunebot index build`, on one corpus.

    python -m benchmarks.cli_build ../shared/bench/laws      # -> benchmarks/out/cli-build-laws.json
    python -m benchmarks.cli_build ../shared/bench/laws --pty    # at a terminal, progress bar drawn

The command runs as a user runs it (product analyzer, progress bar on stderr); its process
tree's resident memory is sampled every 50 ms. With --pty it runs at a pseudo-terminal, where
the progress bar is drawn (a tqdm monitor thread there once kept the build from forking its
worker processes: issue 12 item 16).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.corpora import OUT
from benchmarks.shared import BENCH, where
from benchmarks.speed import PeakMemory

REPO = Path(__file__).resolve().parent.parent


def _drain(fd: int) -> None:
    """Read the terminal's output (the progress bar) so that the command never blocks on it."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--pty", action="store_true", help="run at a pseudo-terminal, progress bar drawn")
    args = parser.parse_args()
    if not args.corpus.is_dir():  # it had timed the command's refusal and written that as a build of 0 MiB
        raise SystemExit(f"error: no corpus folder at {args.corpus}; nothing measured (the laws' folder is "
                         f"{BENCH / 'laws'}: {where()})")
    name = args.corpus.resolve().name + ("-pty" if args.pty else "")
    folder = args.out / "indexes" / f"cli-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = folder / "kommunebot.db"
    # this checkout's bot (python -m from the repository), not an installed copy
    cmd = [sys.executable, "-c", "from bot.cli import main; main()", "index", "build", "--full",
           "--corpus", str(args.corpus), "--index", str(index)]
    started = time.perf_counter()
    if args.pty:
        master, slave = os.openpty()
        proc = subprocess.Popen(cmd, cwd=REPO, stdin=slave, stdout=slave, stderr=slave)
        os.close(slave)
        drain = threading.Thread(target=_drain, args=(master,), daemon=True)
        drain.start()
    else:
        proc = subprocess.Popen(cmd, cwd=REPO)
    mem = PeakMemory(proc.pid)
    proc.wait()
    peak = mem.stop()
    label = ["kommunebot", *cmd[3:]]
    result = {"command": " ".join(label), "pty": args.pty,
              "load": os.getloadavg()[0], "returncode": proc.returncode,
              "seconds": time.perf_counter() - started, "peak_bytes": peak,
              "index_bytes": index.stat().st_size if index.exists() else 0}
    print(f"{result['command']}: exit {proc.returncode}, {result['seconds']:.1f} s, "
          f"peak {peak / 2**30:.2f} GiB, index {result['index_bytes'] / 2**20:.0f} MiB")
    if proc.returncode != 0:  # a build that failed is no measurement: nothing written for `speed report` to take
        raise SystemExit(f"error: the build exited {proc.returncode} (its error is above); nothing written")
    (args.out / f"cli-build-{name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
