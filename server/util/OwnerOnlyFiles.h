#pragma once

// While one of these lives, files the process creates are private to its user: for databases
// that say who called what. On POSIX the file mode mask is 077 meanwhile (it is per process, so
// keep the scope to the one create). On Windows a new file takes the access list of its folder,
// which the installer limits to the service account and administrators: nothing changes there.
// One implementation per system: util/posix/, util/windows/.

namespace portico::util
{

class OwnerOnlyFiles
{
public:
    OwnerOnlyFiles();
    ~OwnerOnlyFiles();
    OwnerOnlyFiles(const OwnerOnlyFiles&) = delete;
    OwnerOnlyFiles& operator=(const OwnerOnlyFiles&) = delete;

private:
    unsigned _previousMask = 0;
};

} // namespace portico::util
