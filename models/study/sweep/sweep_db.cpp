#include "sweep/sweep_db.hpp"

#include <sqlite3.h>

#include "core/error.hpp"

namespace nmx {
namespace {

// Real-valued columns of `points`, in table order, with their fields.
struct RealColumn {
  const char* name;
  double SweepRow::*field;
};
constexpr RealColumn kReals[] = {{"accuracy", &SweepRow::accuracy},
                                 {"accuracy_l0", &SweepRow::accuracy_l0},
                                 {"prediction_agreement", &SweepRow::prediction_agreement},
                                 {"spike_agreement", &SweepRow::spike_agreement},
                                 {"spikes_per_sample", &SweepRow::spikes_per_sample},
                                 {"synaptic_events_per_sample", &SweepRow::synaptic_events_per_sample},
                                 {"bits_per_synapse", &SweepRow::bits_per_synapse},
                                 {"cycles_per_sample", &SweepRow::cycles_per_sample},
                                 {"energy_nj_per_sample", &SweepRow::energy_nj_per_sample},
                                 {"wall_seconds", &SweepRow::wall_seconds}};
struct CountColumn {
  const char* name;
  uint32_t SweepRow::*field;
};
constexpr CountColumn kCounts[] = {
    {"cores", &SweepRow::cores}, {"clipped_delays", &SweepRow::clipped_delays}, {"samples", &SweepRow::samples}};
// Then: area_mm2, core_area_mm2, core_cells, core_memory_bits (NULL without area), version, finished_at.

std::string text(sqlite3_stmt* st, int col) {
  const unsigned char* t = sqlite3_column_text(st, col);
  return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace

nlohmann::json to_json(const SweepRow& r) {
  nlohmann::json j = {{"key", r.key}, {"network", r.network}, {"level", r.level}, {"timing", r.timing},
                      {"params", r.params}};
  for (const auto& c : kReals) j[c.name] = r.*c.field;
  for (const auto& c : kCounts) j[c.name] = r.*c.field;
  if (r.has_area)
    j["area"] = {{"area_mm2", r.area_mm2}, {"core_area_mm2", r.core.area_mm2}, {"core_cells", r.core.cells},
                 {"core_memory_bits", r.core.memory_bits}, {"synthesis_seconds", r.core.seconds}};
  return j;
}

SweepRow sweep_row_from_json(const nlohmann::json& j) {
  SweepRow r;
  r.key = j.at("key"), r.network = j.at("network"), r.level = j.at("level"), r.timing = j.at("timing");
  r.params = j.at("params");
  for (const auto& c : kReals) r.*c.field = j.at(c.name).get<double>();
  for (const auto& c : kCounts) r.*c.field = j.at(c.name).get<uint32_t>();
  if (j.contains("area")) {
    const auto& a = j["area"];
    r.has_area = true;
    r.area_mm2 = a.at("area_mm2"), r.core.area_mm2 = a.at("core_area_mm2");
    r.core.cells = a.at("core_cells"), r.core.memory_bits = a.at("core_memory_bits");
    r.core.seconds = a.at("synthesis_seconds");
  }
  return r;
}

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
  if (sqlite3_step(st) == SQLITE_ROW) version = text(st, 0);
  sqlite3_finalize(st);
  if (version != std::to_string(kSweepSchemaVersion)) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw InputError(path + ": sweep database schema version " + version + ", this nmx writes version " +
                     std::to_string(kSweepSchemaVersion) + " (use a new --db)");
  }
  std::string cols = "key TEXT PRIMARY KEY, network TEXT, level TEXT, timing TEXT, params TEXT";
  for (const auto& c : kReals) cols += std::string(", ") + c.name + " REAL";
  for (const auto& c : kCounts) cols += std::string(", ") + c.name + " INTEGER";
  cols += ", area_mm2 REAL, core_area_mm2 REAL, core_cells INTEGER, core_memory_bits INTEGER, version TEXT, finished_at TEXT";
  exec("CREATE TABLE IF NOT EXISTS points(" + cols + ")");
  exec("CREATE TABLE IF NOT EXISTS areas(core TEXT PRIMARY KEY, area_mm2 REAL, cells INTEGER, memory_bits INTEGER, "
       "seconds REAL, version TEXT)");
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
  while (sqlite3_step(st) == SQLITE_ROW) keys.insert(text(st, 0));
  sqlite3_finalize(st);
  return keys;
}

std::vector<SweepRow> SweepDb::rows() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<SweepRow> out;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "SELECT * FROM points ORDER BY key", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    SweepRow r;
    int i = 0;
    r.key = text(st, i++), r.network = text(st, i++), r.level = text(st, i++), r.timing = text(st, i++);
    r.params = nlohmann::json::parse(text(st, i++));
    for (const auto& c : kReals) r.*c.field = sqlite3_column_double(st, i++);
    for (const auto& c : kCounts) r.*c.field = static_cast<uint32_t>(sqlite3_column_int64(st, i++));
    r.has_area = sqlite3_column_type(st, i) != SQLITE_NULL;
    r.area_mm2 = sqlite3_column_double(st, i++);
    r.core.area_mm2 = sqlite3_column_double(st, i++);
    r.core.cells = static_cast<uint64_t>(sqlite3_column_int64(st, i++));
    r.core.memory_bits = static_cast<uint64_t>(sqlite3_column_int64(st, i++));
    out.push_back(r);
  }
  sqlite3_finalize(st);
  return out;
}

