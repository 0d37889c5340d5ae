#!/usr/bin/env bash
# `mpirun -np 2 nmx sweep` on one machine: rank 0 owns the database; the rows equal the
# threaded run's (all columns but wall time).
set -eu
nmx="$1"
. "$(dirname "$0")/scratch.sh"
"$nmx" generate -o "$work/net.h5" --layers 784,60,10 --max-delay 12 >/dev/null
cat > "$work/spec.json" <<SPEC
{"network": "$work/net.h5", "data": {"name": "mnist", "limit": 200},
 "axes": {"weight_bits": [2, 8], "delay_slots": [4, 8, 16], "theta_bits": [8, 12]}}
SPEC
"$nmx" sweep "$work/spec.json" --db "$work/threads.sqlite" -j 2 > "$work/t.txt" 2>&1 || { cat "$work/t.txt"; fail "threaded"; }
mpirun --allow-run-as-root --oversubscribe -np 2 "$nmx" sweep "$work/spec.json" --db "$work/mpi.sqlite" > "$work/m.txt" 2>&1 ||
  { cat "$work/m.txt"; fail "mpirun"; }
grep -q "^12 points: 12 run, 0 already .*MPI" "$work/m.txt" || { cat "$work/m.txt"; fail "MPI summary"; }
"$nmx" report "$work/threads.sqlite" --csv "$work/t.csv" >/dev/null
"$nmx" report "$work/mpi.sqlite" --csv "$work/m.csv" >/dev/null
# every column but the last (wall time)
diff <(sed 's/,[^,]*$//' "$work/t.csv") <(sed 's/,[^,]*$//' "$work/m.csv") || fail "MPI rows differ from the threaded run's"
# Level systemc: each rank runs its L2 points in fresh nmx worker processes (no MPI rank
# themselves); the rows, with L2's measured cycles, equal the threaded run's.
cat > "$work/l2.json" <<SPEC
{"network": "$work/net.h5", "data": {"name": "mnist", "limit": 4}, "level": "systemc", "axes": {"lanes": [4, 8]}}
SPEC
"$nmx" sweep "$work/l2.json" --db "$work/l2t.sqlite" -j 2 > "$work/l2t.txt" 2>&1 || { cat "$work/l2t.txt"; fail "threaded L2"; }
mpirun --allow-run-as-root --oversubscribe -np 2 "$nmx" sweep "$work/l2.json" --db "$work/l2m.sqlite" > "$work/l2m.txt" 2>&1 ||
  { cat "$work/l2m.txt"; fail "mpirun L2"; }
grep -q "^2 points: 2 run, 0 already .*MPI" "$work/l2m.txt" || { cat "$work/l2m.txt"; fail "MPI L2 summary"; }
"$nmx" report "$work/l2t.sqlite" --csv "$work/l2t.csv" >/dev/null
"$nmx" report "$work/l2m.sqlite" --csv "$work/l2m.csv" >/dev/null
grep -q ",measured," "$work/l2m.csv" || { cat "$work/l2m.csv"; fail "MPI L2 rows carry no measured cycles"; }
diff <(sed 's/,[^,]*$//' "$work/l2t.csv") <(sed 's/,[^,]*$//' "$work/l2m.csv") || fail "MPI L2 rows differ from the threaded run's"
# A trainer invocation: rank 0 trains each seed's network once and caches it; rank 1 reads
# the cache; the rows equal the threaded run's.
cat > "$work/train.json" <<SPEC
{"train": {"method": "delay", "data": "mnist", "limit": 100, "eval": 10, "hidden": 16, "max_delay": 7},
 "data": {"name": "mnist", "limit": 40}, "axes": {"seed": [1, 2], "weight_bits": [2, 8]}}
SPEC
"$nmx" sweep "$work/train.json" --db "$work/tt.sqlite" -j 2 > "$work/tt.txt" 2>&1 || { cat "$work/tt.txt"; fail "threaded train"; }
mpirun --allow-run-as-root --oversubscribe -np 2 "$nmx" sweep "$work/train.json" --db "$work/tm.sqlite" > "$work/tm.txt" 2>&1 ||
  { cat "$work/tm.txt"; fail "mpirun train"; }
grep -q "^4 points: 4 run, 0 already .*MPI); 2 networks trained" "$work/tm.txt" || { cat "$work/tm.txt"; fail "MPI train summary"; }
[ "$(grep -c "trainer seed" "$work/tm.txt")" -eq 2 ] || { cat "$work/tm.txt"; fail "only rank 0 reports training"; }
"$nmx" report "$work/tt.sqlite" --csv "$work/tt.csv" >/dev/null
"$nmx" report "$work/tm.sqlite" --csv "$work/tm.csv" >/dev/null
diff <(sed 's/,[^,]*$//' "$work/tt.csv") <(sed 's/,[^,]*$//' "$work/tm.csv") || fail "MPI train rows differ from the threaded run's"
echo "nmx sweep under mpirun -np 2: same 12 rows as the threaded run; level systemc: same 2 rows; trained source: same 4 rows"
