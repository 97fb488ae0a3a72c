#include "util/SystemError.h"

#include <windows.h>

namespace portico::util
{

std::string systemErrorText(int error)
{
    char text[256] = "";
    const DWORD length = ::FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                                          static_cast<DWORD>(error), 0, text, sizeof text, nullptr);
    std::string message(text, length);
    // FormatMessage ends its sentences with ".\r\n"; the callers append their own context.
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == '.'))
        message.pop_back();
    return message.empty() ? "system error " + std::to_string(error) : message;
}

} // namespace portico::util
