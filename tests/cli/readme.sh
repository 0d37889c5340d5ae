#!/usr/bin/env bash
# README's option lists against the binary: every "[--option VALUE]" in the `nmx` command
# block shows the default that `nmx <command> --help` shows (VALUE "a|b": the first choice;
# placeholders such as K, DIR or file names are skipped).
set -u
nmx="$1"
readme="$(dirname "$0")/../../README.md"
fails=0; checked=0
block=$(awk '/^## The `nmx` command/ { in_section = 1 } in_section && /^```/ { fence++; next } fence == 1' "$readme")
cmd=""
while IFS= read -r line; do
  case "$line" in
    "nmx train "*|"nmx tem "*) cmd=$(echo "$line" | awk '{ print $2 " " $3 }') ;;
    "nmx "*) cmd=$(echo "$line" | awk '{ print $2 }') ;;
  esac
  [ -n "$cmd" ] || continue
  for pair in $(echo "$line" | grep -oE '\[--[a-z-]+ [^]| []+' | tr ' ' '=' | tr -d '['); do
    opt=${pair%%=*}; value=${pair#*=}
    if [[ "$value" =~ ^[A-Z:]+$ || "$value" =~ \.[a-z]+$ ]]; then continue; fi
    # shellcheck disable=SC2086
    shown=$("$nmx" $cmd --help | grep -E -- "^ +(-[a-zA-Z],)?$opt( |$)" | grep -oE '=[^ ]+' | head -1 | tr -d '=[]')
    checked=$((checked+1))
    if [ "$shown" != "$value" ]; then
      echo "FAIL README: nmx $cmd $opt $value, but --help shows the default '$shown'"; fails=$((fails+1))
    fi
  done
done <<< "$block"
[ "$checked" -ge 30 ] || { echo "FAIL: only $checked README defaults found"; fails=$((fails+1)); }
echo "$checked README defaults checked, $fails wrong"
[ $fails -eq 0 ]
