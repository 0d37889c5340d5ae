#include "tune/tune_db.hpp"

#include <sqlite3.h>

#include "core/error.hpp"

namespace nmx::tune {
namespace {

std::string text(sqlite3_stmt* st, int col) {
  const unsigned char* t = sqlite3_column_text(st, col);
  return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace

nlohmann::json to_json(const Evaluation& e) {
  return {{"index", e.index}, {"iteration", e.iteration}, {"params", e.params}, {"unit", e.unit}, {"ok", e.ok},
          {"objective", e.objective}, {"metrics", e.metrics}, {"error", e.error}, {"eval_seconds", e.eval_seconds},
          {"gp_seconds", e.gp_seconds}, {"expected_improvement", e.expected_improvement}};
}

Evaluation evaluation_from_json(const nlohmann::json& j) {
  Evaluation e;
  e.index = j.at("index"), e.iteration = j.at("iteration"), e.params = j.at("params");
  e.unit = j.at("unit").get<std::vector<double>>();
  e.ok = j.at("ok"), e.objective = j.at("objective"), e.metrics = j.at("metrics"), e.error = j.at("error");
  e.eval_seconds = j.at("eval_seconds"), e.gp_seconds = j.at("gp_seconds");
  e.expected_improvement = j.at("expected_improvement");
  return e;
}

TuneDb::TuneDb(const std::string& path, const nlohmann::json& identity) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw InputError(path + ": cannot open the tune database (" + msg + ")");
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)");
    exec("CREATE TABLE IF NOT EXISTS evaluations(idx INTEGER PRIMARY KEY, iteration INTEGER, params TEXT, unit TEXT, "
         "ok INTEGER, objective REAL, metrics TEXT, error TEXT, eval_seconds REAL, gp_seconds REAL, "
         "expected_improvement REAL, version TEXT, finished_at TEXT)");
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, "SELECT key, value FROM meta", -1, &st, nullptr);
    std::string version, stored;
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (text(st, 0) == "schema_version") version = text(st, 1);
      if (text(st, 0) == "spec") stored = text(st, 1);
    }
    sqlite3_finalize(st);
    if (version.empty()) {
      exec("INSERT INTO meta VALUES('schema_version', '" + std::to_string(kTuneSchemaVersion) + "')");
      sqlite3_prepare_v2(db_, "INSERT INTO meta VALUES('spec', ?)", -1, &st, nullptr);
      const std::string s = identity.dump();
      sqlite3_bind_text(st, 1, s.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_step(st);
      sqlite3_finalize(st);
    } else if (version != std::to_string(kTuneSchemaVersion)) {
      throw InputError(path + ": tune database schema version " + version + ", this nmx writes version " +
                       std::to_string(kTuneSchemaVersion) + " (use a new --db)");
    } else {
      nlohmann::json old = nlohmann::json::parse(stored);
      if (old.contains("batch")) legacy_batch_ = old.at("batch").get<size_t>();
      old.erase("batch"), old.erase("iterations");  // not part of the identity
      if (old != identity)
        throw InputError(path + ": this database belongs to another tune (spec " + stored +
                         "); resume it with the same options (but --iterations and --batch) or use a new --db");
    }
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

TuneDb::~TuneDb() {
  if (db_) sqlite3_close(db_);
}

void TuneDb::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw InputError(path_ + ": " + msg);
  }
}

std::vector<Evaluation> TuneDb::rows() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Evaluation> out;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_,
                     "SELECT idx, iteration, params, unit, ok, objective, metrics, error, eval_seconds, gp_seconds, "
                     "expected_improvement FROM evaluations ORDER BY idx",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    Evaluation e;
    e.index = static_cast<size_t>(sqlite3_column_int64(st, 0));
    e.iteration = static_cast<size_t>(sqlite3_column_int64(st, 1));
    e.params = nlohmann::json::parse(text(st, 2));
    e.unit = nlohmann::json::parse(text(st, 3)).get<std::vector<double>>();
    e.ok = sqlite3_column_int(st, 4) != 0;
    e.objective = sqlite3_column_double(st, 5);
    e.metrics = nlohmann::json::parse(text(st, 6));
    e.error = text(st, 7);
    e.eval_seconds = sqlite3_column_double(st, 8);
    e.gp_seconds = sqlite3_column_double(st, 9);
    e.expected_improvement = sqlite3_column_double(st, 10);
    out.push_back(std::move(e));
  }
  sqlite3_finalize(st);
  return out;
}

std::vector<size_t> TuneDb::batches() {
  std::lock_guard<std::mutex> lock(mutex_);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = 'batches'", -1, &st, nullptr);
  std::string stored;
  if (sqlite3_step(st) == SQLITE_ROW) stored = text(st, 0);
  sqlite3_finalize(st);
  if (!stored.empty()) return nlohmann::json::parse(stored).get<std::vector<size_t>>();
  size_t last = 0;  // no sizes stored: none proposed yet, or a database from before they were
  if (legacy_batch_) {
    sqlite3_prepare_v2(db_, "SELECT max(iteration) FROM evaluations", -1, &st, nullptr);
    if (sqlite3_step(st) == SQLITE_ROW) last = static_cast<size_t>(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
  }
  return std::vector<size_t>(last, legacy_batch_);
}

void TuneDb::set_batches(const std::vector<size_t>& sizes) {
  std::lock_guard<std::mutex> lock(mutex_);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO meta VALUES('batches', ?)", -1, &st, nullptr);
  const std::string s = nlohmann::json(sizes).dump();
  sqlite3_bind_text(st, 1, s.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw InputError(path_ + ": cannot record the batch sizes (" + sqlite3_errmsg(db_) + ")");
}

void TuneDb::insert(const Evaluation& e) {
  std::lock_guard<std::mutex> lock(mutex_);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO evaluations VALUES(?,?,?,?,?,?,?,?,?,?,?,?,datetime('now'))", -1, &st,
                     nullptr);
  const std::string params = e.params.dump(), unit = nlohmann::json(e.unit).dump(), metrics = e.metrics.dump();
  sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(e.index));
  sqlite3_bind_int64(st, 2, static_cast<sqlite3_int64>(e.iteration));
  sqlite3_bind_text(st, 3, params.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, unit.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 5, e.ok ? 1 : 0);
  sqlite3_bind_double(st, 6, e.objective);
  sqlite3_bind_text(st, 7, metrics.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 8, e.error.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(st, 9, e.eval_seconds);
  sqlite3_bind_double(st, 10, e.gp_seconds);
  sqlite3_bind_double(st, 11, e.expected_improvement);
  sqlite3_bind_text(st, 12, NMX_VERSION, -1, SQLITE_STATIC);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw InputError(path_ + ": cannot record an evaluation (" + sqlite3_errmsg(db_) + ")");
}

}  // namespace nmx::tune
