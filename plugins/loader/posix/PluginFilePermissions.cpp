#include "loader/PluginFilePermissions.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace portico::plugins
{

namespace
{

std::string modeText(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

std::string folderOf(const std::string& path)
{
    std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos)
    {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

std::string permissionProblem(const std::string& path)
{
    struct stat file
    {
    };
    if (::stat(path.c_str(), &file) != 0)
    {
        return path + ": " + std::strerror(errno);
    }
    if (!S_ISREG(file.st_mode))
    {
        return path + ": not a regular file";
    }
    if (file.st_mode & (S_IWGRP | S_IWOTH))
    {
        return path + ": refused, writable by group or others (mode " + modeText(file.st_mode) + ")";
    }
    std::string folder = folderOf(path);
    struct stat directory
    {
    };
    if (::stat(folder.c_str(), &directory) != 0)
    {
        return folder + ": " + std::strerror(errno);
    }
    if (directory.st_mode & (S_IWGRP | S_IWOTH))
    {
        return path + ": refused, its folder " + folder + " is writable by group or others (mode " +
               modeText(directory.st_mode) + ")";
    }
    return "";
}

} // namespace portico::plugins
