# pacenote report: the report, a banner when the check failed, the
# comment fitted to GitHub's size limit, and the dashboard (HTML). Run by
# the pacenote action and inlined in the workflow `init` writes; expects
# BASE_SHA and CHECK_STATUS.
out="$RUNNER_TEMP/pacenote"
mkdir -p "$out"
set -- --output "$out/report.md" --max-chars 0
if [ -n "$BASE_SHA" ]; then set -- "$@" --base "$BASE_SHA"; fi
token="$(od -An -N16 -tx1 /dev/urandom | tr -d " \n")"
echo "::stop-commands::${token}"
status=0
pacenote report "$@" || status=$?
# The dashboard: the same report as one HTML page, for the upload step.
if [ "$status" = 0 ]; then
  pacenote report --format html --output "$out/dashboard.html" ${BASE_SHA:+--base "$BASE_SHA"} || status=$?
fi
echo "::${token}::"
if [ "$status" != 0 ]; then
  echo "::error title=pacenote::pacenote report failed with exit status ${status}; the log of this step says why"
  exit "$status"
fi
if [ "$CHECK_STATUS" != 0 ]; then
  # Say what failed at the top of the report, below its marker. Only
  # pacenote's rule codes and file names reduced to safe characters
  # are quoted: the report's own escaping covers the rest.
  {
    head -n 1 "$out/report.md"
    echo
    if [ "$CHECK_STATUS" = 1 ] && [ -s "$out/check.json" ]; then
      jq -r '
        def safe: gsub("[^A-Za-z0-9._/+=-]"; "?");
        [.diagnostics[] | select(.severity == "error")] as $e
        | "> [!CAUTION]",
          "> **`pacenote check` failed** with \($e | length) error\(if ($e | length) == 1 then "" else "s" end), annotated on the diff; this job fails after posting this report.",
          ">",
          ($e[:50][] | "> - `\(.file | safe)\(if .line then ":\(.line)" else "" end)` `\(.code | safe)`"),
          (if ($e | length) > 50 then "> - and \(($e | length) - 50) more: `pacenote check` lists them all" else empty end)
      ' "$out/check.json"
    else
      echo "> [!CAUTION]"
      echo "> **\`pacenote check\` could not run** (exit status ${CHECK_STATUS}); the log of its step says why. This job fails after posting this report."
    fi
    echo
    tail -n +2 "$out/report.md"
  } > "$out/report.tmp"
  mv "$out/report.tmp" "$out/report.md"
fi
# The comment: GitHub takes at most 65,536 characters and the comment
# action adds its header. Past 65,000, whole sections are left out
# from the end, with a note; the job summary keeps them all.
if [ "$(LC_ALL=C.UTF-8 wc -m < "$out/report.md")" -le 65000 ]; then
  cp "$out/report.md" "$out/comment.md"
else
  LC_ALL=C.UTF-8 awk -v max=64000 '
    function flush() {
      if (!full && length(kept) + length(section) <= max) kept = kept section
      else full = 1
      section = ""
    }
    /^### / { flush() }
    { section = section $0 "\n" }
    END {
      flush()
      printf "%s\n> [!NOTE]\n> Sections are left out of this comment to stay within the size limit of a comment; the job summary has the whole report.\n", kept
    }
  ' "$out/report.md" > "$out/comment.md"
fi
