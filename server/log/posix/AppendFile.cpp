#include "log/AppendFile.h"

#include "util/SystemError.h"

#include <cerrno>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace portico::log
{

AppendFile::AppendFile(const std::string& path, const char* what) : _handle(STDOUT_FILENO), _owned(false)
{
    if (path == "-") return;
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0)
        throw std::runtime_error(std::string("cannot open ") + what + " " + path + ": " +
                                 util::systemErrorText(errno));
    _handle = fd;
    _owned = true;
}

AppendFile::~AppendFile()
{
    if (_owned) ::close(static_cast<int>(_handle));
}

bool AppendFile::append(const char* data, std::size_t length)
{
    std::size_t offset = 0;
    while (offset < length)
    {
        const ssize_t written = ::write(static_cast<int>(_handle), data + offset, length - offset);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return false;
        offset += static_cast<std::size_t>(written);
    }
    return true;
}

} // namespace portico::log
