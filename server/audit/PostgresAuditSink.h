#pragma once

// The audit trail in PostgreSQL, for several gateways writing to one place
// (<audit database="postgresql://USER:PASSWORD@HOST:PORT/DB" node="NAME">), through POCO Data's
// PostgreSQL connector. Every node keeps its own hash chain in the shared audit_log table (the
// node column): rows are chained to the previous row of the same node, so nodes never wait for
// each other and each chain verifies on its own. One gateway per node name: the sink holds a
// PostgreSQL advisory lock on it while open, and a second gateway with the same name refuses to
// start. The usage rollup (audit_usage, by node too) is kept in the same transaction as the rows.

#include "audit/AuditDatabase.h"
#include "audit/AuditSink.h"
#include "audit/UsageReport.h"
#include "audit/UsageRollup.h"

#include <memory>
#include <string>
#include <vector>

namespace Poco::Data
{
class Session;
}

namespace portico::audit
{

class PostgresAuditSink final : public AuditSink
{
public:
    PostgresAuditSink();
    ~PostgresAuditSink() override;

    // Connects, creates the tables when missing, takes the node's lock and reads its chain's end.
    bool open(const std::string& url, const std::string& node, std::string& error);
    bool append(const std::vector<AuditRecord>& rows, std::string& error) override;
    // Retention is not done here (the configuration refuses it): PostgreSQL's own tools
    // (partitions, scheduled deletes with an anchor) are the operator's.
    bool removeOlderThan(const std::string& cutoff, std::int64_t maxRows, AuditRecord note, Removal& removal,
                         std::string& error) override;

    static bool isUrl(const std::string& location);
    // postgresql://user:password@host:port/db?sslmode=require → libpq's "key=value ..." form,
    // which is what POCO's connector takes. Empty when the URL cannot be read.
    static std::string connectionString(const std::string& url);

    // Each node's chain (one node when node is not empty): ok only when every one holds.
    struct NodeVerification
    {
        std::string node;
        AuditDatabase::Verification result;
    };
    static bool verify(const std::string& url, const std::string& node, std::vector<NodeVerification>& nodes,
                       std::string& error);
    // GET /admin/audit on this node's rows.
    static bool read(const std::string& url, const std::string& node, const AuditDatabase::Query& query,
                     std::vector<AuditDatabase::StoredRow>& rows, std::string& error);
    // GET /admin/usage on this node's traffic.
    static bool readUsage(const std::string& url, const std::string& node, const UsageQuery& query,
                          std::vector<UsageLine>& lines, std::string& error);

private:
    // Connects, makes the tables, takes the node's lock and reads the chain's head; false (and no
    // session) on failure.
    bool attach(std::string& error);
    // Adds the batch's usage to audit_usage in the open transaction (throws on failure).
    void flushUsage();

    std::unique_ptr<Poco::Data::Session> _session; // null after a failure, until the next batch connects
    std::string _url;
    std::string _node;
    std::string _lastHash;
    UsageRollup _usage;
};

} // namespace portico::audit
