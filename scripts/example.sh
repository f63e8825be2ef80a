#!/usr/bin/env bash
# The main job on the bundled example site: repair mojibake and show the fixes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-build/example}"
rm -rf "$OUT"
echo "==> cleaning fixtures/site into $OUT"
.venv/bin/blogbabel clean fixtures/site -o "$OUT/clean" --diff || test $? -eq 1
echo "==> output in $OUT"
