// The dense twin of a low-rank recurrence: W = xi_in diag(lambda) xi_out^T written out as
// N x N synapses, for comparing the mode unit against the synapse memory it replaces
// (`nmx bench --modes`, docs/performance.md "Low-rank mode unit").
#pragma once

#include <cstddef>

#include "net/network.hpp"

namespace nmx {

// Mode projection k of a float network as a dense recurrent projection: synapse (i, j)
// (pre i, post j) has weight W_ji = sum_p xi_in[j][p] lambda_p xi_out[i][p] and delay 0, so
// a spike in step t adds W_ji in step t + 1, as the mode unit's current does. The mode unit
// applies W to the rate trace r, the dense projection to the spikes: the two are the same
// network when rate_decay = 1 (r = the spikes), and the same matrix otherwise.
Projection dense_recurrence(const Network& net, size_t k);

// `net` (float: no mode projection quantised) with every mode projection replaced by its
// dense_recurrence, appended after the existing projections.
Network with_dense_recurrences(const Network& net);

}  // namespace nmx
