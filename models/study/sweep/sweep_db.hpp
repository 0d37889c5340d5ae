// The sweep database (SQLite, docs/formats.md "Sweep database"): one row per finished
// point, committed as the point finishes, keyed by network and parameters, so an
// interrupted sweep resumes and loses or duplicates nothing. A second table caches the
// synthesised area of each core configuration, so a resumed sweep does not resynthesise.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct sqlite3;

namespace nmx {

inline constexpr int kSweepSchemaVersion = 3;

// One core configuration as synthesised (sim/synth through the sweep's area provider).
struct CoreArea {
  double area_mm2 = 0;  // standard-cell logic; memories are kept as memories (SRAM macros)
  uint64_t cells = 0, memory_bits = 0;
  double seconds = 0;   // synthesis wall time
};

struct SweepRow {
  std::string key, network, level, timing;  // timing: "estimated" (closed form from L1), "measured" (L2), "" (L0)
  nlohmann::json params;
  double accuracy = 0, accuracy_l0 = 0, prediction_agreement = 0, spike_agreement = 0;
  double spikes_per_sample = 0, synaptic_events_per_sample = 0, bits_per_synapse = 0;
  double cycles_per_sample = 0, energy_nj_per_sample = 0;
  uint32_t cores = 0, clipped_delays = 0, samples = 0;
  double wall_seconds = 0;
  // Filled when the spec asks for area: the core's figures, and area_mm2 = cores x core logic.
  bool has_area = false;
  double area_mm2 = 0;
  CoreArea core;
};

// A row as JSON and back (rows cross process boundaries: MPI ranks, per-point children).
nlohmann::json to_json(const SweepRow& r);
SweepRow sweep_row_from_json(const nlohmann::json& j);

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

  std::map<std::string, CoreArea> areas();  // core configuration key -> area
  void insert_area(const std::string& core_key, const CoreArea& a);  // thread-safe; committed

 private:
  void exec(const std::string& sql);
  sqlite3* db_ = nullptr;
  std::string path_;
  std::mutex mutex_;
};

}  // namespace nmx
