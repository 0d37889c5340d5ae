// `nmx report rec.h5 --raster`: a spike raster of every recorded population and the
// membrane traces of a few neurons, from a recording (record/recording.hpp), as PNGs.
#pragma once

#include <string>
#include <vector>

namespace nmx {

struct RasterPlots {
  std::vector<std::string> written;  // PNG paths
  std::vector<std::string> skipped;  // "NAME: reason"
  std::string summary;               // one line: what the recording holds
};

// Plots sample `sample` (an index into the recording's samples) into `dir`, the PNGs named
// after the recording: STEM.raster.png, STEM.membrane.png. InputError naming the file for a
// file that is not a recording, or a sample it does not hold.
RasterPlots raster_plots(const std::string& recording, const std::string& dir, size_t sample);

}  // namespace nmx
