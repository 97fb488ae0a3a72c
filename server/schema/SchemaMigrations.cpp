#include "schema/SchemaMigrations.h"

#include <sqlite3.h>

namespace portico::schema
{

bool execute(sqlite3* db, const char* sql, std::string& error)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    error = message != nullptr ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return false;
}

int userVersion(sqlite3* db)
{
    sqlite3_stmt* statement = nullptr;
    int version = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
        version = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    return version;
}

bool addColumnIfMissing(sqlite3* db, const char* table, const char* column, const char* definition,
                        std::string& error)
{
    sqlite3_stmt* columns = nullptr;
    const std::string probe =
        std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name = '" + column + "'";
    if (sqlite3_prepare_v2(db, probe.c_str(), -1, &columns, nullptr) != SQLITE_OK)
    {
        error = sqlite3_errmsg(db);
        return false;
    }
    const bool present = sqlite3_step(columns) == SQLITE_ROW;
    sqlite3_finalize(columns);
    if (present) return true;
    const std::string alter =
        std::string("ALTER TABLE ") + table + " ADD COLUMN " + column + " " + definition;
    return execute(db, alter.c_str(), error);
}

bool migrate(sqlite3* db, const std::string& what, const std::vector<Migration>& steps, std::string& error)
{
    const int found = userVersion(db);
    if (found < 0)
    {
        error = what + ": cannot read its schema version: " + sqlite3_errmsg(db);
        return false;
    }
    const int known = steps.empty() ? 0 : steps.back().version;
    if (found > known)
    {
        error = what + " has schema version " + std::to_string(found) +
                ", written by a newer porticod; this one " + "knows versions up to " + std::to_string(known);
        return false;
    }
    for (const Migration& step : steps)
    {
        if (step.version <= found) continue;
        std::string problem;
        const std::string bump = "PRAGMA user_version = " + std::to_string(step.version);
        if (!execute(db, "BEGIN IMMEDIATE", problem) || !step.apply(db, problem) ||
            !execute(db, bump.c_str(), problem) || !execute(db, "COMMIT", problem))
        {
            std::string ignored;
            execute(db, "ROLLBACK", ignored);
            error = what + ": cannot bring it to schema version " + std::to_string(step.version) + " (" +
                    step.what + "): " + problem;
            return false;
        }
    }
    return true;
}

} // namespace portico::schema
