#!/usr/bin/env bash
# Renders the Markdown audit of the seed project to HTML (markdown-it-py, the renderer the
# tests use) and screenshots it with headless Chromium: docs/audit-seed.png.
# Needs: a built ollama-audit (BIN, default .build/debug/ollama-audit), python3 with
# markdown-it-py (`make test-deps`), and chromium (Debian: `apt-get install chromium`).
# The Mermaid chart shows as its source: the page loads no script from the network.
# Usage: docs/render-audit.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.build/debug/ollama-audit}
out=${1:-docs/audit-seed.png}
case $out in /*) ;; *) out=$PWD/$out ;; esac
browser=$(command -v chromium || command -v chromium-browser || true)
[ -x "$bin" ] || { echo "no $bin: run 'swift build' first (or set BIN)" >&2; exit 2; }
[ -n "$browser" ] || { echo "chromium is not installed: apt-get install chromium" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# From a copy outside git, as the golden is made: no commit of this checkout in the picture.
mkdir -p "$work/fixtures"
cp -R fixtures/seed-project "$work/fixtures/"
root=$PWD
(cd "$work" && "$root/$bin" scan fixtures/seed-project --format markdown -o audit.md) || [ $? -eq 1 ]
python3 Tests/validators/render_markdown.py "$work/audit.md" --html "$work/audit.html" >/dev/null
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size=1280,2600 --screenshot="$out" "file://$work/audit.html" 2>/dev/null
[ -s "$out" ] || { echo "chromium wrote no screenshot" >&2; exit 1; }
echo "wrote $out"
