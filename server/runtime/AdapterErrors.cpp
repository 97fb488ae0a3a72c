#include "runtime/AdapterErrors.h"

#include <algorithm>

namespace portico::runtime
{

namespace
{

struct PlacedError
{
    config::SourcePosition position;
    std::string text;
};

// "FILE:LINE:COL: text" with the route's file, else the text at the <adapter> element.
PlacedError place(const config::RouteConfig& route, const std::string& message)
{
    const std::string& file = route.adapter.position.file;
    if (message.compare(0, file.size() + 1, file + ":") == 0)
    {
        std::size_t cursor = file.size() + 1;
        int numbers[2] = {0, 0};
        for (int& number : numbers)
        {
            const std::size_t end = message.find_first_not_of("0123456789", cursor);
            if (end == cursor || end == std::string::npos || message[end] != ':' || end - cursor > 9) break;
            number = std::stoi(message.substr(cursor, end - cursor));
            cursor = end + 1;
        }
        if (numbers[1] > 0 && message.compare(cursor, 1, " ") == 0)
            return PlacedError{config::SourcePosition{file, numbers[0], numbers[1]},
                               message.substr(cursor + 1)};
    }
    return PlacedError{route.adapter.position, message};
}

} // namespace

std::vector<std::string> placeAdapterErrors(const config::RouteConfig& route,
                                            const std::vector<std::string>& messages)
{
    std::vector<PlacedError> placed;
    placed.reserve(messages.size());
    for (const std::string& message : messages)
        placed.push_back(place(route, message));
    std::stable_sort(placed.begin(), placed.end(),
                     [](const PlacedError& a, const PlacedError& b)
                     { return config::comesBefore(a.position, b.position); });
    std::vector<std::string> lines;
    lines.reserve(placed.size());
    for (const PlacedError& error : placed)
        lines.push_back(config::describePosition(error.position) + ": route '" + route.name +
                        "': " + error.text);
    return lines;
}

} // namespace portico::runtime
