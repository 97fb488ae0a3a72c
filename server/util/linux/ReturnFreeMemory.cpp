#include "util/ReturnFreeMemory.h"

#include <malloc.h>

namespace portico::util
{

void returnFreeMemory()
{
    // 0: keep no extra pad at the top of the heap; every arena's whole free pages are returned.
    ::malloc_trim(0);
}

} // namespace portico::util
