#include "encode/event_stream.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace nmx {
namespace {

constexpr int kSide = 28;                 // the datasets' image side
constexpr double kLogFloor = 0.05;        // log(kLogFloor + x): dark pixels are not infinitely sensitive

uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Bilinear sample of the image at (y, x); outside the image is black.
double sample(const float* img, double y, double x) {
  const int y0 = static_cast<int>(std::floor(y)), x0 = static_cast<int>(std::floor(x));
  const double fy = y - y0, fx = x - x0;
  auto at = [&](int r, int c) { return (r < 0 || c < 0 || r >= kSide || c >= kSide) ? 0.0 : double(img[r * kSide + c]); };
  return (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
}

// The view offset at step t: three saccades along the triangle (0,0) -> (a, a/2) -> (0, a) -> (0,0).
void view_offset(const EventStreamConfig& c, uint32_t t, double& dy, double& dx) {
  const double a = c.amplitude;
  const double vy[4] = {0, a / 2, a, 0}, vx[4] = {0, a, 0, 0};
  const double pos = 3.0 * t / c.steps;  // in [0, 3)
  const int seg = std::min(2, static_cast<int>(pos));
  const double f = pos - seg;
  dy = vy[seg] + f * (vy[seg + 1] - vy[seg]);
  dx = vx[seg] + f * (vx[seg + 1] - vx[seg]);
}

}  // namespace

uint32_t event_inputs(const EventStreamConfig& c) { return 2 * c.crop * c.crop; }

void check_event_config(const EventStreamConfig& c) {
  const std::string where = "event stream";
  if (c.crop < 1 || c.crop > kSide) throw_field_error(where, "crop", std::to_string(c.crop), "1..28");
  if (c.steps < 3) throw_field_error(where, "steps", std::to_string(c.steps), ">= 3");
  if (!(c.amplitude >= 0 && c.amplitude <= 4)) throw_field_error(where, "amplitude", shortest_text(c.amplitude), "[0, 4] pixels");
  if (!(c.threshold > 0 && c.threshold <= 10)) throw_field_error(where, "threshold", shortest_text(c.threshold), "(0, 10]");
  if (!(c.max_rate >= 0 && c.max_rate <= 1)) throw_field_error(where, "max_rate", shortest_text(c.max_rate), "[0, 1]");
}

InputRaster encode_event_stream(const EventStreamConfig& c, const float* img, uint64_t sample_id) {
  const uint32_t n = c.crop * c.crop;
  const double margin = (kSide - static_cast<int>(c.crop)) / 2.0;
  InputRaster r;
  r.steps.resize(c.steps);
  if (c.coding == EventCoding::Rate) {
    uint64_t s = c.seed * 0x2545F4914F6CDD1Dull ^ (sample_id + 1) * 0x9E3779B97F4A7C15ull;
    for (uint32_t t = 0; t < c.steps; ++t)
      for (uint32_t p = 0; p < n; ++p) {
        const double x = img[(static_cast<int>(margin) + p / c.crop) * kSide + static_cast<int>(margin) + p % c.crop];
        const double u = (splitmix(s) >> 11) * 0x1.0p-53;
        if (u < x * c.max_rate) r.steps[t].push_back(p);
      }
    return r;
  }
  std::vector<double> ref(n);
  auto log_at = [&](uint32_t t, uint32_t p) {
    double dy, dx;
    view_offset(c, t, dy, dx);
    return std::log(kLogFloor + sample(img, margin + p / c.crop + dy, margin + p % c.crop + dx));
  };
  for (uint32_t p = 0; p < n; ++p) ref[p] = log_at(0, p);
  std::vector<uint32_t> off;
  for (uint32_t t = 1; t < c.steps; ++t) {
    off.clear();
    for (uint32_t p = 0; p < n; ++p) {
      const double d = log_at(t, p) - ref[p];
      if (d >= c.threshold) {
        r.steps[t].push_back(p);  // one event per step; the reference follows by whole thresholds
        ref[p] += c.threshold * std::floor(d / c.threshold);
      } else if (d <= -c.threshold) {
        off.push_back(n + p);
        ref[p] -= c.threshold * std::floor(-d / c.threshold);
      }
    }
    r.steps[t].insert(r.steps[t].end(), off.begin(), off.end());
  }
  return r;
}

}  // namespace nmx
