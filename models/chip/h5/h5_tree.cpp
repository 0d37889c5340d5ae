#include "h5/h5_tree.hpp"

#include <H5Cpp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <type_traits>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace nmx::h5 {
namespace {

std::string child_path(const std::string& parent, const std::string& name) {
  return (parent == "/" ? "/" : parent + "/") + name;
}

// Strings of a dataset or attribute, fixed or variable length, through the C API (the C++
// API reads only scalars of variable length).
template <class Obj>
std::vector<std::string> read_strings(const Obj& obj, const H5::DataType& file_type, size_t n) {
  std::vector<std::string> out(n);
  const bool vlen = H5Tis_variable_str(file_type.getId()) > 0;
  const hid_t mem = H5Tcopy(H5T_C_S1);
  H5Tset_cset(mem, H5Tget_cset(file_type.getId()));  // HDF5 does not convert ASCII <-> UTF-8
  herr_t status = 0;
  if (vlen) {
    H5Tset_size(mem, H5T_VARIABLE);
    std::vector<char*> buf(n, nullptr);
    if constexpr (std::is_same_v<Obj, H5::DataSet>) status = H5Dread(obj.getId(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
    else status = H5Aread(obj.getId(), mem, buf.data());
    for (size_t i = 0; i < n; ++i) out[i] = buf[i] ? buf[i] : "";
    const H5::DataSpace space = obj.getSpace();
    H5Dvlen_reclaim(mem, space.getId(), H5P_DEFAULT, buf.data());
  } else {
    const size_t width = file_type.getSize();
    H5Tset_size(mem, width);
    std::vector<char> buf(n * width + 1, '\0');
    if constexpr (std::is_same_v<Obj, H5::DataSet>) status = H5Dread(obj.getId(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
    else status = H5Aread(obj.getId(), mem, buf.data());
    for (size_t i = 0; i < n; ++i) {
      const char* s = buf.data() + i * width;
      out[i] = std::string(s, strnlen(s, width));
    }
  }
  H5Tclose(mem);
  if (status < 0) throw H5::Exception("read_strings", "cannot read the strings");
  return out;
}

template <class Obj>
Item read_values(const Obj& obj, const std::string& file, const std::string& where) {
  Item item;
  const H5::DataSpace space = obj.getSpace();
  const int rank = space.getSimpleExtentNdims();
  std::vector<hsize_t> dims(static_cast<size_t>(std::max(rank, 0)));
  if (rank > 0) space.getSimpleExtentDims(dims.data());
  item.shape.assign(dims.begin(), dims.end());
  const size_t n = space.getSimpleExtentType() == H5S_NULL ? 0 : item.count();
  const H5::DataType type = obj.getDataType();
  switch (type.getClass()) {
    case H5T_STRING:
      item.type = Type::String;
      if (n) item.strings = read_strings(obj, type, n);
      break;
    case H5T_INTEGER:
    case H5T_FLOAT:
    case H5T_ENUM:  // h5py's bool
      item.integer = type.getClass() != H5T_FLOAT;
      item.type = item.integer ? Type::I64 : Type::F64;
      item.numbers.resize(n);
      if (n) {
        if constexpr (std::is_same_v<Obj, H5::DataSet>) obj.read(item.numbers.data(), H5::PredType::NATIVE_DOUBLE);
        else obj.read(H5::PredType::NATIVE_DOUBLE, item.numbers.data());
      }
      break;
    default:
      throw InputError(file + ": " + where + ": unsupported HDF5 type (allowed: numbers, strings)");
  }
  return item;
}

void read_attrs(const H5::H5Object& obj, Item& item, const std::string& file, const std::string& where) {
  for (int i = 0, n = obj.getNumAttrs(); i < n; ++i) {
    const H5::Attribute a = obj.openAttribute(static_cast<unsigned>(i));
    const std::string name = a.getName();
    item.attrs[name] = read_values(a, file, where + " attribute '" + name + "'");
  }
}

Item read_group(const H5::Group& g, const std::string& file, const std::string& where) {
  Item item = group();
  read_attrs(g, item, file, where);
  for (hsize_t i = 0, n = g.getNumObjs(); i < n; ++i) {
    const std::string name = g.getObjnameByIdx(i);
    const std::string path = child_path(where, name);
    switch (g.childObjType(name)) {
      case H5O_TYPE_GROUP: item.children[name] = read_group(g.openGroup(name), file, path); break;
      case H5O_TYPE_DATASET: {
        const H5::DataSet ds = g.openDataSet(name);
        Item d = read_values(ds, file, path);
        read_attrs(ds, d, file, path);
        item.children[name] = std::move(d);
        break;
      }
      default: break;  // named types and links to nowhere carry no values
    }
  }
  return item;
}

// ---- writing ------------------------------------------------------------------------------
const H5::PredType& file_type(Type t) {
  switch (t) {
    case Type::F32: return H5::PredType::IEEE_F32LE;
    case Type::I64: return H5::PredType::STD_I64LE;
    case Type::U8: return H5::PredType::STD_U8LE;
    case Type::U32: return H5::PredType::STD_U32LE;
    default: return H5::PredType::IEEE_F64LE;
  }
}

H5::DataSpace space_of(const Item& item) {
  if (item.shape.empty()) return H5::DataSpace(H5S_SCALAR);
  const std::vector<hsize_t> dims(item.shape.begin(), item.shape.end());
  return H5::DataSpace(static_cast<int>(dims.size()), dims.data());
}

H5::StrType vlen_utf8() {
  H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
  t.setCset(H5T_CSET_UTF8);
  return t;
}

std::vector<const char*> c_strings(const Item& item) {
  std::vector<const char*> out;
  for (const std::string& s : item.strings) out.push_back(s.c_str());
  return out;
}

void write_attrs(const H5::H5Object& obj, const Item& item) {
  for (const auto& [name, a] : item.attrs) {
    if (a.type == Type::String) {
      const H5::StrType t = vlen_utf8();
      const auto ptrs = c_strings(a);
      obj.createAttribute(name, t, space_of(a)).write(t, ptrs.data());
    } else {
      obj.createAttribute(name, file_type(a.type), space_of(a)).write(H5::PredType::NATIVE_DOUBLE, a.numbers.data());
    }
  }
}

void write_dataset(const H5::Group& g, const std::string& name, const Item& item) {
  if (item.type == Type::String) {
    const H5::StrType t = vlen_utf8();
    const auto ptrs = c_strings(item);
    const H5::DataSet ds = g.createDataSet(name, t, space_of(item));
    if (!ptrs.empty()) ds.write(ptrs.data(), t);
    write_attrs(ds, item);
    return;
  }
  H5::DSetCreatPropList props;
  if (!item.shape.empty() && item.count() > 1) {
    // Chunks of whole rows up to ~64k elements; gzip as h5py's default compression.
    std::vector<hsize_t> chunk(item.shape.begin(), item.shape.end());
    for (size_t d = 0; d < chunk.size(); ++d) {
      hsize_t rest = 1;
      for (size_t e = d + 1; e < chunk.size(); ++e) rest *= chunk[e];
      chunk[d] = std::max<hsize_t>(1, std::min<hsize_t>(chunk[d], (hsize_t{1} << 16) / std::max<hsize_t>(rest, 1)));
    }
    props.setChunk(static_cast<int>(chunk.size()), chunk.data());
    props.setDeflate(4);
  }
  const H5::DataSet ds = g.createDataSet(name, file_type(item.type), space_of(item), props);
  if (item.count() != 0) ds.write(item.numbers.data(), H5::PredType::NATIVE_DOUBLE);
  write_attrs(ds, item);
}

void write_group(const H5::Group& g, const Item& item) {
  write_attrs(g, item);
  for (const auto& [name, child] : item.children) {
    if (child.group) write_group(g.createGroup(name), child);
    else write_dataset(g, name, child);
  }
}

}  // namespace

size_t Item::count() const {
  size_t n = 1;
  for (uint64_t d : shape) n *= d;
  return n;
}

Item group() {
  Item g;
  g.group = true;
  return g;
}

Item numbers(std::vector<double> values, std::vector<uint64_t> shape, Type type) {
  Item d;
  d.type = type;
  d.integer = type != Type::F64 && type != Type::F32;
  d.numbers = std::move(values);
  d.shape = std::move(shape);
  return d;
}

Item scalar(double value, Type type) { return numbers({value}, {}, type); }

Item text(const std::string& value) { return texts({value}, {}); }

Item texts(std::vector<std::string> values, std::vector<uint64_t> shape) {
  Item d;
  d.type = Type::String;
  d.strings = std::move(values);
  d.shape = std::move(shape);
  return d;
}

Item read_tree(const std::string& path) {
  if (std::filesystem::is_directory(path)) throw InputError(path + ": is a directory, not an HDF5 file");
  if (!std::ifstream(path)) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
  H5::Exception::dontPrint();
  const H5::H5File file = [&] {
    try {
      return H5::H5File(path, H5F_ACC_RDONLY);
    } catch (const H5::Exception&) {
      throw InputError(path + ": not an HDF5 file (truncated or corrupt)");
    }
  }();
  try {
    return read_group(file.openGroup("/"), path, "/");
  } catch (const H5::Exception& e) {
    throw InputError(path + ": cannot read (truncated or corrupt file: " + e.getDetailMsg() + ")");
  }
}

void write_tree(const Item& root, const std::string& path) {
  H5::Exception::dontPrint();
  write_atomically(path, [&](const std::string& tmp) {
    try {
      const H5::H5File file(tmp, H5F_ACC_TRUNC);
      write_group(file.openGroup("/"), root);
    } catch (const H5::Exception& e) {
      throw InputError(path + ": cannot write (" + e.getDetailMsg() + ")");
    }
  });
}

}  // namespace nmx::h5
