#include "http/ChunkedEncoder.h"

#include <cstdio>

namespace portico::http
{

void appendChunk(const char* data, std::size_t length, util::Buffer& out)
{
    if (length == 0)
    {
        return;
    }
    char size[20];
    int sizeLength = std::snprintf(size, sizeof size, "%zx\r\n", length);
    out.append(size, static_cast<std::size_t>(sizeLength));
    out.append(data, length);
    out.append("\r\n");
}

} // namespace portico::http
