"""Time, peak memory and index size of the real command, `kommunebot index build`, on one corpus.

    python -m benchmarks.cli_build ../shared/bench/laws      # -> benchmarks/out/cli-build-laws.json

The command runs as a user runs it (product analyzer, progress bar on stderr); its process
tree's resident memory is sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.corpora import OUT
from benchmarks.speed import PeakMemory

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    name = args.corpus.resolve().name
    folder = OUT / "indexes" / f"cli-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = folder / "kommunebot.db"
    cmd = [str(Path(sys.executable).with_name("kommunebot")), "index", "build", "--full",
           "--corpus", str(args.corpus), "--index", str(index)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO)
    mem = PeakMemory(proc.pid)
    proc.wait()
    peak = mem.stop()
    result = {"command": " ".join(["kommunebot", *cmd[1:]]), "returncode": proc.returncode,
              "seconds": time.perf_counter() - started, "peak_bytes": peak,
              "index_bytes": index.stat().st_size if index.exists() else 0}
    (OUT / f"cli-build-{name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"{result['command']}: exit {proc.returncode}, {result['seconds']:.1f} s, "
          f"peak {peak / 2**30:.2f} GiB, index {result['index_bytes'] / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
