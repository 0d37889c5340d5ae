#!/usr/bin/env bash
# Learning rules through the real binary: nmx plasticity set (text, presets, parameters)
# writes format 4 and nmx info lists the rules; --rule / --rule-params on run and check
# change them for one run; bad rules, parameters and chips are refused (exit 2, the rule,
# column and allowed range named, nothing written).
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }
has() { grep -qF -- "$2" "$1" || { cat "$1"; fail "$3: no '$2'"; }; }

echo '{"core": {"plasticity": true}}' > "$work/hw_pl.json"
"$nmx" generate -o "$work/q.h5" --layers 784,20,10 --quantize --hw "$work/hw_pl.json" >/dev/null 2>&1 || fail "generate"
"$nmx" generate -o "$work/q0.h5" --layers 784,20,10 --quantize >/dev/null 2>&1 || fail "generate (no plasticity unit)"

# 1. A rule as text, with parameters inline; info shows it and the format.
ok "set --rule" "$nmx" plasticity set "$work/q.h5" -p p1_2 --rule 'dw = 2^-4*x1*post - 2^-5*y1*pre' \
  --params '{"x1": {"tau": 20, "amp": 2048}, "y1": {"decay": 300, "amp": 1024}}' -o "$work/r.h5"
"$nmx" info "$work/r.h5" >"$work/info.out" 2>&1 || fail "info"
has "$work/info.out" "(format v4, quantised)" "info: format"
has "$work/info.out" "plasticity p1_2       dw = 2^-4*x1*post - 2^-5*y1*pre  (x1 decay 200 amp 2048, y1 decay 300 amp 1024, stochastic rounding, no epoch)" "info: rule"

# 2. Presets, with their parameters; the rule of another projection is kept.
ok "set --preset stdp" "$nmx" plasticity set "$work/r.h5" -p p0_1 --preset stdp --a-plus 0.5 --tau-minus 40 -o "$work/s.h5"
"$nmx" info "$work/s.h5" >"$work/info2.out" 2>&1 || fail "info 2"
has "$work/info2.out" "plasticity p0_1       dw = 2^-12*x1*post - 2^-11*y1*pre  (x1 decay 200 amp 2048, y1 decay 101 amp 2048" "info: stdp preset"
has "$work/info2.out" "plasticity p1_2       dw = 2^-4*x1*post" "info: the other rule kept"
ok "set --preset sdsp" "$nmx" plasticity set "$work/s.h5" -p p1_2 --preset sdsp --v-threshold 10 --epoch 50 -o "$work/d.h5"
"$nmx" info "$work/d.h5" >"$work/info3.out" 2>&1 || fail "info 3"
has "$work/info3.out" "dw = 2*[v >= 10]*[y1 >= 512]*pre - 2*[v >= 10]*[y1 >= 3072]*pre - [y1 >= 512]*pre + [y1 >= 3072]*pre + 2*[w >= 0] - 1  (y1 decay 200 amp 1024, nearest rounding, epoch every 50 steps)" "info: sdsp preset"
ok "set --preset three-factor" "$nmx" plasticity set "$work/d.h5" -p p0_1 --preset three-factor --eta 0.0625 -o "$work/t.h5"
"$nmx" info "$work/t.h5" >"$work/info4.out" 2>&1 || fail "info 4"
has "$work/info4.out" "de = 2^-11*x1*post - 2^-11*y1*pre - e; dw = 2^-4*l*e" "info: three-factor preset"
ok "remove" "$nmx" plasticity remove "$work/t.h5" -p p0_1 -o "$work/u.h5"
"$nmx" info "$work/u.h5" >"$work/info5.out" 2>&1 || fail "info 5"
grep -q "plasticity p0_1" "$work/info5.out" && fail "remove: p0_1 still learns"

# 3. Refusals: nothing written.
expect "unknown factor" "rule 'dw = x3\*post': column 6: unknown factor 'x3' \(allowed: x1, x2, y1, y2, e, l, w, d, p, pre, post" \
  "$nmx" plasticity set "$work/q.h5" -p p1_2 --rule 'dw = x3*post' -o "$work/out.h5"
expect "zero amplitude" "column 6: the term reads x1, but x1.amp = 0, so it is always 0 \(allowed: x1.amp in 1..65535\)" \
  "$nmx" plasticity set "$work/q.h5" -p p1_2 --rule 'dw = x1*post' -o "$work/out.h5"
expect "params key" "--params:1:9: unknown key 'x1.tua' \(allowed: amp, decay, tau\)" \
  "$nmx" plasticity set "$work/q.h5" -p p1_2 --rule 'dw = x1*post' --params '{"x1": {"tua": 5}}' -o "$work/out.h5"
