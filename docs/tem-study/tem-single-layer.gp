set terminal pngcairo size 900,600 font 'sans,12'
set grid
set logscale y
set format y '10^{%L}'
set ylabel 'weight recovery error ||W_{est} - W|| / ||W||'
set output 'docs/tem-study/tem-vs-examples.png'
set title "TEM least squares, 20 inputs -> 5 neurons: error against examples\n(200-step examples, geometric mean over 5 random teachers)"
set xlabel 'number of examples'
set logscale x
set autoscale xfix
set key top right
noises = '0 0.001 0.01'
plot for [i=1:words(noises)] 'docs/tem-study/tem-single-layer.tsv' index (i-1) using 2:4 with linespoints lw 2 pt 7 title sprintf('input noise std %s', word(noises, i))
set output 'docs/tem-study/tem-vs-noise.png'
set title "TEM least squares: error against input noise\n(additive Gaussian noise on the learner's copy of signals in [0.05, 0.95])"
set xlabel 'input noise standard deviation'
set format x '10^{%L}'
set key top left
counts = '10 100'
plot for [i=1:words(counts)] 'docs/tem-study/tem-single-layer.tsv' index (words(noises) + i - 1) using 3:4 with linespoints lw 2 pt 7 title sprintf('%s examples', word(counts, i))
