#pragma once

// What the structure-aware mutators (XmlMutator, JsonMutator) share: the split between a tree edit
// and libFuzzer's own byte-level mutation, and the edge values they put into documents. Built into
// the libFuzzer binaries only (PORTICO_FUZZ_MUTATORS).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace portico::fuzz
{

using Random = std::minstd_rand;

// Edits text (the document without the target's selector bytes) and returns true, or returns
// false when it cannot (not a document it reads, nothing to edit).
using TreeEdit = std::function<bool(std::string& text, Random& random)>;

// One mutation of data[0, size) within maxSize: half of the calls, and whenever the edit declines
// or its result would not fit, libFuzzer's LLVMFuzzerMutate on the whole input (selector bytes
// included); otherwise edit on data[prefix, size), the selector bytes kept. Returns the new size.
std::size_t mutateStructured(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned int seed,
                             std::size_t prefix, const TreeEdit& edit);

// Text values at the edges of what readers convert: empty, signs, overflowing and tiny numbers,
// "1e309", NaN and infinities, very long digit strings, impossible dates and durations,
// non-ASCII and invalid UTF-8, surrounding spaces.
const std::vector<std::string>& edgeTexts();

// A uniformly chosen index below count (count > 0).
std::size_t pick(Random& random, std::size_t count);

} // namespace portico::fuzz
