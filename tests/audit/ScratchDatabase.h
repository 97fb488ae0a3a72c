#pragma once

// A fresh folder under /tmp for one test's SQLite audit file, removed with the file (and its WAL
// and shared-memory files) when the test ends.

#include <cstdio>
#include <stdlib.h>
#include <string>
#include <unistd.h>

namespace portico::test
{

class ScratchDatabase
{
public:
    ScratchDatabase()
    {
        char folder[] = "/tmp/portico-audit-XXXXXX";
        _folder = ::mkdtemp(folder);
        _path = _folder + "/audit.db";
    }
    ~ScratchDatabase()
    {
        for (const char* suffix : {"", "-wal", "-shm"})
            std::remove((_path + suffix).c_str());
        ::rmdir(_folder.c_str());
    }
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    const std::string& path() const { return _path; }

private:
    std::string _folder;
    std::string _path;
};

} // namespace portico::test
