"""Load run: `kommunebot telegram` as a real process against the fake Bot API, many chats in bursts.

    python -m benchmarks.load                                   # 200 chats, 5,000 messages, 10 bursts
    python -m benchmarks.load --chats 400 --messages 10000 --faults 0.05 --reindex

Half the chats are private (any text is a question), half are groups (asking with /sporsmal,
so each reply quotes its question). Each burst injects its messages at once; the next burst
starts when the previous one is answered. Counted: every message answered exactly once (per
chat, and per quoted question in groups), lost, duplicated; latency from the update being
queued at the fake server to the bot's sendMessage arriving there (p50/p95/p99); the bot
process's resident memory after start-up and after each burst.

Note: the bot's AIORateLimiter keeps to Telegram's limits (30 messages a second overall, 20 a
minute per group), so a burst of N messages takes at least N/30 seconds to answer; that
queueing is most of the latency measured, as it would be with Telegram.

--faults P fails each sendMessage with probability P (429, 500 or 502, chosen at random);
--reindex sends /reindex from an admin and rebuilds the index from outside mid-run.
Only 127.0.0.1 is used; every wait is bounded (--timeout per burst).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil

from tests.helpers.botrun import ADMIN, TOKEN, Traffic, bot_argv, bot_env, percentile, start_bot, stop_bot
from tests.helpers.fakebotapi import FakeBotAPI
from tests.helpers.paths import REPO


def _rss_mib(proc: psutil.Process) -> float:
    return proc.memory_info().rss / (1 << 20)


def run(chats: int, messages: int, bursts: int, faults: float, reindex: bool, timeout: float,
        workdir: Path) -> dict:
    """One load run; the measurements as a dict."""
    import subprocess

    corpus, index, feedback = workdir / "corpus", workdir / "index" / "kommunebot.db", workdir / "feedback.db"
    shutil.copytree(REPO / "corpus", corpus)
    index.parent.mkdir()  # a folder named by --index must exist (the build makes only the default index's)
    subprocess.run(bot_argv("index", "build", "--corpus", str(corpus), "--index", str(index)), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    log = (workdir / "bot.log").open("wb")
    with FakeBotAPI(token=TOKEN) as fake:
        env = bot_env(fake, index, feedback, KOMMUNEBOT_CORPUS=str(corpus))
        proc = start_bot(fake, env, log)
        ps = psutil.Process(proc.pid)
        rss_boot = _rss_mib(ps)
        fake.inject_message(1, "Hva er rådmannens ansvar?")  # warm-up: the analyzer loads its data lazily
        fake.wait_for(lambda: fake.sent_count(1) >= 1, timeout)
        rss = [_rss_mib(ps)]
        if faults:
            fake.random_faults(faults, methods=("sendMessage",), kinds=(429, 500, 502), seed=1)
        traffic = Traffic(fake, chats)
        per_burst = [messages // bursts + (1 if i < messages % bursts else 0) for i in range(bursts)]
        started = time.monotonic()
        try:
            for i, n in enumerate(per_burst):
                traffic.burst(n)
                if reindex and i == bursts // 2:
                    fake.inject_message(ADMIN, "/reindex")
                    subprocess.run(bot_argv("index", "build", "--full", "--corpus", str(corpus), "--index",
                                            str(index)), check=True, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=env, timeout=300)
                traffic.wait_answered(timeout)
                rss.append(_rss_mib(ps))
            elapsed = time.monotonic() - started
            fake.random_faults(0)
            traffic.finish(timeout)
        finally:
            code = stop_bot(proc)
            log.close()
        tally = traffic.tally()
        result = {
            "chats": chats, "messages": tally.messages, "bursts": bursts, "faults": faults, "reindex": reindex,
            "answered_once": tally.answered_once, "lost": tally.lost,
            "duplicated": tally.duplicated,
            "apologies": tally.apologies, "api_faults_injected": len(fake.faults),
            "p50_ms": 1000 * percentile(tally.latencies, 50), "p95_ms": 1000 * percentile(tally.latencies, 95),
            "p99_ms": 1000 * percentile(tally.latencies, 99), "max_ms": 1000 * max(tally.latencies or [0]),
            "seconds": elapsed, "throughput_per_s": tally.messages / elapsed if elapsed else 0.0,
            "rss_boot_mib": rss_boot, "rss_start_mib": rss[0], "rss_end_mib": rss[-1], "rss_max_mib": max(rss),
            "rss_after_bursts": rss[1:],
            "exit_code": code,
        }
    return result


ROWS = [("messages", "messages", "{:,}"), ("answered exactly once", "answered_once", "{:,}"), ("lost", "lost", "{:,}"),
        ("duplicated", "duplicated", "{:,}"), ("apologies (error replies)", "apologies", "{:,}"),
        ("API faults injected", "api_faults_injected", "{:,}"),
        ("update→reply p50", "p50_ms", "{:,.0f} ms"), ("update→reply p95", "p95_ms", "{:,.0f} ms"),
        ("update→reply p99", "p99_ms", "{:,.0f} ms"), ("update→reply max", "max_ms", "{:,.0f} ms"),
        ("wall time", "seconds", "{:,.1f} s"), ("throughput", "throughput_per_s", "{:,.1f} msg/s"),
        ("bot RSS after start-up", "rss_boot_mib", "{:,.1f} MiB"),
        ("bot RSS after one question (start)", "rss_start_mib", "{:,.1f} MiB"),
        ("bot RSS at the end", "rss_end_mib", "{:,.1f} MiB"),
        ("bot RSS max (after a burst)", "rss_max_mib", "{:,.1f} MiB"), ("bot exit code (SIGTERM)", "exit_code", "{}")]


def table(result: dict) -> str:
    """The result as a Markdown table."""
    head = (f"{result['chats']} chats, {result['messages']:,} messages in {result['bursts']} bursts"
            f"{', sendMessage faults p=' + str(result['faults']) if result['faults'] else ''}"
            f"{', index rebuilt mid-run' if result['reindex'] else ''}")
    lines = [head, "", "| measure | value |", "|---|---:|"]
    lines += [f"| {label} | {fmt.format(result[key])} |" for label, key, fmt in ROWS]
    lines.append("")
    lines.append("RSS after each burst (MiB): " + ", ".join(f"{v:.1f}" for v in result["rss_after_bursts"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, print the table (or JSON); exit 1 unless every message was answered once."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=200, help="concurrent chats (default 200)")
    parser.add_argument("--messages", type=int, default=5000, help="messages in all (default 5000)")
    parser.add_argument("--bursts", type=int, default=10, help="bursts the messages come in (default 10)")
    parser.add_argument("--faults", type=float, default=0.0, help="probability a sendMessage fails (429/500/502)")
    parser.add_argument("--reindex", action="store_true", help="rebuild the index mid-run (/reindex and CLI)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for one burst (default 600)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kommunebot-load-") as tmp:
        result = run(args.chats, args.messages, args.bursts, args.faults, args.reindex, args.timeout, Path(tmp))
    print(json.dumps(result, indent=2) if args.json else table(result))
    ok = result["answered_once"] == result["messages"] and not result["lost"] and not result["duplicated"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
