// The tuner's database (SQLite, docs/formats.md "Tune database"), kept like the sweep's
// (sweep/sweep_db.hpp): one row per finished evaluation, committed as it finishes, so an
// interrupted tune resumes where it stopped. The spec it was started with is stored; a
// resumed tune with another spec is refused.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct sqlite3;

namespace nmx::tune {

inline constexpr int kTuneSchemaVersion = 1;

struct Evaluation {
  size_t index = 0, iteration = 0;   // iteration 0: the initial design
  nlohmann::json params;             // name -> value, the objective's inputs
  std::vector<double> unit;          // the same point in [0, 1]^d (what the GP sees)
  bool ok = false;                   // false: the objective could not be computed (`error` says why)
  double objective = 0;
  nlohmann::json metrics;            // whatever the objective reports besides
  std::string error;
  double eval_seconds = 0, gp_seconds = 0;  // gp: fitting and proposing the batch this point is in
  double expected_improvement = 0;          // at proposal (0 for the initial design)
};

nlohmann::json to_json(const Evaluation& e);
Evaluation evaluation_from_json(const nlohmann::json& j);

class TuneDb {
 public:
  // Opens or creates; `spec` must equal the stored one (a new database stores it).
  TuneDb(const std::string& path, const nlohmann::json& spec);
  ~TuneDb();
  TuneDb(const TuneDb&) = delete;
  TuneDb& operator=(const TuneDb&) = delete;

  std::vector<Evaluation> rows();      // ordered by index
  void insert(const Evaluation& e);    // thread-safe; committed before it returns

 private:
  void exec(const std::string& sql);
  sqlite3* db_ = nullptr;
  std::string path_;
  std::mutex mutex_;
};

}  // namespace nmx::tune
