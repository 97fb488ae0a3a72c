#pragma once

// A structure-aware mutation for fuzz targets that read JSON request bodies: the document is read
// into a small tree of its own (numbers and strings kept as written, so "1e309" or a 40-digit
// integer survive, which a parsed double would not) and one edit is made to it: a member or item
// duplicated, deleted, moved or swapped, a key renamed (to another key of the document, making
// duplicates, or to one the readers treat specially), a value set to an edge value or to another
// type, nested deeper or unwrapped, or replaced by a copy of another part of the document. Half of
// the calls, and always when the input is not JSON or the edit would not fit, libFuzzer's own
// mutation runs instead. Built into the libFuzzer binaries only (PORTICO_FUZZ_MUTATORS).

#include <cstddef>
#include <cstdint>

namespace portico::fuzz
{

// Mutates data[prefix, size) as JSON in place, like mutateXml (XmlMutator.h).
std::size_t mutateJson(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned int seed,
                       std::size_t prefix);

} // namespace portico::fuzz
