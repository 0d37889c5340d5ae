#include "core/worker_pool.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace nmx {

void run_workers(unsigned threads, const std::function<void(unsigned worker, const std::atomic<bool>& failed)>& body,
                 const std::function<bool()>& poll) {
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  std::exception_ptr caller;  // a thread that could not start, or poll() throwing
  std::vector<std::thread> pool;
  try {
    for (unsigned w = 0; w < std::max(1u, threads); ++w) {
      pool.emplace_back([&, w] {
        try {
          body(w, failed);
        } catch (...) {
          const std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          failed = true;
        }
      });
    }
    while (poll && !failed && poll()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } catch (...) {
    caller = std::current_exception();
    failed = true;  // the running workers stop taking items; they are joined below either way
  }
  for (std::thread& t : pool) t.join();
  if (caller) std::rethrow_exception(caller);
  if (error) std::rethrow_exception(error);
}

unsigned worker_count(unsigned requested, size_t items) {
  const unsigned threads = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, items)));
}

}  // namespace nmx