void SweepDb::insert(const SweepRow& r) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string marks = "?,?,?,?,?";
  for (size_t k = 0; k < std::size(kReals) + std::size(kCounts) + 5; ++k) marks += ",?";
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, ("INSERT OR IGNORE INTO points VALUES(" + marks + ",datetime('now'))").c_str(), -1, &st,
                     nullptr);
  const std::string params = r.params.dump();
  int i = 1;
  for (const std::string* s : {&r.key, &r.network, &r.level, &r.timing, &params})
    sqlite3_bind_text(st, i++, s->c_str(), -1, SQLITE_TRANSIENT);
  for (const auto& c : kReals) sqlite3_bind_double(st, i++, r.*c.field);
  for (const auto& c : kCounts) sqlite3_bind_int64(st, i++, r.*c.field);
  if (r.has_area) {
    sqlite3_bind_double(st, i++, r.area_mm2);
    sqlite3_bind_double(st, i++, r.core.area_mm2);
    sqlite3_bind_int64(st, i++, static_cast<sqlite3_int64>(r.core.cells));
    sqlite3_bind_int64(st, i++, static_cast<sqlite3_int64>(r.core.memory_bits));
  } else {
    for (int k = 0; k < 4; ++k) sqlite3_bind_null(st, i++);
  }
  sqlite3_bind_text(st, i++, NMX_VERSION, -1, SQLITE_STATIC);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw InputError(path_ + ": cannot record a point (" + sqlite3_errmsg(db_) + ")");
}

std::map<std::string, CoreArea> SweepDb::areas() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::map<std::string, CoreArea> out;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "SELECT core, area_mm2, cells, memory_bits, seconds FROM areas", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    out[text(st, 0)] = {sqlite3_column_double(st, 1), static_cast<uint64_t>(sqlite3_column_int64(st, 2)),
                        static_cast<uint64_t>(sqlite3_column_int64(st, 3)), sqlite3_column_double(st, 4)};
  sqlite3_finalize(st);
  return out;
}

void SweepDb::insert_area(const std::string& core_key, const CoreArea& a) {
  std::lock_guard<std::mutex> lock(mutex_);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO areas VALUES(?,?,?,?,?,?)", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, core_key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(st, 2, a.area_mm2);
  sqlite3_bind_int64(st, 3, static_cast<sqlite3_int64>(a.cells));
  sqlite3_bind_int64(st, 4, static_cast<sqlite3_int64>(a.memory_bits));
  sqlite3_bind_double(st, 5, a.seconds);
  sqlite3_bind_text(st, 6, NMX_VERSION, -1, SQLITE_STATIC);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw InputError(path_ + ": cannot record an area (" + sqlite3_errmsg(db_) + ")");
}

}  // namespace nmx
