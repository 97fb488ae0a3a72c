#pragma once

// GET /admin/audit?limit&after_id&route&consumer&status: the audit rows after after_id, oldest
// first, at most limit (default 100, at most 1000), as a JSON array of objects named as the
// table's columns. Page with after_id = the last id seen.

#include "store/ConsumerAdmin.h"

#include <string>

namespace portico::admin
{

// database: the audit store's file or PostgreSQL URL (then node says whose chain); query: the
// request's query string, without '?'.
store::AdminAnswer listAuditRows(const std::string& database, const std::string& node,
                                 const std::string& query);

} // namespace portico::admin
