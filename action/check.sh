# pacenote check: annotations on the change, the exit status kept for the
# last step. Run by the pacenote action and inlined in the workflow `init`
# writes; expects BASE_SHA (may be empty).
out="$RUNNER_TEMP/pacenote"
mkdir -p "$out"
set -- --format github
if [ -n "$BASE_SHA" ]; then set -- "$@" --base "$BASE_SHA"; fi
# The exit status is kept, not raised: the report is posted first and
# the last step fails the job.
status=0
pacenote check "$@" > "$out/annotations.txt" 2> "$out/check-log.txt" || status=$?
# pacenote's workflow commands, every value escaped: the annotations.
cat "$out/annotations.txt"
if [ -s "$out/check-log.txt" ]; then
  # Anything else may quote the pull request's files: it is shown with
  # workflow commands switched off, so it can never form one.
  token="$(od -An -N16 -tx1 /dev/urandom | tr -d " \n")"
  echo "::stop-commands::${token}"
  cat "$out/check-log.txt"
  echo "::${token}::"
fi
if [ "$status" = 1 ]; then
  shift 2
  pacenote check "$@" --format json > "$out/check.json" 2> /dev/null || true
fi
echo "status=${status}" >> "$GITHUB_OUTPUT"
