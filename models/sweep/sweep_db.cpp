#include "sweep/sweep_db.hpp"

#include <ctime>

#include <sqlite3.h>

#include "core/error.hpp"

namespace nmx {

SweepDb::SweepDb(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw InputError(path + ": cannot open the sweep database (" + msg + ")");
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)");
    exec("INSERT OR IGNORE INTO meta VALUES('schema_version', '" + std::to_string(kSweepSchemaVersion) + "')");
  } catch (const InputError&) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st, nullptr);
  std::string version;
  if (sqlite3_step(st) == SQLITE_ROW) version = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (version != std::to_string(kSweepSchemaVersion)) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw InputError(path + ": sweep database schema version " + version + ", this nmx writes version " +
                     std::to_string(kSweepSchemaVersion) + " (use a new --db)");
  }
  exec(
      "CREATE TABLE IF NOT EXISTS points(key TEXT PRIMARY KEY, network TEXT, params TEXT, accuracy REAL, "
      "accuracy_l0 REAL, prediction_agreement REAL, spike_agreement REAL, spikes_per_sample REAL, "
      "synaptic_events_per_sample REAL, bits_per_synapse REAL, cycles_per_sample REAL, energy_nj_per_sample REAL, "
      "cores INTEGER, clipped_delays INTEGER, "
      "samples INTEGER, wall_seconds REAL, version TEXT, finished_at TEXT)");
}

SweepDb::~SweepDb() {
  if (db_) sqlite3_close(db_);
}

void SweepDb::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw InputError(path_ + ": " + msg);
  }
}

std::set<std::string> SweepDb::finished_keys() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::set<std::string> keys;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "SELECT key FROM points", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) keys.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  return keys;
}

std::vector<SweepRow> SweepDb::rows() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<SweepRow> out;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_,
                     "SELECT key, network, params, accuracy, accuracy_l0, prediction_agreement, spike_agreement, "
                     "spikes_per_sample, synaptic_events_per_sample, bits_per_synapse, cycles_per_sample, "
                     "energy_nj_per_sample, cores, clipped_delays, samples, wall_seconds FROM points ORDER BY key",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    SweepRow r;
    r.key = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    r.network = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    r.params = nlohmann::json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)));
    double* d[] = {&r.accuracy,          &r.accuracy_l0,          &r.prediction_agreement,
                   &r.spike_agreement,   &r.spikes_per_sample,    &r.synaptic_events_per_sample,
                   &r.bits_per_synapse,  &r.cycles_per_sample,    &r.energy_nj_per_sample};
    for (int k = 0; k < 9; ++k) *d[k] = sqlite3_column_double(st, 3 + k);
    r.cores = static_cast<uint32_t>(sqlite3_column_int64(st, 12));
    r.clipped_delays = static_cast<uint32_t>(sqlite3_column_int64(st, 13));
    r.samples = static_cast<uint32_t>(sqlite3_column_int64(st, 14));
    r.wall_seconds = sqlite3_column_double(st, 15);
    out.push_back(r);
  }
  sqlite3_finalize(st);
  return out;
}

void SweepDb::insert(const SweepRow& r) {
  std::lock_guard<std::mutex> lock(mutex_);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_,
                     "INSERT OR IGNORE INTO points VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,datetime('now'))", -1, &st,
                     nullptr);
  const std::string params = r.params.dump();
  int i = 1;
  sqlite3_bind_text(st, i++, r.key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, i++, r.network.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, i++, params.c_str(), -1, SQLITE_TRANSIENT);
  for (double v : {r.accuracy, r.accuracy_l0, r.prediction_agreement, r.spike_agreement, r.spikes_per_sample,
                   r.synaptic_events_per_sample, r.bits_per_synapse, r.cycles_per_sample, r.energy_nj_per_sample})
    sqlite3_bind_double(st, i++, v);
  for (uint32_t v : {r.cores, r.clipped_delays, r.samples}) sqlite3_bind_int64(st, i++, v);
  sqlite3_bind_double(st, i++, r.wall_seconds);
  sqlite3_bind_text(st, i++, NMX_VERSION, -1, SQLITE_STATIC);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw InputError(path_ + ": cannot record a point (" + sqlite3_errmsg(db_) + ")");
}

}  // namespace nmx
