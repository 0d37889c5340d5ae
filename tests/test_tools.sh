#!/usr/bin/env bash
# The fresh-machine contract covers the tests: every program that a test script or a
# CMake test runs comes from a Debian package that scripts/install-deps.sh installs, or
# from one every Debian system has (Essential, or priority required). A program that is
# only on this machine by chance (another package, a pyenv python) fails here.
set -u
root="$1"
deps=" $(sed -n '/^packages=(/,/^)/{s/#.*//;p}' "$root/scripts/install-deps.sh" | tr -d '()' | tr -s ' \n' ' ') "
scripts=$(ls "$root"/tests/*.sh "$root"/tests/cli/*.sh "$root"/tests/package/*.sh)
# Shell functions the scripts define are not programs.
functions=" $(grep -ohE '^\s*[A-Za-z_][A-Za-z0-9_]*\(\)' $scripts | tr -d ' ()' | tr '\n' ' ') "
# The first word of each command: at the start of a line, after | & ; ( ! or then/do/else,
# outside here-documents (their text is data for another program).
commands() {
  awk '
    heredoc != "" { if ($0 == heredoc) heredoc = ""; next }
    { line = $0; sub(/#.*/, "", line); print line
      if (match($0, /<<-?'"'"'?[A-Za-z_]+/)) { h = substr($0, RSTART, RLENGTH); gsub(/[<'"'"'-]/, "", h); heredoc = h } }
  ' $scripts | grep -oE "(^|[|&;(!]|\bthen|\bdo|\belse)\s*[A-Za-z_][A-Za-z0-9_.+-]*(\s|$|\))" |
    sed -E 's/^(then|do|else)//; s/^[|&;(! ]*//; s/[ )]*$//'
  # CMake tests: add_test(... COMMAND program ...), unless the program is a script or target.
  grep -ohE 'COMMAND [A-Za-z_][A-Za-z0-9_.+-]*' "$root"/tests/CMakeLists.txt | cut -d' ' -f2
}
bad=0
checked=""
programs=()
for w in $(commands | sort -u); do
  case "$functions" in *" $w "*) continue ;; esac
  [ "$(type -t "$w")" = file ] && programs+=("$w")  # not builtins, keywords, programs not found
done
paths=()
for w in "${programs[@]}"; do paths+=("$(readlink -f "$(type -P "$w")")"); done
# dpkg knows /bin/x as /bin/x or /usr/bin/x (merged /usr): one query for both spellings.
owners=$(dpkg -S "${paths[@]}" "${paths[@]#/usr}" 2>/dev/null)
for i in "${!programs[@]}"; do
  w=${programs[$i]} path=${paths[$i]}
  owner=$(echo "$owners" | awk -F': ' -v a="$path" -v b="${path#/usr}" '$2 == a || $2 == b { print; f = 1; exit } END { exit !f }') ||
    { echo "FAIL: $w ($path) belongs to no Debian package"; bad=1; continue; }
  pkg=${owner%%: *}
  pkg=${pkg%%:*}
  case "$deps" in *" $pkg "*) checked+=" $w"; continue ;; esac
  base=$(dpkg-query -W -f='${Essential} ${Priority}' "$pkg")
  case "$base" in "yes "* | *" required") checked+=" $w"; continue ;; esac
  echo "FAIL: $w comes from package $pkg, which scripts/install-deps.sh does not install"
  bad=1
done
# Python modules the test scripts import (they run Debian's /usr/bin/python3): each from
# the standard library or a package install-deps.sh installs.
for m in $(grep -ohE '^import [A-Za-z0-9_, ]+' $scripts "$root"/tests/data/*/*.py 2>/dev/null | sed 's/^import //; s/ as [A-Za-z0-9_]*//g; s/,/ /g' | tr ' ' '\n' | sort -u); do
  file=$(/usr/bin/python3 -c "import $m; print(getattr($m, '__file__', 'builtin'))" 2>/dev/null) ||
    { echo "FAIL: python module $m is not installed"; bad=1; continue; }
  [ "$file" = builtin ] && { checked+=" py:$m"; continue; }
  pkg=$(dpkg -S "$(readlink -f "$file")" 2>/dev/null | head -1 | cut -d: -f1)
  case "$pkg" in libpython3*-minimal | libpython3*-stdlib | python3*-minimal) checked+=" py:$m"; continue ;; esac
  case "$deps" in *" $pkg "*) checked+=" py:$m"; continue ;; esac
  echo "FAIL: python module $m comes from '${pkg:-no package}', which scripts/install-deps.sh does not install"
  bad=1
done
[ $bad -eq 0 ] || exit 1
echo "programs the tests run, each installed on a fresh machine:$checked"
