#include "config/SourceMap.h"

#include <algorithm>

namespace portico::config
{

SourceMap::SourceMap(std::string_view text) : _text(text)
{
    _lineStarts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] == '\n') _lineStarts.push_back(i + 1);
    }
}

SourceMap::Location SourceMap::locate(std::size_t offset) const
{
    offset = std::min(offset, _text.size());
    // The last line start that is <= offset.
    const auto next = std::upper_bound(_lineStarts.begin(), _lineStarts.end(), offset);
    const std::size_t lineIndex = static_cast<std::size_t>(next - _lineStarts.begin()) - 1;
    std::size_t from = _lineStarts[lineIndex];
    // A UTF-8 byte order mark is not a character an editor shows.
    if (lineIndex == 0 && _text.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) from = 3;
    int column = 1;
    for (std::size_t i = from; i < offset; ++i)
    {
        const auto byte = static_cast<unsigned char>(_text[i]);
        if ((byte & 0xC0) != 0x80) ++column;
    }
    return Location{static_cast<int>(lineIndex) + 1, column};
}

} // namespace portico::config
