#pragma once

// Reads of the audit store for the admin API, wherever the rows are: the SQLite file, or this
// node's chain in PostgreSQL (location is then the postgresql:// URL).

#include "audit/AuditDatabase.h"
#include "audit/UsageReport.h"

#include <string>
#include <vector>

namespace portico::audit
{

AuditDatabase::Verification verifyStore(const std::string& location, const std::string& node);
bool readStoreRows(const std::string& location, const std::string& node, const AuditDatabase::Query& query,
                   std::vector<AuditDatabase::StoredRow>& rows, std::string& error);
bool readStoreUsage(const std::string& location, const std::string& node, const UsageQuery& query,
                    std::vector<UsageLine>& lines, std::string& error);

} // namespace portico::audit
