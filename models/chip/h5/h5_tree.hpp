// A whole small HDF5 file as a tree in memory: groups, datasets (numbers of any rank, or
// strings) and scalar attributes. The exchange formats that other tools write with h5py
// (NIR graphs, input rasters) are read through it, so their parsers see plain values and
// name what is missing by its HDF5 path; the files nmx writes for them (NIR graphs,
// recordings) are built as trees and written atomically.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nmx::h5 {

// How a numeric dataset is stored when written (reading accepts any integer or float type).
enum class Type : uint8_t { F64, F32, I64, U8, U32, String };

struct Item {
  bool group = false;
  // Dataset or attribute.
  Type type = Type::F64;
  bool integer = false;                // read: the stored type is an integer type
  std::vector<uint64_t> shape;         // empty = scalar
  std::vector<double> numbers;         // row-major, product(shape) elements (numeric)
  std::vector<std::string> strings;    // row-major (Type::String)
  // Group.
  std::map<std::string, Item> children;
  std::map<std::string, Item> attrs;   // scalar attributes of a group or dataset

  size_t count() const;                // elements: the product of shape (1 for a scalar)
  bool has(const std::string& name) const { return children.count(name) != 0; }
};

// Builders for writing.
Item group();
Item numbers(std::vector<double> values, std::vector<uint64_t> shape, Type type = Type::F64);
Item scalar(double value, Type type = Type::F64);
Item text(const std::string& value);  // scalar variable-length UTF-8 string (as h5py writes str)
Item texts(std::vector<std::string> values, std::vector<uint64_t> shape);

// Reads the file into a tree. InputError naming the file (and the HDF5 path) when it is
// missing, not HDF5, or holds a type this reader does not know (compound, references).
Item read_tree(const std::string& path);
// Writes the tree as the file `path`, atomically (temp file + rename). Numeric datasets with
// more than one element are chunked and gzip-compressed. InputError naming `path` on failure.
void write_tree(const Item& root, const std::string& path);

}  // namespace nmx::h5
