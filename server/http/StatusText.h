#pragma once

#include <string_view>

namespace portico::http
{

// The standard reason phrase for a status code ("" for unknown codes).
std::string_view reasonPhrase(int status);

} // namespace portico::http
