// Two-layer TEM recovery (docs/tem-two-layer.md): the FRI step, hidden spike
// times from a noise-free forward run, the full 2 -> 2 -> 4 recovery, and its clean failures.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "tem/fri.hpp"
#include "tem/kmeans.hpp"
#include "tem/two_layer_study.hpp"

using namespace nmx;
using namespace nmx::tem;

TEST_CASE("FRI: exact Fourier coefficients give back the Dirac times and amplitudes", "[tem2]") {
  DirichletKernel k;  // T = 200, M = 8
  k.harmonics = 8;
  const std::vector<double> t = {3.25, 40.5, 41.75, 120.0, 199.5};  // two 1.25 steps apart
  const std::vector<double> a1 = {0.7, -0.4, 0.9, 0.3, -1.1}, a2 = {-0.2, 0.8, 0.5, -0.6, 0.4};
  const std::vector<Eigen::VectorXcd> c = {dirac_coefficients(t, a1, k), dirac_coefficients(t, a2, k)};
  for (int known : {-1, 5}) {
    AnnihilateOptions opt;
    opt.count = known;
    const DiracFit f = annihilate(c, k, opt);
    REQUIRE(f.count == 5);
    CHECK(f.estimated == (known < 0));
    for (size_t n = 0; n < t.size(); ++n) {
      CHECK(std::abs(f.times[n] - t[n]) < 1e-9);
      CHECK(std::abs(f.amps(0, static_cast<Eigen::Index>(n)) - a1[n]) < 1e-9);
      CHECK(std::abs(f.amps(1, static_cast<Eigen::Index>(n)) - a2[n]) < 1e-9);
    }
    CHECK(f.residual < 1e-12);
  }
  // More Diracs than M cannot be annihilated: no singular-value gap, a clear error.
  std::vector<double> many, ones;
  for (int n = 0; n < 12; ++n) many.push_back(7.0 + 16.0 * n), ones.push_back(1.0 + 0.1 * n);
  REQUIRE_THROWS_WITH(annihilate({dirac_coefficients(many, ones, k)}, k), Catch::Contains("too many hidden spikes for M"));
}

TEST_CASE("FRI: Fourier coefficients of a filtered spike train from the output spike intervals", "[tem2]") {
  DirichletKernel k;
  k.harmonics = 6;
  const std::vector<std::vector<double>> hidden = {{30.0, 110.0}, {75.5}};
  Eigen::VectorXd w(2);
  w << 0.8, -0.5;
  const double b = 0.5 + 1.3 * k.peak(), theta = 2.5;
  const std::vector<double> out = output_spike_times(k, hidden, w, b, theta);
  REQUIRE(out.size() >= 13);
  const FourierFit f = fourier_coefficients(out, b, theta, k, "test");
  const Eigen::VectorXcd expect = dirac_coefficients({30.0, 110.0, 75.5}, {0.8, 0.8, -0.5}, k);
  CHECK((f.c - expect).norm() < 1e-9);
  CHECK(f.rank == 13);
}

TEST_CASE("k-means: two clusters and an outlier, deterministic start", "[tem2]") {
  Eigen::MatrixXd p(2, 9);
  p << 0, 0.01, -0.01, 0, 1, 1.01, 0.99, 1, 50,  //
      0, 0, 0.01, -0.01, 1, 1, 1.01, 0.99, 50;
  const KMeans km = kmeans(p, 2);
  for (int i = 1; i < 4; ++i) CHECK(km.label[static_cast<size_t>(i)] == km.label[0]);
  for (int i = 5; i < 8; ++i) CHECK(km.label[static_cast<size_t>(i)] == km.label[4]);
  CHECK(km.label[0] != km.label[4]);
  CHECK(km.distance[8] > 40);  // the outlier belongs to no cluster, and moved no centroid
  CHECK((km.centroids.col(km.label[4]) - Eigen::Vector2d(1, 1)).norm() < 0.02);
}

TEST_CASE("two-layer: hidden spike times recovered from a noise-free forward run", "[tem2]") {
  const TwoLayerSpec spec;  // T = 200, M = 10, docs/tem-two-layer.md
  const TwoLayerNet net = make_two_layer_teacher(spec);
  std::vector<TwoLayerTrace> truth;
  const TwoLayerObservations obs = observe_two_layer(net, spec, 4, 3, 0, &truth);
  for (const auto& ex : obs.output_spikes)
    for (const auto& o : ex) CHECK(o.size() >= static_cast<size_t>(2 * spec.harmonics + 1));
  for (const auto& tr : truth) CHECK(tr.min_drive > 0);
  const Recovery r = recover(obs);
  for (size_t e = 0; e < truth.size(); ++e) {
    std::vector<double> all;
    for (const auto& tr : truth[e].hidden) all.insert(all.end(), tr.begin(), tr.end());
    std::sort(all.begin(), all.end());
    REQUIRE(r.spike_times[e].size() == all.size());
    for (size_t n = 0; n < all.size(); ++n) CHECK(std::abs(r.spike_times[e][n] - all[n]) < 1e-8);
  }
}

