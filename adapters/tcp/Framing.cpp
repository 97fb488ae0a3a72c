#include "tcp/Framing.h"

namespace portico::tcp
{

std::string Framing::tooLargeMessage(std::size_t size, std::size_t limit)
{
    return "a frame of " + std::to_string(size) + " bytes is larger than the maximum of " +
           std::to_string(limit);
}

} // namespace portico::tcp
