#pragma once

// The system's own words for an error number: errno on POSIX; GetLastError() or WSAGetLastError()
// on Windows, whose socket errors are system errors too. One implementation per system:
// util/posix/, util/windows/.

#include <string>

namespace portico::util
{

std::string systemErrorText(int error);

} // namespace portico::util
