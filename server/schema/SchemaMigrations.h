#pragma once

// Forward-only migrations of the gateway's SQLite files (the audit trail, the consumer store),
// numbered by the file's PRAGMA user_version: on open, each step above the file's version runs
// once, in order, in one transaction with its version bump, so a file written by any earlier
// version is brought up to date and a step is never half applied. A file whose version is newer
// than this binary knows is refused rather than written in a shape it does not understand.
//
// Files made before versions were recorded read as version 0: their first steps are written to
// be harmless on a table that already has their shape (CREATE ... IF NOT EXISTS, a column added
// only when missing).

#include <functional>
#include <string>
#include <vector>

struct sqlite3;

namespace portico::schema
{

struct Migration
{
    int version;      // the version the file has once this step ran
    const char* what; // for the error message
    std::function<bool(sqlite3*, std::string& error)> apply;
};

// what names the file in errors ("the audit database /var/lib/portico/audit.db").
bool migrate(sqlite3* db, const std::string& what, const std::vector<Migration>& steps, std::string& error);

int userVersion(sqlite3* db);

// Helpers for steps.
bool execute(sqlite3* db, const char* sql, std::string& error);
// Adds a column unless the table already has it.
bool addColumnIfMissing(sqlite3* db, const char* table, const char* column, const char* definition,
                        std::string& error);

} // namespace portico::schema
