#pragma once

// Turns byte offsets into the original configuration text (what pugixml's offset_debug()
// gives) into 1-based line and column numbers for FILE:LINE:COL messages.

#include <cstddef>
#include <string_view>
#include <vector>

namespace portico::config
{

class SourceMap
{
public:
    // text must outlive the SourceMap.
    explicit SourceMap(std::string_view text);

    struct Location
    {
        int line = 1;
        int column = 1;
    };

    // Lines end at '\n' (so "\r\n" files count the same). Columns count characters, not bytes:
    // UTF-8 continuation bytes are skipped, so a name after "Zürich" is where an editor shows
    // it. A tab counts as one column, as in compiler messages. Offsets past the end map to the
    // end of the text.
    Location locate(std::size_t offset) const;

    std::string_view text() const { return _text; }

private:
    std::string_view _text;
    std::vector<std::size_t> _lineStarts;
};

} // namespace portico::config
