// Counter-based hashing (SplitMix64): random-looking values drawn from their coordinates
// alone (seed, sample, pixel, epoch ...), so they do not depend on threads or order.
#pragma once

#include <cstdint>

namespace nmx {

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// The hash of three coordinates.
inline uint64_t hash3(uint64_t a, uint64_t b, uint64_t c) { return splitmix64(splitmix64(splitmix64(a) ^ b) ^ c); }

}  // namespace nmx
