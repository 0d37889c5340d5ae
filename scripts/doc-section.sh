#!/usr/bin/env bash
# Replaces one marked section of a Markdown file with standard input, keeping the rest:
#   scripts/doc-section.sh FILE NAME < content
# The section is the text between "<!-- BEGIN NAME -->" and "<!-- END NAME -->"; a file
# without it gets it appended. Several scripts share docs/results.md this way, each
# regenerating only its own section. Written through a temporary file and a rename.
set -euo pipefail
file=$1; name=$2
begin="<!-- BEGIN $name -->"; end="<!-- END $name -->"
content=$(mktemp); trap 'rm -f "$content"' EXIT
cat > "$content"
touch "$file"
if grep -qxF "$begin" "$file"; then
  grep -qxF "$end" "$file" || { echo "$file: '$begin' has no '$end'" >&2; exit 1; }
  awk -v b="$begin" -v e="$end" -v c="$content" '
    $0 == b { print; while ((getline line < c) > 0) print line; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }' "$file" > "$file.tmp"
else
  { cat "$file"; [ -s "$file" ] && echo; echo "$begin"; cat "$content"; echo "$end"; } > "$file.tmp"
fi
mv "$file.tmp" "$file"
