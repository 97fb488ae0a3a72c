#pragma once

// A file that lines are only ever added to, at its end, even when another process appends too
// (logrotate's copytruncate, a second writer): O_APPEND on POSIX, FILE_APPEND_DATA on Windows.
// "-" is the standard output. One implementation per system: log/posix/, log/windows/.

#include <cstddef>
#include <cstdint>
#include <string>

namespace portico::log
{

class AppendFile
{
public:
    // Opens or creates path (readable by the owner and the owner's group only on POSIX).
    // Throws std::runtime_error "cannot open WHAT PATH: reason".
    AppendFile(const std::string& path, const char* what);
    ~AppendFile();
    AppendFile(const AppendFile&) = delete;
    AppendFile& operator=(const AppendFile&) = delete;

    // Writes all of data, or as much as the system takes: a full disk must not stop the
    // gateway, so what does not fit is dropped and false returned.
    bool append(const char* data, std::size_t length);

private:
    std::intptr_t _handle; // a descriptor on POSIX, a HANDLE on Windows
    bool _owned;
};

} // namespace portico::log
