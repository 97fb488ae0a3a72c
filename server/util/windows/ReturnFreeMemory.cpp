#include "util/ReturnFreeMemory.h"

#include <malloc.h>

namespace portico::util
{

void returnFreeMemory()
{
    ::_heapmin();
}

} // namespace portico::util
