set terminal pngcairo size 1200,520 font 'sans,12'
set output 'docs/tem-study/tem-two-layer.png'
files = 'docs/tem-study/tem-two-layer-noise0.tsv docs/tem-study/tem-two-layer-noise1e-05.tsv docs/tem-study/tem-two-layer-noise0.0001.tsv docs/tem-study/tem-two-layer-noise0.001.tsv'
noises = '0 1e-05 0.0001 0.001'
set grid
set logscale xy
set format y '10^{%L}'
set key left center box opaque
set autoscale xfix
set xlabel 'number of examples'
set multiplot layout 1,2 title "Two-layer TEM recovery (2 -> 2 -> 4), mean of 5 teachers; noise = std of jitter on the observed output spike times [steps]"
set title 'layer 1 (inputs -> hidden)'
set ylabel 'relative error ||W1_{est} - W1|| / ||W1||'
plot for [i=1:words(files)] word(files, i) using 1:5 skip 1 with linespoints lw 2 pt 7 title sprintf('noise %s', word(noises, i))
set title 'layer 2 (hidden -> outputs)'
set ylabel 'relative error ||W2_{est} - W2|| / ||W2||'
plot for [i=1:words(files)] word(files, i) using 1:7 skip 1 with linespoints lw 2 pt 7 title sprintf('noise %s', word(noises, i))
unset multiplot
