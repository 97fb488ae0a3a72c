#pragma once

// Finds the end of a message head in bytes as they arrive and checks the framing rules that
// the underlying parser is lenient about but request smuggling relies on: every line ends in
// CRLF (no bare LF or CR), no whitespace between a field name and its colon, no obsolete line
// folding, no control bytes in values.

#include <cstddef>
#include <string_view>

namespace portico::http
{

enum class HeadScanResult
{
    NeedMore,  // no end of head yet
    Complete,  // headLength is set
    Malformed, // reason is set
};

class HeadScanner
{
public:
    void reset() { _scanned = 0; }

    // data holds everything received so far for this head (it may grow between calls; the
    // scanner resumes where it stopped). On Complete, headLength covers the final CRLFCRLF.
    HeadScanResult scan(std::string_view data, std::size_t& headLength, const char*& reason);

private:
    std::size_t _scanned = 0;
};

// Validates a complete head block (as returned by HeadScanner). Returns nullptr if fine.
const char* validateHeadBlock(std::string_view head);

} // namespace portico::http
