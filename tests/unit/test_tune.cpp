// Bayesian optimisation (models/study/tune): the GP interpolates noise-free data, expected
// improvement vanishes where the GP has seen the answer, maximum likelihood beats a poor
// guess, the tuner finds a known minimum, its rows do not depend on threads or on being
// resumed, a finished tune continues when asked for more iterations (of another batch size
// too), and bad specs or objectives give clear errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include <sqlite3.h>

#include "core/error.hpp"
#include "tune/acquisition.hpp"
#include "tune/gaussian_process.hpp"
#include "tune/tune_run.hpp"

using namespace nmx;
using namespace nmx::tune;

namespace {

void data_1d(Eigen::MatrixXd& x, Eigen::VectorXd& y) {
  x.resize(6, 1);
  x << 0.05, 0.2, 0.4, 0.55, 0.75, 0.95;
  y = (6 * x.col(0).array()).sin().matrix();
}

GpHyper hyper_1d(double noise) {
  GpHyper h;
  h.log_length = Eigen::VectorXd::Constant(1, std::log(0.3));
  h.log_noise = std::log(noise);
  return h;
}

// A positive objective with its minimum 1 at (0.3, 0.7) in a [0, 1]^2 search space.
ObjectiveResult bowl(const nlohmann::json& p, size_t) {
  const double a = p.at("a").get<double>() - 0.3, b = p.at("b").get<double>() - 0.7;
  return {true, 1 + a * a + b * b, {{"a2", a * a}}, ""};
}

TuneSpec bowl_spec() {
  TuneSpec s;
  s.dims = {{"a", 0, 1, false}, {"b", 0, 1, false}};
  s.initial = 6, s.iterations = 5, s.batch = 2, s.seed = 3;
  return s;
}

std::string fresh(const std::string& name) {
  std::filesystem::remove(name);
  return name;
}

}  // namespace

TEST_CASE("GP: the posterior mean interpolates noise-free data and its sd vanishes there", "[tune]") {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  data_1d(x, y);
  GaussianProcess gp;
  gp.fit(x, y, hyper_1d(1e-10));
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const GpPrediction p = gp.predict(x.row(i).transpose());
    CHECK(p.mean == Approx(y[i]).margin(1e-5));
    CHECK(p.sd < 1e-3);
  }
  const GpPrediction mid = gp.predict(Eigen::VectorXd::Constant(1, 0.3));
  CHECK(mid.sd > 0.01);  // between samples the GP is unsure
  CHECK(mid.mean == Approx(std::sin(1.8)).margin(0.1));
}

TEST_CASE("GP: expected improvement is zero at a sampled noise-free point and positive between", "[tune]") {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  data_1d(x, y);
  GaussianProcess gp;
  gp.fit(x, y, hyper_1d(1e-10));
  const double best = y.minCoeff();
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const GpPrediction p = gp.predict(x.row(i).transpose());
    CHECK(expected_improvement(p.mean, p.sd, best) < 1e-4);
  }
  const GpPrediction p = gp.predict(Eigen::VectorXd::Constant(1, 0.85));  // between the two lowest samples
  CHECK(expected_improvement(p.mean, p.sd, best) > 1e-3);
  // The closed form: at mean = best, EI = sd * phi(0).
  CHECK(expected_improvement(0, 2, 0) == Approx(2 / std::sqrt(2 * M_PI)));
  CHECK(expected_improvement(1, 0, 0.5) == 0);
  CHECK(expected_improvement(0.25, 0, 0.5) == Approx(0.25));
}

TEST_CASE("GP: maximum likelihood (NLopt) beats a poor length scale", "[tune]") {
  Eigen::MatrixXd x(12, 2);
  Eigen::VectorXd y(12);
  const Eigen::MatrixXd u = latin_hypercube(12, 2, 7);
  for (Eigen::Index i = 0; i < 12; ++i) x.row(i) = u.row(i), y[i] = std::sin(4 * u(i, 0)) + 0.2 * u(i, 1);
  GaussianProcess poor, best;
  GpHyper h;
  h.log_length = Eigen::VectorXd::Constant(2, std::log(0.02));
  poor.fit(x, y, h);
  best.fit_optimised(x, y);
  CHECK(best.log_marginal_likelihood() > poor.log_marginal_likelihood() + 1);
  // The sine dimension matters more than the weak linear one: a shorter length scale.
  CHECK(best.hyper().log_length[0] < best.hyper().log_length[1]);
}

TEST_CASE("tune: finds a known minimum, rows equal for 1 and 2 threads and after a resume", "[tune]") {
  const TuneSpec s = bowl_spec();
  TuneOptions one;
  one.threads = 1;
  const std::string a = fresh("tune_test_a.db"), b = fresh("tune_test_b.db");
  const TuneSummary sa = run_tune(s, a, bowl, one);
  CHECK(sa.ran == s.total());
  CHECK(sa.best.objective < 1.01);  // within 0.1 of (0.3, 0.7)
  const double initial_best = [&] {
    TuneDb db(a, s.identity());
    double m = 1e9;
    for (const Evaluation& e : db.rows())
      if (e.iteration == 0) m = std::min(m, e.objective);
    return m;
  }();
  CHECK(sa.best.objective < initial_best);  // BO improved on the design

  TuneOptions two;
  two.threads = 2;
  run_tune(s, b, bowl, two);
  {  // forget the last three rows of b, as if interrupted, and resume
    sqlite3* db = nullptr;
    sqlite3_open(b.c_str(), &db);
    sqlite3_exec(db, ("DELETE FROM evaluations WHERE idx >= " + std::to_string(s.total() - 3)).c_str(), nullptr, nullptr,
                 nullptr);
    sqlite3_close(db);
  }
  const TuneSummary resumed = run_tune(s, b, bowl, two);
  CHECK(resumed.ran == 3);
  CHECK(resumed.skipped == s.total() - 3);
  TuneDb da(a, s.identity()), dbb(b, s.identity());
  const auto ra = da.rows(), rb = dbb.rows();
  REQUIRE(ra.size() == rb.size());
  for (size_t i = 0; i < ra.size(); ++i) {
    CHECK(ra[i].unit == rb[i].unit);
    CHECK(ra[i].objective == rb[i].objective);
    CHECK(ra[i].iteration == rb[i].iteration);
  }
  std::filesystem::remove(a), std::filesystem::remove(b);
}

