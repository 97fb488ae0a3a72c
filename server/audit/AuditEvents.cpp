#include "audit/AuditEvents.h"

#include "audit/AuditWriter.h"
#include "util/RequestId.h"
#include "util/WallClock.h"

namespace portico::audit
{

void auditEvent(const std::string& what, int status, const std::string& clientIp)
{
    AuditWriter* writer = AuditWriter::live();
    if (writer == nullptr) return;
    AuditRecord row;
    util::appendIsoTimestamp(util::wallClockMicros(), row.ts);
    util::newRequestId(row.requestId);
    row.clientIp = clientIp;
    row.method = "ADMIN";
    row.path = what;
    row.status = status;
    writer->submit(std::move(row));
}

} // namespace portico::audit
