#pragma once

// Audit as a completion stage (<audit mode="async">): every exchange on a public listener, answered
// or refused (401, 403, 404, 429, an upstream or adapter failure, a malformed request), becomes one
// row handed to the writer when it completes. In strict mode the release gate (AuditGate) has
// already written the rows of answered exchanges; this stage writes those that ended before an
// answer (the client left, the connection broke).

#include "audit/AuditWriter.h"
#include "pipeline/RoutePipeline.h"

namespace portico::audit
{

class AuditStage final : public pipeline::CompletionStage
{
public:
    AuditStage(AuditWriter& writer, bool behindGate) : _writer(writer), _behindGate(behindGate) {}

    void onComplete(const pipeline::Exchange& exchange, util::MonoMillis now) override;

    static AuditRecord recordOf(const pipeline::Exchange& exchange, util::MonoMillis now);
    // Overwrites every column of row with the exchange's, reusing row's string buffers.
    static void fill(AuditRecord& row, const pipeline::Exchange& exchange, util::MonoMillis now);
    // The record an event loop fills for each of its exchanges (see AuditWriter::submitRecycling).
    static AuditRecord& loopRecord();

private:
    AuditWriter& _writer;
    bool _behindGate;
};

} // namespace portico::audit