expect "preset key" "preset sdsp takes no parameter a_plus \(allowed: v_threshold, ca_low, ca_high, ca_amp, ca_tau, w_threshold, epoch\)" \
  "$nmx" plasticity set "$work/q.h5" -p p1_2 --preset sdsp --a-plus 2 -o "$work/out.h5"
expect "no projection" "no projection 'p9' \(allowed: p0_1, p1_2\)" \
  "$nmx" plasticity set "$work/q.h5" -p p9 --preset stdp -o "$work/out.h5"
expect "float network" "projection 'p0_1': weight_bits = 0 \(float only\) is out of range \(allowed: 2, 4, 8: a plastic projection changes weight codes, quantise it first" \
  "$nmx" plasticity set "$(dirname "$0")/../../examples/fmnist-delay-ternary.h5" -p p0_1 --preset stdp -o "$work/out.h5"
expect "no plasticity unit" "projections\[1\] 'p1_2' \(rule 'dw = 2\^-11\*x1\*post - 2\^-11\*y1\*pre'\) learns on chip, but the chip has no plasticity unit \(.*q0.h5:/hw_config: core.plasticity = false\)" \
  "$nmx" plasticity set "$work/q0.h5" -p p1_2 --preset stdp -o "$work/out.h5"

# 4. --rule and --rule-params for one run: the rules that run are printed.
ok "run --rule" "$nmx" run "$work/r.h5" --limit 2 --no-progress --rule 'p1_2=dw = 2^-3*x1*post' --rule-params 'p1_2={"x1": {"amp": 5}}'
has "$work/stdout" "plasticity p1_2       dw = 2^-3*x1*post  (x1 decay 200 amp 5, y1 decay 300 amp 1024, stochastic rounding, no epoch)" "run --rule"
ok "check --rule" "$nmx" check "$work/r.h5" --levels fixed,systemc --samples 1 --no-progress --rule 'p0_1=dd = [x1 >= 3]*post' \
  --rule-params 'p0_1={"x1": {"tau": "inf", "amp": 9}}'
has "$work/stdout" "plasticity p0_1       dd = [x1 >= 3]*post  (x1 decay 0 amp 9, stochastic rounding, no epoch)" "check --rule"
expect "run, bad --rule" "--rule p1_2: projection 'p1_2': rule 'dw = v\*pre': column 6: v \(the post membrane\) may only be tested" \
  "$nmx" run "$work/r.h5" --limit 2 --rule 'p1_2=dw = v*pre' --json "$work/out.json"
expect "check, bad --rule-params" "--rule-params p1_2:1:2: epoch = 70000 is out of range \(allowed: 0..65535 steps" \
  "$nmx" check "$work/r.h5" --rule-params 'p1_2={"epoch": 70000}'
expect "run, rule without the unit" "learns on chip, but the chip has no plasticity unit" \
  "$nmx" run "$work/q0.h5" --limit 2 --rule 'p1_2=dw = 3*post' --json "$work/out.json"

# 5. The checks at L0 and L1 and the worked example (docs/plasticity.md): tables, PNGs
#    written whole, JSON; a rule the window cannot measure is refused with nothing written.
ok "window" "$nmx" plasticity window --a-plus 8 --a-minus 6 --tau-plus 10 --max-lag 20 --plot "$work/w.png" --json "$work/w.json"
has "$work/stdout" "(within the quantisation bound: yes)" "window"
[ -s "$work/w.png" ] || fail "window: no PNG"
grep -q '"l1_within_bound": true' "$work/w.json" || fail "window: JSON"
ok "weights" "$nmx" plasticity weights --a-plus 8 --a-minus 8 --pairings 20 --w-step 64 --plot "$work/d.png"
has "$work/stdout" "   127        127    127.000" "weights: saturates at the top"
[ -s "$work/d.png" ] || fail "weights: no PNG"
ok "pattern" "$nmx" plasticity pattern --segments 40 --block 5 --csv "$work/p.csv" --save-network "$work/pn.h5" --save-input "$work/pi.h5"
head -1 "$work/p.csv" | grep -q "copies_seen,hit_rate" || fail "pattern: CSV"
ok "drift" "$nmx" plasticity drift "$work/pn.h5" --input "$work/pi.h5" --every 500 --json "$work/dr.json"
grep -q '"mean_abs_drift"' "$work/dr.json" || fail "drift: JSON"
ok "check --input" "$nmx" check "$work/pn.h5" --input "$work/pi.h5" --levels fixed,systemc --state --no-progress
has "$work/stdout" "2000 steps" "check --input"
expect "window, not pair STDP" "nmx plasticity window: rule .*\(stdp_window measures pair STDP\)" \
  "$nmx" plasticity window --preset sdsp --plot "$work/out.png"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
