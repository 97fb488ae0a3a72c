#pragma once

// One query on an audit file over its own read-only connection, so the admin API and
// --verify-audit read beside the writer (WAL lets both run): opened and prepared together,
// finalized and closed together.

#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace portico::audit
{

class ReadOnlyQuery
{
public:
    ReadOnlyQuery() = default;
    ~ReadOnlyQuery();
    ReadOnlyQuery(const ReadOnlyQuery&) = delete;
    ReadOnlyQuery& operator=(const ReadOnlyQuery&) = delete;

    // what names the table in the error ("the audit table", "the usage table").
    bool open(const std::string& path, const char* sql, const char* what, std::string& error);
    sqlite3* db() const { return _db; }
    sqlite3_stmt* statement() const { return _statement; }

private:
    sqlite3* _db = nullptr;
    sqlite3_stmt* _statement = nullptr;
};

} // namespace portico::audit
