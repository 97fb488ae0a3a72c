#pragma once

// Where the audit writer's batches go: the embedded SQLite file (AuditDatabase) or, for several
// gateways, a PostgreSQL database holding one chain per node (PostgresAuditSink). The writer
// computes nothing itself: a sink chains each row to the one before it in its own store, commits
// a batch all or nothing, and keeps the usage rollup in the same transaction.

#include "audit/AuditRecord.h"

#include <cstdint>
#include <string>
#include <vector>

namespace portico::audit
{

class AuditSink
{
public:
    virtual ~AuditSink() = default;

    // Appends rows in one transaction, chaining each to the one before; all or none.
    virtual bool append(const std::vector<AuditRecord>& rows, std::string& error) = 0;

    // Retention (see AuditDatabase::removeOlderThan); sinks that do not remove rows say so.
    struct Removal
    {
        std::int64_t removedThrough = 0;
        std::string anchorHash;
        std::int64_t rows = 0;
    };
    // note: the ADMIN row (ts, request id) that records the removal in the chain, in the same
    // transaction (its path is written here), so no reader ever sees one without the other.
    virtual bool removeOlderThan(const std::string& cutoff, std::int64_t maxRows, AuditRecord note,
                                 Removal& removal, std::string& error) = 0;
};

// The words of the ADMIN row of a removal that verification looks for.
std::string retentionNote(std::int64_t removedThrough, const std::string& hash);
// That row's whole path: "RETENTION removed N rows older than CUTOFF, through id … hash …".
std::string retentionNotePath(const std::string& cutoff, const AuditSink::Removal& removal);

} // namespace portico::audit
