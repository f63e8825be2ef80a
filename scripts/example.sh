#!/usr/bin/env bash
# The main job on the bundled example site: repair mojibake and show the fixes, build the site into
# per-locale Markdown (English + Spanish) with the best offline engine installed (Argos when a model
# is installed, else Apertium), then build that with the real generator (Jekyll + jekyll-polyglot)
# and print where one post is published in both languages.
set -euo pipefail
cd "$(dirname "$0")/.."
BLOGBABEL="${BLOGBABEL:-.venv/bin/blogbabel}"
OUT="${OUT:-build/example}"
rm -rf "$OUT"
echo "==> cleaning fixtures/site into $OUT/clean"
"$BLOGBABEL" clean fixtures/site -o "$OUT/clean" --diff || test $? -eq 1

# a Jekyll site is the posts plus the generator's own files (_config.yml, _layouts)
mkdir -p "$OUT/src"
cp -R fixtures/site/. "$OUT/src/"
cp -R fixtures/generators/jekyll/. "$OUT/src/"
echo "==> building $OUT/src into $OUT/site (layout jekyll-polyglot, backend auto)"
"$BLOGBABEL" build "$OUT/src" -o "$OUT/site" --layout jekyll-polyglot --backend auto
echo "==> translation status"
"$BLOGBABEL" status "$OUT/src" -o "$OUT/site" --layout jekyll-polyglot
echo "==> the Spanish version of an English post (first lines):"
head -n 24 "$OUT/site/_posts/es/2023-03-14-painting-robots.md"
echo "==> the pre-build check passes (exit 1 would mean missing or stale translations):"
"$BLOGBABEL" build "$OUT/src" -o "$OUT/site" --layout jekyll-polyglot --check && echo "   every translation is up to date"

if ! command -v jekyll >/dev/null; then
  echo "==> jekyll is not installed (scripts/setup.sh installs it): the Markdown is in $OUT/site"
  exit 0
fi
echo "==> jekyll build -s $OUT/site -d $OUT/html"
jekyll build -q -s "$OUT/site" -d "$OUT/html"
for page in blog/painting-robots/index.html es/blog/painting-robots/index.html; do
  test -f "$OUT/html/$page" || { echo "missing page $OUT/html/$page" >&2; exit 1; }
done
cat <<DONE
==> published: one post in both languages
   English  $OUT/html/blog/painting-robots/index.html     -> http://127.0.0.1:4000/blog/painting-robots/
   Spanish  $OUT/html/es/blog/painting-robots/index.html  -> http://127.0.0.1:4000/es/blog/painting-robots/
   open them with: python3 -m http.server 4000 --bind 127.0.0.1 --directory $OUT/html
DONE
