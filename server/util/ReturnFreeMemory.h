#pragma once

// Hands memory the process has freed back to the system. Freed blocks in the middle of the heap
// stay counted in the resident size until the allocator is asked to give their pages back; after
// thousands of idle connections let go of their buffers, that is most of what they held. One
// implementation per system: util/linux/ (glibc's malloc_trim), util/windows/ (the CRT's _heapmin).

#include <cstddef>
#include <cstdint>

namespace portico::util
{

// Counts bytes freed on the calling loop's thread; once enough have been freed since the last
// time (1 MiB) and a while has passed (5 s), asks the allocator to return free pages, so the
// cost (a walk over the heap) is paid rarely and never per request. Each loop also calls it on
// its ticks with 0, so what was counted is returned even when nothing more is freed.
void noteFreedMemory(std::size_t bytes, std::int64_t nowMillis);

// Asks the allocator now.
void returnFreeMemory();

} // namespace portico::util
