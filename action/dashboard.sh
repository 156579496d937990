# pacenote dashboard: links the page the upload step kept (the HTML report,
# one self-contained file uploaded unzipped, so that it opens in the browser)
# from the job summary and the pull-request comment. Run by the pacenote
# action and inlined in the workflow `init` writes; expects DASHBOARD_URL,
# the upload step's artifact-url.
out="$RUNNER_TEMP/pacenote"
case "$DASHBOARD_URL" in
  https://*[!A-Za-z0-9:/._~%?=\&-]*) url="" ;;
  https://?*) url="$DASHBOARD_URL" ;;
  *) url="" ;;
esac
if [ -z "$url" ]; then
  echo "::warning title=pacenote::the dashboard is kept with this run, but its upload gave no link to it"
  exit 0
fi
line="📊 [Open the dashboard](${url}): this report with its charts, one page kept with the workflow run for 14 days."
printf '\n%s\n' "$line" >> "$GITHUB_STEP_SUMMARY"
printf '\n%s\n' "$line" >> "$out/comment.md"
