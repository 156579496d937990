#!/usr/bin/env python3
"""Builds the worst inputs the limits allow, for measuring `report` and
`report --base` (BENCHMARKS.md, "Hostile inputs").

    bench/hostile.py OUT_DIR

writes OUT_DIR/plan, a git repository (made with the git CLI, fixed
identities and dates) whose roadmap is the largest the limits allow in one
1 MiB file: `start: 1970-01-01`, 1,000 milestones a century long each with
10 targets (the 100,000 values of one YAML
document allow no more), 1,000 skills and 200 daily habits; and a journal of
ENTRIES entries (default 3,000) in two commits that name targets, skills
and every habit, so `report --base HEAD~1` has a change to compare.

OUT_DIR/early is the same repository without `start:` and with one more
entry dated 0001-01-01: the plan would start from it (refused since
issue 12, `entry/date`).

    bench/hostile.py OUT_DIR memory

builds instead the worst inputs for memory (docs/limits.md, "Memory"), one
repository each under OUT_DIR:

- big: 100 entries of 1,048,000 bytes, each with an error (`minutes: 0`),
  committed, and the same 100 staged again with one more error each;
- blob: an entry of 400,000,000 bytes committed at HEAD beside a small one;
- ids: 64 MiB of entries that each list the 1,000 skills of the roadmap,
  in two commits (for `report --base HEAD~1`);
- unknown: 80 entries of 1 MiB listing 100,000 unknown skill ids each;
- tiny: 210,000 three-line entries (past the 200,000 files a run reads).
"""
import os
import subprocess
import sys

ENTRIES = int(os.environ.get("ENTRIES", "3000"))
ENV = dict(
    os.environ,
    GIT_CONFIG_GLOBAL="/dev/null",
    GIT_CONFIG_NOSYSTEM="1",
    GIT_AUTHOR_NAME="Ada",
    GIT_AUTHOR_EMAIL="ada@example.com",
    GIT_COMMITTER_NAME="Ada",
    GIT_COMMITTER_EMAIL="ada@example.com",
    GIT_AUTHOR_DATE="2026-01-09T18:00:00Z",
    GIT_COMMITTER_DATE="2026-01-09T18:00:00Z",
)
LIMIT = 1024 * 1024


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, env=ENV, check=True,
                   stdout=subprocess.DEVNULL)


def roadmap(with_start, targets_per_milestone):
    out = ["title: worst plan"]
    if with_start:
        out.append("start: 1970-01-01")
    out.append("milestones:")
    for m in range(1000):
        out.append(f"- id: m{m}\n  title: m\n  start: 1970-01-01\n  end: 2069-12-31\n"
                   f"  budget: {{hours: 1, per: day}}\n  targets:")
        for t in range(targets_per_milestone):
            out.append(f"  - {{id: t{m}x{t}, title: t, goal: 1000}}")
    out.append("skills:")
    for s in range(1000):
        out.append(f"- {{id: s{s}, name: s, priority: P1}}")
    out.append("habits:")
    for h in range(200):
        out.append(f"- {{id: h{h}, title: h, every: day}}")
    return "\n".join(out) + "\n"


def largest_roadmap(with_start):
    # Within 1 MiB and within the 100,000 YAML values of one document (each
    # target is a mapping of three): 20 targets a milestone.
    n = 1
    while n < 10 and len(roadmap(with_start, n + 1).encode()) <= LIMIT:
        n += 1
    return roadmap(with_start, n), n


def entry(i, date, targets_per_milestone):
    habits = ", ".join(f"h{h}" for h in range(200))
    m = i % 1000
    t = i % targets_per_milestone
    return (f"date: {date}\nminutes: 60\nsummary: entry {i}\nauthor: a{i % 100}\n"
            f"skills: [s{i % 1000}]\ntargets:\n  - id: t{m}x{t}\n    amount: 1\n"
            f"habits: [{habits}]\n")


