#pragma once

// Reads a Portico configuration file into an immutable Config, or explains every reason it
// cannot. Used at start-up, by --check-config and by reload (SIGHUP, POST /admin/reload).
//
// Errors are "FILE:LINE:COL: message" lines (1-based; the column counts characters), in file
// order, all of them rather than the first: an operator fixing a file wants the whole list.
// FILE is the name as the caller gave it, like a compiler's diagnostics. Nothing is thrown.
//
// Thread-safety: the functions are reentrant, but they read the process environment for
// ${NAME}, so nothing may call setenv() meanwhile.

#include "config/Config.h"

#include <string>
#include <vector>

namespace portico::pipeline
{
class PolicyRegistry;
}

namespace portico::config
{

struct LoadResult
{
    ConfigPtr config;                // null when errors is not empty
    std::vector<std::string> errors; // "FILE:LINE:COL: message"

    bool ok() const { return config != nullptr; }
};

class ConfigLoader
{
public:
    // path may be relative to the working directory; Config::file becomes absolute and relative
    // paths inside the file resolve against the file's folder. A file that cannot be read is
    // reported as "PATH:1:1: cannot read configuration file: <reason>".
    static LoadResult loadFile(const std::string& path);

    // xml is the document; fileName is used in messages and as Config::file; relative paths
    // inside resolve against baseDirectory (made absolute against the working directory).
    // policies: the modules route policy elements are looked up in; null for the built-in ones.
    static LoadResult loadString(const std::string& xml, const std::string& fileName,
                                 const std::string& baseDirectory,
                                 const pipeline::PolicyRegistry* policies = nullptr);

private:
    static LoadResult load(const std::string& xml, const std::string& displayName,
                           const std::string& absoluteFile, const std::string& baseDirectory,
                           const pipeline::PolicyRegistry* policies);
};

} // namespace portico::config
