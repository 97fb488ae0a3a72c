#include "audit/ReadOnlyQuery.h"

#include <sqlite3.h>

namespace portico::audit
{

ReadOnlyQuery::~ReadOnlyQuery()
{
    sqlite3_finalize(_statement);
    sqlite3_close(_db);
}

bool ReadOnlyQuery::open(const std::string& path, const char* sql, const char* what, std::string& error)
{
    if (sqlite3_open_v2(path.c_str(), &_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    {
        error = "cannot open " + path + ": " + sqlite3_errmsg(_db);
        return false;
    }
    sqlite3_busy_timeout(_db, 5000);
    if (sqlite3_prepare_v2(_db, sql, -1, &_statement, nullptr) != SQLITE_OK)
    {
        error = std::string("cannot read ") + what + " of " + path + ": " + sqlite3_errmsg(_db);
        return false;
    }
    return true;
}

} // namespace portico::audit
