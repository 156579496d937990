#!/bin/sh
# Renders a real report the way GitHub shows a pull-request comment and takes
# a screenshot of it: docs/images/report.png, shown in the README.
#
# Run it from anywhere in a clone whenever the report's layout changes:
#
#   docs/screenshot.sh [NODE_MODULES_DIR]
#
# It needs:
#   - cargo (builds pacenote) and the example journal in journal/;
#   - cmark-gfm, GitHub's markdown renderer     (Debian: apt-get install cmark-gfm)
#   - chromium, for a headless screenshot      (Debian: apt-get install chromium)
#   - a node_modules folder with GitHub's markdown styles and mermaid:
#       npm install --prefix "$HOME/.cache/pacenote-shot" github-markdown-css mermaid
#     passed as NODE_MODULES_DIR (default: $HOME/.cache/pacenote-shot/node_modules);
#   - optionally pngquant, to make the picture smaller.
#
# The report is the example journal's as of 2026-11-24, the last day it covers.
# The rendering matches GitHub's: cmark-gfm with GitHub's extensions, GitHub's
# stylesheet, mermaid for the chart, <details> folded as on GitHub.

set -eu

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
modules=${1:-$HOME/.cache/pacenote-shot/node_modules}
css=$modules/github-markdown-css/github-markdown-light.css
mermaid=$modules/mermaid/dist/mermaid.min.js
for f in "$css" "$mermaid"; do
    [ -f "$f" ] || { echo "missing $f; see the comment at the top of $0" >&2; exit 2; }
done
for tool in cmark-gfm chromium; do
    command -v "$tool" >/dev/null || { echo "missing $tool; see the comment at the top of $0" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet --release --manifest-path "$root/Cargo.toml"
PACENOTE_TODAY=2026-11-24 "$root/target/release/pacenote" -C "$root" report \
    --as-of 2026-11-24 >"$work/report.md"

cp "$css" "$work/github.css"
cp "$mermaid" "$work/mermaid.js"
{
    cat <<'EOF'
<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="github.css">
<style>
  body { margin: 0; background: #fff; font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  .comment { width: 880px; margin: 16px; border: 1px solid #d0d7de; border-radius: 6px; }
  .comment-header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px;
                    font-size: 14px; color: #59636e; border-radius: 6px 6px 0 0; }
  .comment-header b { color: #1f2328; }
  .markdown-body { padding: 16px 16px 8px; font-size: 14px; }
  .markdown-body table { font-size: 13px; }
  .mermaid { background: #fff; text-align: center; }
</style>
</head><body>
<div class="comment">
<div class="comment-header"><b>github-actions</b> bot commented</div>
<article class="markdown-body">
EOF
    cmark-gfm --unsafe -e table -e autolink -e strikethrough -e tagfilter -e tasklist "$work/report.md"
    cat <<'EOF'
</article></div>
<script src="mermaid.js"></script>
<script>
  // GitHub renders ```mermaid fences as diagrams; do the same.
  for (const code of document.querySelectorAll('pre[lang="mermaid"] code, code.language-mermaid')) {
    const div = document.createElement('div');
    div.className = 'mermaid';
    div.textContent = code.textContent;
    code.closest('pre').replaceWith(div);
  }
  mermaid.initialize({ startOnLoad: false, theme: 'default' });
  mermaid.run().then(() => { document.title = 'ready'; });
</script>
</body></html>
EOF
} >"$work/report.html"

profile="$work/profile"
mkdir "$profile"
out="$root/docs/images/report.png"
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1 \
    --virtual-time-budget=15000 --window-size=912,"${HEIGHT:-2000}" \
    --screenshot="$out" "file://$work/report.html" 2>/dev/null
if command -v pngquant >/dev/null; then
    pngquant --force --skip-if-larger --output "$out" -- "$out" || true
fi
echo "wrote $out ($(wc -c <"$out") bytes)"
