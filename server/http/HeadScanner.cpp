#include "http/HeadScanner.h"

#include "http/TokenChars.h"

#include <cstring>

namespace portico::http
{

HeadScanResult HeadScanner::scan(std::string_view data, std::size_t& headLength, const char*& reason)
{
    // Leading empty lines before a request line are tolerated by RFC 9112; we do not: a
    // keep-alive client that sends stray CRLFs is broken, and refusing is safer.
    std::size_t i = _scanned > 3 ? _scanned - 3 : 0;
    while (true)
    {
        const void* found = std::memchr(data.data() + i, '\n', data.size() - i);
        if (found == nullptr)
        {
            _scanned = data.size();
            return HeadScanResult::NeedMore;
        }
        std::size_t lf = static_cast<const char*>(found) - data.data();
        if (lf == 0 || data[lf - 1] != '\r')
        {
            reason = "line not terminated by CRLF";
            return HeadScanResult::Malformed;
        }
        if (lf >= 3 && data[lf - 2] == '\n' && data[lf - 3] == '\r')
        {
            headLength = lf + 1;
            if ((reason = validateHeadBlock(data.substr(0, headLength))) != nullptr)
            {
                return HeadScanResult::Malformed;
            }
            return HeadScanResult::Complete;
        }
        if (lf == 1)
        {
            reason = "empty line before the start line";
            return HeadScanResult::Malformed;
        }
        i = lf + 1;
    }
}

const char* validateHeadBlock(std::string_view head)
{
    std::size_t lineStart = head.find('\n');
    if (lineStart == std::string_view::npos)
    {
        return "no start line";
    }
    for (std::size_t k = 0; k + 1 < lineStart; ++k)
    {
        unsigned char c = static_cast<unsigned char>(head[k]);
        if (c == '\r' || (c < 0x20 && c != '\t') || c == 0x7f)
        {
            return "control character in start line";
        }
    }
    ++lineStart;
    while (lineStart + 2 < head.size())
    {
        std::size_t lineEnd = head.find('\n', lineStart);
        if (lineEnd == std::string_view::npos || lineEnd == 0 || head[lineEnd - 1] != '\r')
        {
            return "line not terminated by CRLF";
        }
        std::string_view line = head.substr(lineStart, lineEnd - 1 - lineStart); // without CRLF
        if (line.empty())
        {
            break;
        }
        if (line.front() == ' ' || line.front() == '\t')
        {
            return "obsolete line folding";
        }
        std::size_t colon = 0;
        while (colon < line.size() && isTokenChar(static_cast<unsigned char>(line[colon])))
        {
            ++colon;
        }
        if (colon == 0 || colon >= line.size() || line[colon] != ':')
        {
            return "malformed header field name";
        }
        for (std::size_t k = colon + 1; k < line.size(); ++k)
        {
            unsigned char c = static_cast<unsigned char>(line[k]);
            if ((c < 0x20 && c != '\t') || c == 0x7f)
            {
                return "control character in header field value";
            }
        }
        lineStart = lineEnd + 1;
    }
    return nullptr;
}

} // namespace portico::http
