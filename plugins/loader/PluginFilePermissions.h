#pragma once

// A plugin runs with the gateway's privileges, so a file that someone else could have replaced
// must not be loaded: neither the library nor the folder it sits in may be writable by group or
// others (on Windows: by Everyone, Users, Authenticated Users or Interactive). One implementation
// per system: loader/posix/, loader/windows/.

#include <string>

namespace portico::plugins
{

// "" when path may be loaded, else the reason (naming the path and its mode).
std::string permissionProblem(const std::string& path);

} // namespace portico::plugins
