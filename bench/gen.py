#!/usr/bin/env python3
"""Generates a benchmark repository for pacenote.

    gen.py N DIR

writes, deterministically, a git repository in DIR with N commits on `main`,
each adding one journal entry (journal/YYYY/MM/DD-<slug>.yaml), by 100
authors over about 1000 days, through `git fast-import`; then checks the work
tree out. It also writes DIR.journal: the same entries as an hledger journal
with a weekly budget, for the peer comparison.
"""

import datetime
import os
import random
import subprocess
import sys

SKILLS = [
    "prompt-evals", "rag", "tool-calling", "mcp", "structured-outputs",
    "llm-observability", "vector-dbs", "agent-workflows", "multi-agent",
    "ai-safety", "cost-latency", "fine-tuning", "distillation",
    "inference-serving", "training-from-scratch",
]
KINDS = ["do", "do", "do", "do", "paper", "blog", "video", "course", "book", "teach"]
HABITS = ["prune-prompt", "weekly-reading", "teach-note", "plan-week", "oss-commit"]
TARGETS = ["write-evals", "read-anthropic-blogs", "dlai-short-courses"]
WORDS = [
    "wired", "evals", "for", "the", "ranking", "endpoint", "read", "paper",
    "on", "retrieval", "tuned", "chunking", "built", "an", "mcp", "server",
    "notes", "agent", "loop", "traced", "latency", "budget", "prompt",
]
START = datetime.date(2024, 1, 1)
DAYS = 1000
AUTHORS = 100
WEEKLY_BUDGET_MINUTES = AUTHORS * 30 * 7


def entries(n):
    rng = random.Random(5)
    for i in range(n):
        day = START + datetime.timedelta(days=i * DAYS // n)
        author = rng.randrange(AUTHORS)
        minutes = rng.choice([15, 20, 30, 45, 60, 90, 120])
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 7))]
        summary = " ".join(words).capitalize()
        skills = rng.sample(SKILLS, rng.randint(0, 2))
        kind = rng.choice(KINDS)
        lines = [f"date: {day}", f"minutes: {minutes}", f"summary: {summary}"]
        if kind != "do":
            lines.append(f"kind: {kind}")
        if skills:
            lines.append(f"skills: [{', '.join(skills)}]")
        if rng.random() < 0.1:
            lines.append(f"targets: [{rng.choice(TARGETS)}]")
        if rng.random() < 0.2:
            lines.append(f"habits: [{rng.choice(HABITS)}]")
        slug = "-".join(words[:4])
        path = f"journal/{day:%Y/%m/%d}-{slug}-{i}.yaml"
        # Recorded the same evening, a few entries a day or two late.
        late = rng.choice([0] * 8 + [1, 2])
        ts = datetime.datetime.combine(
            day + datetime.timedelta(days=late), datetime.time(18, rng.randrange(60)),
            tzinfo=datetime.timezone.utc,
        )
        yield {
            "path": path,
            "text": "\n".join(lines) + "\n",
            "author": f"author{author:03}",
            "time": int(ts.timestamp()),
            "day": day,
            "minutes": minutes,
            "summary": summary,
        }


def data(b):
    return b"data %d\n" % len(b) + b + b"\n"


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out)
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True, env=env)
    fi = subprocess.Popen(
        ["git", "-C", out, "fast-import", "--quiet", "--done"],
        stdin=subprocess.PIPE, env=env,
    )
    with open(out + ".journal", "w") as ledger:
        ledger.write(f"~ weekly from {START}\n    (minutes)    {WEEKLY_BUDGET_MINUTES}\n\n")
        for i, e in enumerate(entries(n)):
            who = b"%s <%s@example.com> %d +0000" % (
                e["author"].encode(), e["author"].encode(), e["time"])
            s = b"commit refs/heads/main\nmark :%d\nauthor %s\ncommitter %s\n" % (i + 1, who, who)
            s += data(b"Log " + e["path"].encode())
            if i:
                s += b"from :%d\n" % i
            s += b"M 100644 inline " + e["path"].encode() + b"\n" + data(e["text"].encode())
            fi.stdin.write(s)
            ledger.write(f"{e['day']} {e['summary']}\n    (minutes:{e['author']})    {e['minutes']}\n\n")
    fi.stdin.write(b"done\n")
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", out, "checkout", "-q", "-f", "main"], check=True, env=env)


if __name__ == "__main__":
    main()
