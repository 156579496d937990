#!/usr/bin/env bash
# pacenote's benchmark: one command, run from anywhere in the repository.
#
#   bench/run.sh              # 10,000 and 100,000 commits
#   bench/run.sh 10000        # one size only
#   RUNS=5 bench/run.sh       # more runs per figure (default 3; the median is kept)
#
# For each size N it builds (once, deterministically, with `git fast-import`)
# a repository of N commits each adding one journal entry, by 100 authors
# over about 1000 days, under target/bench/, and times side by side:
#   git log --name-only -- journal      the baseline: git listing the journal's history
#   pacenote report --no-cache         cold: the whole history read
#   pacenote report                    warm: the history cache up to date
#   pacenote check --staged            one entry staged ...
#   git status --porcelain              ... against git's own look at the index
#   hledger balance --budget -W         the same entries as an hledger journal, weekly budget
# and prints a markdown table: median wall time, peak resident memory (GNU
# time), peak anonymous memory (bench/peak.py: the resident size without
# file-backed pages such as memory-mapped pack files, sampled in one more
# run), and each time as a multiple of its baseline.
#
# Needs: a Rust toolchain, git, python3, GNU time (/usr/bin/time) and hledger
# (Debian: apt-get install time hledger).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-3}
OUT=$ROOT/target/bench
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)

for tool in git python3 hledger /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done

cargo build --release --quiet
TM=$ROOT/target/release/pacenote
mkdir -p "$OUT"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
# The generated journal ends on 2026-09-26; fix "today" so every run agrees.
export PACENOTE_TODAY=2026-09-27

# measure NAME CMD...: runs CMD $RUNS times in the repository, prints
# "median_seconds max_kib" and keeps them in $T and $M.
measure() {
  local times=() mem=0 i
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" || {
      echo "bench: $* failed:" >&2; cat "$OUT/stderr.txt" >&2; exit 1; }
    read -r t m <"$OUT/time.txt"
    times+=("$t")
    [ "$m" -gt "$mem" ] && mem=$m
  done
  T=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
  M=$mem
  A=$(python3 "$ROOT/bench/peak.py" "$@")
}

ratio() { python3 -c "print(f'{$1 / $2:.2f}×')"; }
mib() { python3 -c "print(f'{$1 / 1024:.0f} MiB')"; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); runs per figure: $RUNS (median)"
echo "pacenote $(git -C "$ROOT" rev-parse --short HEAD), $(git --version), $(hledger --version | head -1)"
for n in "${SIZES[@]}"; do
  repo=$OUT/repo-$n
  if [ ! -d "$repo" ]; then
    echo "generating $repo ..." >&2
    python3 "$ROOT/bench/gen.py" "$n" "$repo"
  fi
  cd "$repo"
  git reset -q --hard main
  git clean -qfdx journal
  rm -rf "$(git rev-parse --git-common-dir)/pacenote"

  measure git log --name-only -- journal; base_t=$T base_m=$M base_a=$A
  measure "$TM" report --no-cache; cold_t=$T cold_m=$M cold_a=$A
  "$TM" report >/dev/null
  measure "$TM" report; warm_t=$T warm_m=$M warm_a=$A
  mkdir -p journal/2026/09
  printf 'date: 2026-09-26\nminutes: 30\nsummary: Staged for the benchmark\n' >journal/2026/09/26-staged.yaml
  git add journal/2026/09/26-staged.yaml
  measure git status --porcelain; status_t=$T status_m=$M status_a=$A
  measure "$TM" check --staged; staged_t=$T staged_m=$M staged_a=$A
  git reset -q --hard main
  measure hledger -f "$repo.journal" balance --budget -W; hl_t=$T hl_m=$M hl_a=$A

  echo
  echo "### $n commits"
  echo
  echo "| command | median wall time | peak RSS | peak anon | ratio |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| \`git log --name-only -- journal\` | ${base_t} s | $(mib "$base_m") | $(mib "$base_a") | baseline |"
  echo "| \`pacenote report --no-cache\` (cold) | ${cold_t} s | $(mib "$cold_m") | $(mib "$cold_a") | $(ratio "$cold_t" "$base_t") of git log |"
  echo "| \`pacenote report\` (warm cache) | ${warm_t} s | $(mib "$warm_m") | $(mib "$warm_a") | $(ratio "$warm_t" "$base_t") of git log |"
  echo "| \`git status --porcelain\` (one entry staged) | ${status_t} s | $(mib "$status_m") | $(mib "$status_a") | baseline |"
  echo "| \`pacenote check --staged\` (one entry staged) | ${staged_t} s | $(mib "$staged_m") | $(mib "$staged_a") | $(ratio "$staged_t" "$status_t") of git status |"
  echo "| \`hledger balance --budget -W\` | ${hl_t} s | $(mib "$hl_m") | $(mib "$hl_a") | $(ratio "$hl_t" "$warm_t") of warm report |"
  cd "$ROOT"
done
