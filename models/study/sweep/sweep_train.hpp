// A sweep whose network is a trainer invocation (docs/formats.md, "Sweep spec", train):
// the library delay trainer is called once per trainer seed, and each trained float
// network is cached, written atomically, in a directory beside the database, keyed by
// the trainer options and the seed, so a resumed sweep does not retrain.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/network.hpp"
#include "delay/delay_trainer.hpp"

namespace nmx {

struct TrainSpec {
  DelayTrainOptions options;  // seed: the default when the sweep has no seed axis
  nlohmann::json canonical;   // every resolved option but the seed: part of the cache key
};

// The keys a "train" object may have.
const std::vector<std::string>& train_spec_keys();

// Parses and range-checks the spec's "train" object; `where` names it in messages
// ("spec.json: train"). Defaults the dataset to `default_data`.
TrainSpec parse_train_spec(const nlohmann::json& j, const std::string& where, const std::string& default_data,
                           const std::string& data_dir);

// An untrained network of the trained one's shape, delays and neuron parameters, for
// checking that every point quantises and maps before any training.
Network untrained_network(const TrainSpec& t, uint64_t seed);

// The cache file of (options, seed) inside `cache_dir`.
std::string trained_network_path(const TrainSpec& t, uint64_t seed, const std::string& cache_dir);

// The trained float network: read from the cache when there, else trained (on `threads`
// threads; the result does not depend on them) and written to the cache atomically.
// *trained says which.
Network trained_network(const TrainSpec& t, uint64_t seed, const std::string& cache_dir, unsigned threads,
                        bool* trained = nullptr);

}  // namespace nmx
