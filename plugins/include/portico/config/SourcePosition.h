#pragma once

// Where a piece of configuration was written, for "FILE:LINE:COL: message" errors. Line and
// column are 1-based; a line of 0 means the position is unknown (a document given as a string by
// a test, say), and messages then carry no prefix. Standard library only.

#include <string>

namespace portico::config
{

struct SourcePosition
{
    std::string file;
    int line = 0;
    int column = 0;

    bool known() const { return line > 0 && !file.empty(); }
};

// File order within one file: for listing errors the way a reader meets them.
inline bool comesBefore(const SourcePosition& a, const SourcePosition& b)
{
    return a.line != b.line ? a.line < b.line : a.column < b.column;
}

// "FILE:LINE:COL", or "" when the position is unknown.
inline std::string describePosition(const SourcePosition& position)
{
    if (!position.known()) return "";
    return position.file + ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
}

// "FILE:LINE:COL: message", or the message alone when the position is unknown.
inline std::string positionedMessage(const SourcePosition& position, const std::string& message)
{
    if (!position.known()) return message;
    return describePosition(position) + ": " + message;
}

} // namespace portico::config
