#include "util/SystemError.h"

#include <cstring>

namespace portico::util
{

std::string systemErrorText(int error)
{
    return std::strerror(error);
}

} // namespace portico::util
