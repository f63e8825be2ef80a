#!/usr/bin/env bash
# The main job on the bundled example site: repair mojibake and show the fixes, then build the
# site into per-locale Markdown (English + Spanish) with the best offline engine installed
# (Argos when a model is installed, else Apertium), ready for Jekyll + jekyll-polyglot.
set -euo pipefail
cd "$(dirname "$0")/.."
BLOGBABEL="${BLOGBABEL:-.venv/bin/blogbabel}"
OUT="${OUT:-build/example}"
rm -rf "$OUT"
echo "==> cleaning fixtures/site into $OUT/clean"
"$BLOGBABEL" clean fixtures/site -o "$OUT/clean" --diff || test $? -eq 1

echo "==> building fixtures/site into $OUT/site (layout jekyll-polyglot, backend auto)"
"$BLOGBABEL" build fixtures/site -o "$OUT/site" --layout jekyll-polyglot --backend auto
echo "==> translation status"
"$BLOGBABEL" status fixtures/site -o "$OUT/site" --layout jekyll-polyglot
echo "==> the Spanish version of an English post (first lines):"
head -n 24 "$OUT/site/_posts/es/2023-03-14-painting-robots.md"
echo "==> the pre-build check passes (exit 1 would mean missing or stale translations):"
"$BLOGBABEL" build fixtures/site -o "$OUT/site" --layout jekyll-polyglot --check && echo "   every translation is up to date"
echo "==> output in $OUT/site: build it with 'jekyll build -s $OUT/site' (see fixtures/generators/jekyll)"
