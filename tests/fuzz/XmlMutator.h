#pragma once

// A structure-aware mutation for fuzz targets that read XML (SOAP replies, WSDLs): byte-level
// mutation rarely keeps a document well-formed, so the readers behind the XML parser see few of
// the inputs. This one parses the document and, when it parses, makes one edit to its tree (an
// element duplicated, deleted, moved, wrapped or renamed, an attribute renamed, added or dropped,
// a text or attribute value set to an edge value or to a value found elsewhere in the document)
// and writes it out again. Half of the calls, and always when the input is not XML or the edit
// would not fit, it leaves the work to libFuzzer's own mutation (LLVMFuzzerMutate), so the
// byte-level search goes on as well. Built into the libFuzzer binaries only
// (PORTICO_FUZZ_MUTATORS); single-threaded like libFuzzer itself.

#include <cstddef>
#include <cstdint>

namespace portico::fuzz
{

// Mutates data[prefix, size) as XML in place, keeping the first prefix bytes (the target's own
// selector bytes) except for an occasional byte-level change; returns the new size, at most
// maxSize. seed makes the choice of edit reproducible.
std::size_t mutateXml(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned int seed,
                      std::size_t prefix);

} // namespace portico::fuzz