TEST_CASE("two-layer: full recovery of W1 and W2, noise-free and with output-time jitter", "[tem2]") {
  TwoLayerStudySpec s;
  s.examples = {1, 10};
  s.teachers = 3;
  const auto rows = two_layer_study(s);
  for (const auto& row : rows) {
    INFO(row.examples << " examples: " << row.layer1_error_max << " " << row.layer2_error_max);
    CHECK(row.failed_runs == 0);
    CHECK(row.underdetermined_runs == 0);
    CHECK(row.rejected_examples == 0);
    CHECK(row.misassigned_spikes == 0);
    CHECK(row.layer1_error_max < 1e-10);  // measured ~1e-13
    CHECK(row.layer2_error_max < 1e-10);
    CHECK(row.spike_time_error_max < 1e-8);  // steps; measured ~1e-11
    CHECK(row.min_output_drive > 0);
    CHECK(row.min_output_spikes >= 21);
    CHECK(row.max_hidden_spikes <= 10);
  }
  // 1e-4 steps of jitter on the output times: errors ~1e-4, falling with more examples.
  s.time_noise = 1e-4;
  s.consistency_tol = 1e-2;
  s.examples = {2, 20};
  const auto noisy = two_layer_study(s);
  INFO(noisy[0].layer1_error << " " << noisy[1].layer1_error << " " << noisy[0].layer2_error << " " << noisy[1].layer2_error);
  CHECK(noisy[1].layer1_error < 2e-3);  // measured 2.3e-4 (layer 2: 6.9e-5)
  CHECK(noisy[1].layer2_error < 2e-3);
  CHECK(noisy[1].misassigned_spikes == 0);
  CHECK(noisy[1].layer2_error < noisy[0].layer2_error);
  std::ostringstream tsv;
  write_two_layer_tsv(tsv, noisy);
  CHECK(tsv.str().rfind("examples\truns\t", 0) == 0);
  CHECK(two_layer_markdown({1e-4}, {noisy}).find("| 0.0001 | 20 |") != std::string::npos);
}

TEST_CASE("two-layer: too few output spikes is an InputError naming the cause", "[tem2]") {
  TwoLayerSpec spec;
  spec.output_spikes = 12;  // < 2M + 1 = 21 intervals per output and example
  const TwoLayerNet net = make_two_layer_teacher(spec);
  const TwoLayerObservations obs = observe_two_layer(net, spec, 2, 3);
  REQUIRE_THROWS_WITH(recover(obs), Catch::Contains("example 0, output 0") && Catch::Contains("too few output spikes") &&
                                        Catch::Contains("21 Fourier unknowns"));
  TwoLayerObservations unordered = observe_two_layer(net, spec, 1, 3);
  std::swap(unordered.output_spikes[0][2][3], unordered.output_spikes[0][2][4]);
  REQUIRE_THROWS_WITH(recover(unordered), Catch::Contains("examples[0].output_spikes[2][4]"));
  RecoveryOptions lax;
  lax.skip_failed_examples = true;  // every example fails: still an error, with the first cause
  REQUIRE_THROWS_WITH(recover(obs, lax), Catch::Contains("no example could be used") &&
                                             Catch::Contains("too few output spikes"));
}

TEST_CASE("two-layer: identical W2 columns cannot be told apart, an InputError says so", "[tem2]") {
  const TwoLayerSpec spec;
  TwoLayerNet net = make_two_layer_teacher(spec);
  Eigen::MatrixXd w2 = net.w2;
  w2.col(1) = w2.col(0) + 1e-3 * (w2.col(1) - w2.col(0)).normalized();  // 1e-3 apart: still fine
  set_output_weights(net, w2, spec);
  const Recovery r = recover(observe_two_layer(net, spec, 5, 3));
  CHECK(relative_error(r.w1, net.w1) < 1e-9);
  w2.col(1) = w2.col(0);
  set_output_weights(net, w2, spec);
  REQUIRE_THROWS_WITH(recover(observe_two_layer(net, spec, 5, 3)),
                      Catch::Contains("no two separate clusters") && Catch::Contains("W2 columns too similar"));
}
