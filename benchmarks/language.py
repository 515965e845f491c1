"""How often the reply's language is told right: bot.analysis.detect_language on every question with a `lang`.

Usage: python -m benchmarks.language [--label TEXT] [--out FILE.json]
       python -m benchmarks.language --compare LABEL=FILE.json ... [--readme [--marker NAME]]

The detector chooses the reply's language (nb, nn, da, en), whether the analyzer treats a
question as English (English function words dropped, single words translated by the glossary)
and the confidence's "asked in another language than the passage" input. Every question file
that labels its questions is read: the dev sets and benchmarks/data (written by the project),
XQuAD nb and da (translations nobody here wrote) and NorQuAD (bokmål). nb and nn count apart,
as the reply does. Run it in two checkouts and --compare their files for the before/after table.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.report import README, replace_between_markers  # noqa: E402
from benchmarks.shared import SHARED, at_hand, beneath, left_out  # noqa: E402
from bot.analysis import detect_language  # noqa: E402

GROUPS = {
    "dev sets and benchmarks/data": [SHARED / "eval" / f"{n}.jsonl" for n in ("dev", "dev2", "dev3", "dev-law")]
    + sorted((REPO / "benchmarks" / "data").glob("*.jsonl")),
    "XQuAD nb": [SHARED / "bench" / "xquad" / "nb.jsonl"],
    "XQuAD da": [SHARED / "bench" / "xquad" / "da.jsonl"],
    "NorQuAD val": [SHARED / "bench" / "norquad" / "val.jsonl"],
    "NorQuAD train": [SHARED / "bench" / "norquad" / "train.jsonl"],
}


def measure() -> dict[str, dict[str, int]]:
    """Per group: questions, told right, and each (labelled → detected) confusion."""
    out: dict[str, dict[str, int]] = {}
    for name, files in GROUPS.items():
        told: Counter[str] = Counter()
        for path in at_hand(files):
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line) if line.strip() else {}
                if "lang" in item and "question" in item:
                    told[f"{item['lang']}→{detect_language(item['question'])}"] += 1
        if told:
            out[name] = dict(told)
    return out


def _cell(told: dict[str, int]) -> str:
    def right(key: str) -> bool:
        labelled, detected = key.split("→")
        return labelled == detected

    wrong = ", ".join(f"{k} {n}" for k, n in sorted(told.items(), key=lambda kv: -kv[1]) if not right(k))
    return f"{sum(n for k, n in told.items() if right(k)) / sum(told.values()):.3f} ({wrong or 'none wrong'})"


def compare(runs: list[tuple[str, dict[str, dict[str, int]]]]) -> str:
    """Runs side by side: share told right, and what the wrong ones were taken for."""
    names = list(dict.fromkeys(n for _, r in runs for n in r))
    lines = ["| run | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, run in runs:
        lines.append(f"| {label} | " + " | ".join(_cell(run[n]) if n in run else "–" for n in names) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="this checkout")
    parser.add_argument("--out", type=Path, help="write the counts here (JSON), for --compare")
    parser.add_argument("--compare", nargs="+", metavar="LABEL=FILE")
    parser.add_argument("--readme", action="store_true", help="--compare: into benchmarks/README.md")
    parser.add_argument("--marker", default="language", help="--readme: the README's markers")
    args = parser.parse_args()
    if args.compare:
        runs = [(item.split("=", 1)[0], json.loads(Path(item.split("=", 1)[1]).read_text(encoding="utf-8")))
                for item in args.compare]
        text = compare(runs)
        if args.readme:
            replace_between_markers(README, args.marker, text)
        print(text)
        return
    counts = measure()
    if args.out:
        args.out.write_text(json.dumps(counts, ensure_ascii=False, indent=1), encoding="utf-8")
    # a group's file absent narrows its column (the dev sets) or takes it away (XQuAD, NorQuAD): said beneath
    print(compare([(args.label, counts)]) + beneath(left_out([path for files in GROUPS.values() for path in files])))


if __name__ == "__main__":
    main()
