#include "log/AppendFile.h"

#include "util/SystemError.h"

#include <stdexcept>
#include <windows.h>

namespace portico::log
{

namespace
{

HANDLE handleOf(std::intptr_t value)
{
    return reinterpret_cast<HANDLE>(value);
}

} // namespace

AppendFile::AppendFile(const std::string& path, const char* what)
    : _handle(reinterpret_cast<std::intptr_t>(::GetStdHandle(STD_OUTPUT_HANDLE))), _owned(false)
{
    if (path == "-") return;
    // FILE_APPEND_DATA without FILE_WRITE_DATA: every write goes to the current end of the file.
    // Shared for reading and deleting, so log shippers and rotation can open and move it.
    HANDLE file =
        ::CreateFileA(path.c_str(), FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        throw std::runtime_error(std::string("cannot open ") + what + " " + path + ": " +
                                 util::systemErrorText(static_cast<int>(::GetLastError())));
    _handle = reinterpret_cast<std::intptr_t>(file);
    _owned = true;
}

AppendFile::~AppendFile()
{
    if (_owned) ::CloseHandle(handleOf(_handle));
}

bool AppendFile::append(const char* data, std::size_t length)
{
    std::size_t offset = 0;
    while (offset < length)
    {
        const std::size_t rest = length - offset;
        const DWORD chunk = rest > 0x40000000 ? 0x40000000 : static_cast<DWORD>(rest);
        DWORD written = 0;
        if (!::WriteFile(handleOf(_handle), data + offset, chunk, &written, nullptr) || written == 0)
            return false;
        offset += written;
    }
    return true;
}

} // namespace portico::log
