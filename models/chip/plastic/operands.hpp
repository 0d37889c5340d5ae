// The values a rule's factors read for one synapse at one event (before the event changes
// them), and the lookup of a factor's source among them: shared by the L0 engine (doubles)
// and the L1 engine (integers), so the two read factors the same way.
#pragma once

#include "plastic/microcode.hpp"

namespace nmx::plastic {

template <typename T>
struct OperandsOf {
  T x1, x2, y1, y2, e, l, w, d, v, p;
};

template <typename R, typename T>
R source_value(Source s, const OperandsOf<T>& o) {
  switch (s) {
    case Source::Zero: return 0;
    case Source::X1: return o.x1;
    case Source::X2: return o.x2;
    case Source::Y1: return o.y1;
    case Source::Y2: return o.y2;
    case Source::E: return o.e;
    case Source::L: return o.l;
    case Source::W: return o.w;
    case Source::D: return o.d;
    case Source::V: return o.v;
    case Source::P: return o.p;
  }
  return 0;
}

}  // namespace nmx::plastic
