#pragma once

// pugixml takes the memory of each document's nodes in pages of 32 KiB from malloc and frees them
// with the document. The soap adapter builds one document and parses another per call, so every
// call made two large allocations (each also making glibc merge its bins of small free chunks) and
// two frees. With this installed, a thread keeps a few freed pages and hands them to its next
// documents.
//
// Installed once, first thing in main(), before any pugixml document exists: pugixml's memory
// functions are process-wide, and each block then carries a small header naming its size, which
// a block taken before the install would lack.

namespace portico::util
{

void installXmlPageCache();

} // namespace portico::util