TEST_CASE("tune: more iterations continue a finished tune, a new batch size only the new iterations", "[tune]") {
  TuneOptions one;
  one.threads = 1;
  TuneSpec s = bowl_spec();
  s.iterations = 2;
  const std::string a = fresh("tune_test_more.db"), b = fresh("tune_test_long.db");
  CHECK(run_tune(s, a, bowl, one).ran == 10);
  s.iterations = 4;  // the finished tune asked for two more iterations
  const TuneSummary more = run_tune(s, a, bowl, one);
  CHECK(more.ran == 4);
  CHECK(more.skipped == 10);
  CHECK(more.evaluations == 14);
  run_tune(s, b, bowl, one);  // the same tune run that long at once: the same rows
  {
    TuneDb da(a, s.identity()), dbb(b, s.identity());
    const auto ra = da.rows(), rb = dbb.rows();
    REQUIRE(ra.size() == 14);
    REQUIRE(rb.size() == 14);
    for (size_t i = 0; i < ra.size(); ++i) {
      CHECK(ra[i].unit == rb[i].unit);
      CHECK(ra[i].iteration == rb[i].iteration);
    }
    CHECK(da.batches() == std::vector<size_t>{2, 2, 2, 2});
  }
  // A fifth iteration of 3: the first four keep their 2 points, the new one has 3.
  s.iterations = 5, s.batch = 3;
  const TuneSummary wider = run_tune(s, a, bowl, one);
  CHECK(wider.ran == 3);
  CHECK(wider.evaluations == 17);
  CHECK(run_tune(s, a, bowl, one).ran == 0);  // finished: nothing left to run
  {
    TuneDb da(a, s.identity());
    const auto ra = da.rows();
    REQUIRE(ra.size() == 17);
    CHECK(ra[13].iteration == 4);
    CHECK(ra[14].iteration == 5);
    CHECK(ra[16].iteration == 5);
    CHECK(da.batches() == std::vector<size_t>{2, 2, 2, 2, 3});
  }
  // A database written before the batch sizes were stored (its spec has iterations and
  // batch; no `batches`): its batch is every iteration's size, and it is continued too.
  {
    nlohmann::json legacy = s.identity();
    legacy["iterations"] = 4, legacy["batch"] = 2;
    sqlite3* db = nullptr;
    sqlite3_open(b.c_str(), &db);
    sqlite3_exec(db, ("UPDATE meta SET value = '" + legacy.dump() + "' WHERE key = 'spec'").c_str(), nullptr, nullptr,
                 nullptr);
    sqlite3_exec(db, "DELETE FROM meta WHERE key = 'batches'", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    CHECK(TuneDb(b, s.identity()).batches() == std::vector<size_t>{2, 2, 2, 2});
  }
  const TuneSummary old = run_tune(s, b, bowl, one);
  CHECK(old.ran == 3);
  CHECK(old.skipped == 14);
  std::filesystem::remove(a), std::filesystem::remove(b);
}

TEST_CASE("tune: bad specs, another tune's database and objectives that cannot be computed", "[tune]") {
  TuneSpec s = bowl_spec();
  s.dims[0] = {"a", 1, 0, false};
  CHECK_THROWS_WITH(run_tune(s, fresh("tune_test_c.db"), bowl, {}), Catch::Contains("a range [1, 0] is empty"));
  s = bowl_spec();
  s.dims[1].log = true;
  CHECK_THROWS_WITH(check_spec(s, "tune"), Catch::Contains("searched in log and must be positive"));
  s = bowl_spec();
  s.batch = 0;
  CHECK_THROWS_WITH(check_spec(s, "tune"), Catch::Contains("--batch = 0 is out of range"));

  // Points where a < 0.5 cannot be computed: rows that say why, and the tune goes on.
  s = bowl_spec();
  s.iterations = 2;
  const std::string c = fresh("tune_test_c.db");
  const Objective half = [](const nlohmann::json& p, size_t i) {
    if (p.at("a").get<double>() < 0.5) throw InputError("the reservoir is silent");
    return bowl(p, i);
  };
  const TuneSummary sum = run_tune(s, c, half, {});
  CHECK(sum.failed > 0);
  CHECK(sum.failed < sum.ran);
  TuneDb db(c, s.identity());
  for (const Evaluation& e : db.rows()) {
    CHECK(e.ok == (e.params.at("a").get<double>() >= 0.5));
    if (!e.ok) CHECK(e.error == "the reservoir is silent");
  }
  TuneSpec other = s;
  other.seed = 4;
  CHECK_THROWS_WITH(TuneDb(c, other.identity()), Catch::Contains("belongs to another tune"));

  const Objective never = [](const nlohmann::json&, size_t) -> ObjectiveResult { throw InputError("silent"); };
  CHECK_THROWS_WITH(run_tune(s, fresh("tune_test_d.db"), never, {}),
                    Catch::Contains("could not be computed at any of the first 6 points"));
  std::filesystem::remove(c), std::filesystem::remove("tune_test_d.db");
}
