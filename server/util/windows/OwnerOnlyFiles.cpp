#include "util/OwnerOnlyFiles.h"

namespace portico::util
{

// New files inherit their folder's access list (see the header): nothing to do.
OwnerOnlyFiles::OwnerOnlyFiles() = default;

OwnerOnlyFiles::~OwnerOnlyFiles() = default;

} // namespace portico::util
