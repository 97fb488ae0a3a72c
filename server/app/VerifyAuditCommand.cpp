#include "app/VerifyAuditCommand.h"

#include "audit/AuditDatabase.h"
#include "audit/PostgresAuditSink.h"

#include <ostream>

namespace portico::app
{

namespace
{

// "ok: N rows, the chain holds" or "broken at row ID (after N good rows)"; true when it holds.
bool describe(const audit::AuditDatabase::Verification& result, std::ostream& out)
{
    if (result.ok)
        out << "ok: " << result.rows << " rows, the chain holds";
    else
        out << "broken at row " << result.brokenAt << " (after " << result.rows << " good rows)";
    return result.ok;
}

} // namespace

int verifyAuditCommand(const std::string& location, std::ostream& out, std::ostream& err)
{
    if (!audit::PostgresAuditSink::isUrl(location))
    {
        const audit::AuditDatabase::Verification result = audit::AuditDatabase::verify(location);
        if (!result.error.empty())
        {
            err << "porticod: " << result.error << std::endl;
            return 2;
        }
        const bool holds = describe(result, out);
        out << std::endl;
        return holds ? 0 : 1;
    }
    std::vector<audit::PostgresAuditSink::NodeVerification> nodes;
    std::string error;
    if (!audit::PostgresAuditSink::verify(location, "", nodes, error))
    {
        err << "porticod: " << error << std::endl;
        return 2;
    }
    bool everyChainHolds = true;
    for (const audit::PostgresAuditSink::NodeVerification& node : nodes)
    {
        out << "node " << node.node << ": ";
        everyChainHolds = describe(node.result, out) && everyChainHolds;
        out << std::endl;
    }
    if (nodes.empty()) out << "ok: no rows yet" << std::endl;
    return everyChainHolds ? 0 : 1;
}

} // namespace portico::app
