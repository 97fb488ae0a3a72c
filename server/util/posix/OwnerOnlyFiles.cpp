#include "util/OwnerOnlyFiles.h"

#include <sys/stat.h>

namespace portico::util
{

OwnerOnlyFiles::OwnerOnlyFiles() : _previousMask(::umask(077)) {}

OwnerOnlyFiles::~OwnerOnlyFiles()
{
    ::umask(static_cast<mode_t>(_previousMask));
}

} // namespace portico::util
