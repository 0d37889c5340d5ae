// The tuner's database (SQLite, docs/formats.md "Tune database"), kept like the sweep's
// (sweep/sweep_db.hpp): one row per finished evaluation, committed as it finishes, so an
// interrupted tune resumes where it stopped. The tune's identity (what decides its points
// and objective: TuneSpec::identity) is stored and a tune with another is refused; how many
// iterations it runs is not part of it, so a finished tune is continued by asking for more.
// The batch size of every iteration proposed so far is stored (meta `batches`): a resumed
// iteration keeps the size it was proposed with, new ones take the current --batch.
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
  // Opens or creates; `identity` must equal the stored one (a new database stores it). A
  // database written before the batches were stored keeps its spec's `iterations` and
  // `batch` in the identity; they are ignored, and its batch is every iteration's size.
  TuneDb(const std::string& path, const nlohmann::json& identity);
  ~TuneDb();
  TuneDb(const TuneDb&) = delete;
  TuneDb& operator=(const TuneDb&) = delete;

  std::vector<Evaluation> rows();      // ordered by index
  void insert(const Evaluation& e);    // thread-safe; committed before it returns
  // The sizes of iterations 1, 2, ... proposed so far (set_batches stores them, committed).
  std::vector<size_t> batches();
  void set_batches(const std::vector<size_t>& sizes);

 private:
  void exec(const std::string& sql);
  sqlite3* db_ = nullptr;
  std::string path_;
  size_t legacy_batch_ = 0;  // a database from before `batches`: its spec's batch
  std::mutex mutex_;
};

}  // namespace nmx::tune
