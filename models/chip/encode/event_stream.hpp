// Event streams from still images (docs/datasets.md, "Event streams"): a stand-in for a
// DVS recording of a digit, which nmx does not have (MNIST-DVS is not installed here).
// The image is centre-cropped to crop x crop pixels and turned into two polarity channels:
//   saccade: the view moves along three straight saccades (a triangle, as in N-MNIST) with
//            bilinear sampling; each pixel emits ON (OFF) events when its log intensity has
//            risen (fallen) by `threshold` since its last event, as a DVS pixel does;
//   rate:    ON spikes with probability intensity x max_rate each step (Bernoulli, seeded
//            by (seed, sample id)); the OFF channel is silent.
// Input index: ON of pixel (r, c) = r * crop + c; OFF = crop^2 + r * crop + c.
#pragma once

#include <cstdint>

#include "encode/encoder.hpp"

namespace nmx {

enum class EventCoding : uint8_t { Saccade = 0, Rate = 1 };

struct EventStreamConfig {
  EventCoding coding = EventCoding::Saccade;
  uint32_t crop = 26;          // output side; the 28 x 28 image is centre-cropped
  uint32_t steps = 80;
  double amplitude = 2.0;      // saccade: triangle side, pixels
  double threshold = 0.15;     // saccade: log-intensity contrast per event
  double max_rate = 0.5;       // rate: spike probability at intensity 1
  uint64_t seed = 1;           // rate: noise seed
};

// Number of inputs: 2 * crop^2.
uint32_t event_inputs(const EventStreamConfig& c);

// InputError naming the field and its allowed range for a config out of range
// (crop 1..28, steps >= 3 for saccade, amplitude 0..4, threshold > 0, max_rate 0..1).
void check_event_config(const EventStreamConfig& c);

// One 28 x 28 image (intensities in [0, 1]) as an event stream of c.steps steps.
InputRaster encode_event_stream(const EventStreamConfig& c, const float* pixels28, uint64_t sample_id);

}  // namespace nmx
