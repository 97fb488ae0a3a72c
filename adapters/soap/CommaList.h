#pragma once

// The ", "-separated lists that messages show ("expected: intA, intB").

#include <string>
#include <vector>

namespace portico::soap
{

// items separated by ", "; "" when there are none.
inline std::string commaSeparated(const std::vector<std::string>& items)
{
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

} // namespace portico::soap
