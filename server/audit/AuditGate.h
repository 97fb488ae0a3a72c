#pragma once

// Strict audit (<audit mode="strict">) as the table's release gate: the row of every answer is
// made from its final head and handed to the writer with the exchange's resume token, so the
// answer is written only once the row is committed; a row that cannot be queued or committed
// turns the answer into a 503. Exchanges that end before an answer (the client left) never reach
// the gate: AuditStage writes their rows when they complete.

#include "audit/AuditWriter.h"
#include "pipeline/ReleaseGate.h"

namespace portico::audit
{

class AuditGate final : public pipeline::ReleaseGate
{
public:
    // bodyBytes: how much of each response body the rows keep (0: none).
    AuditGate(AuditWriter& writer, std::size_t bodyBytes) : _writer(writer), _bodyBytes(bodyBytes) {}

    std::size_t bodyBytesWanted() const override { return _bodyBytes; }
    bool hold(pipeline::Exchange& exchange, const pipeline::ResponseHead& head, std::string_view body,
              bool bodyComplete, pipeline::ResumeToken token) override;

private:
    AuditWriter& _writer;
    std::size_t _bodyBytes;
};

} // namespace portico::audit
