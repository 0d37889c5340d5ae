// What an L2 point worker is handed: one directory holding the sweep spec's text, the
// point's key, the exact network and dataset slice the sweep runs (network.h5, data.bin),
// and, once the worker is done, its reply (reply.json: the row, or the error).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "net/network.hpp"
#include "sweep/sweep_spec.hpp"

namespace nmx {

struct PointRequest {
  SweepSpec spec;
  SweepPoint point;
  Network net;
  Dataset data;
};

void write_point_request(const std::string& dir, const SweepSpec& spec, const Network& net, const Dataset& data,
                         const SweepPoint& p);
// Throws std::runtime_error naming the file when the directory is not a whole request.
PointRequest read_point_request(const std::string& dir);

std::string point_reply_path(const std::string& dir);


}  // namespace nmx