def build(repo, with_start, early):
    os.makedirs(repo)
    git(repo, "init", "-q", "-b", "main")
    text, per = largest_roadmap(with_start)
    with open(os.path.join(repo, "roadmap.yaml"), "w") as f:
        f.write(text)
    half = ENTRIES // 2
    for part, rng in enumerate([range(half), range(half, ENTRIES)]):
        for i in rng:
            day = 1 + i % 9
            d = os.path.join(repo, "journal", "2026", "01")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, f"{day:02d}-e{i}.yaml"), "w") as f:
                f.write(entry(i, f"2026-01-{day:02d}", per))
        if early and part == 1:
            d = os.path.join(repo, "journal", "0001", "01")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "01-early.yaml"), "w") as f:
                f.write(entry(ENTRIES, "0001-01-01", per))
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"part {part}")
    return len(text.encode()), per


def write(repo, rel, text):
    path = os.path.join(repo, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def fresh(repo):
    os.makedirs(repo)
    git(repo, "init", "-q", "-b", "main")


def commit(repo, message):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def big(repo):
    fresh(repo)
    line = "# " + "x" * 997 + "\n"
    for i in range(100):
        head = f"date: 2026-01-05\nminutes: 0\nsummary: big {i}\n"
        write(repo, f"journal/2026/01/05-big{i:03d}.yaml", head + line * 1044)
    commit(repo, "big entries")
    for i in range(100):
        head = f"date: 2026-01-05\nminutes: 0\nsummary: big {i}\nkind: nope\n"
        write(repo, f"journal/2026/01/05-big{i:03d}.yaml", head + line * 1044)
    git(repo, "add", "-A")


def blob(repo):
    fresh(repo)
    write(repo, "journal/2026/01/05-small.yaml",
          "date: 2026-01-05\nminutes: 30\nsummary: small\n")
    commit(repo, "small")
    write(repo, "journal/2026/01/06-blob.yaml", "x" * 400_000_000)
    commit(repo, "a blob of 400 MB")


def skills_roadmap():
    skills = "\n".join(f"- {{id: s{i}, name: s, priority: P1}}" for i in range(1000))
    return ("title: t\nstart: 2026-01-01\nmilestones:\n- id: m\n  title: m\n"
            f"  duration: 1 month\nskills:\n{skills}\n")


def ids(repo):
    fresh(repo)
    write(repo, "roadmap.yaml", skills_roadmap())
    listed = ", ".join(f"s{i}" for i in range(1000))
    total, n = 0, 0
    while total < 64 * 1024 * 1024 - 10_000:
        day = 1 + n % 9
        text = (f"date: 2026-01-{day:02d}\nminutes: 1\nsummary: s\n"
                f"author: a{n % 300}\nskills: [{listed}]\n")
        write(repo, f"journal/2026/01/{day:02d}-e{n}.yaml", text)
        total += len(text)
        n += 1
        if n == 5000:
            commit(repo, "half")
    commit(repo, "rest")


def unknown(repo):
    fresh(repo)
    listed = ", ".join(f"x{i}" for i in range(99_990))
    for i in range(80):
        write(repo, f"journal/2026/01/05-u{i}.yaml",
              f"date: 2026-01-05\nminutes: 30\nsummary: s\nskills: [{listed}]\n")


def tiny(repo):
    fresh(repo)
    for n in range(210_000):
        day = 1 + n % 9
        write(repo, f"journal/2026/01/{day:02d}-e{n}.yaml",
              f"date: 2026-01-{day:02d}\nminutes: 1\nsummary: s\nauthor: a{n % 1000}\n")


def memory(out):
    for build_one in [big, blob, ids, unknown, tiny]:
        build_one(os.path.join(out, build_one.__name__))
        print(f"{build_one.__name__}: built")


def main():
    out = sys.argv[1]
    if sys.argv[2:] == ["memory"]:
        memory(out)
        return
    size, per = build(os.path.join(out, "plan"), True, False)
    print(f"plan: roadmap of {size} bytes, 1000 milestones x {per} targets, "
          f"{ENTRIES} entries")
    build(os.path.join(out, "early"), False, True)
    print("early: the same without start:, one entry dated 0001-01-01")


if __name__ == "__main__":
    main()
