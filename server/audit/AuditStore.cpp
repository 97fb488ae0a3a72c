#include "audit/AuditStore.h"

#include "audit/PostgresAuditSink.h"

namespace portico::audit
{

AuditDatabase::Verification verifyStore(const std::string& location, const std::string& node)
{
    if (!PostgresAuditSink::isUrl(location)) return AuditDatabase::verify(location);
    std::vector<PostgresAuditSink::NodeVerification> nodes;
    AuditDatabase::Verification result;
    if (!PostgresAuditSink::verify(location, node, nodes, result.error)) return result;
    if (nodes.empty())
    {
        result.ok = true;
        return result;
    }
    return nodes.front().result;
}

bool readStoreRows(const std::string& location, const std::string& node, const AuditDatabase::Query& query,
                   std::vector<AuditDatabase::StoredRow>& rows, std::string& error)
{
    if (PostgresAuditSink::isUrl(location))
        return PostgresAuditSink::read(location, node, query, rows, error);
    return AuditDatabase::read(location, query, rows, error);
}

bool readStoreUsage(const std::string& location, const std::string& node, const UsageQuery& query,
                    std::vector<UsageLine>& lines, std::string& error)
{
    if (PostgresAuditSink::isUrl(location))
        return PostgresAuditSink::readUsage(location, node, query, lines, error);
    return readUsage(location, query, lines, error);
}

} // namespace portico::audit
