// The sweep database (SQLite, docs/formats.md "Sweep database"): one row per finished
// point, committed as the point finishes, keyed by network and parameters, so an
// interrupted sweep resumes and loses or duplicates nothing.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct sqlite3;

namespace nmx {

inline constexpr int kSweepSchemaVersion = 2;

struct SweepRow {
  std::string key, network;
  nlohmann::json params;
  double accuracy = 0, accuracy_l0 = 0, prediction_agreement = 0, spike_agreement = 0;
  double spikes_per_sample = 0, synaptic_events_per_sample = 0, bits_per_synapse = 0;
  double cycles_per_sample = 0, energy_nj_per_sample = 0;  // closed-form estimates from L1 activity
  uint32_t cores = 0, clipped_delays = 0, samples = 0;
  double wall_seconds = 0;
};

class SweepDb {
 public:
  // Opens or creates; refuses a database of another schema version or a path it cannot
  // write, with an InputError naming it.
  explicit SweepDb(const std::string& path);
  ~SweepDb();
  SweepDb(const SweepDb&) = delete;
  SweepDb& operator=(const SweepDb&) = delete;

  std::set<std::string> finished_keys();
  std::vector<SweepRow> rows();  // every row, ordered by key
  void insert(const SweepRow& row);  // thread-safe; committed before it returns

 private:
  void exec(const std::string& sql);
  sqlite3* db_ = nullptr;
  std::string path_;
  std::mutex mutex_;
};

}  // namespace nmx
