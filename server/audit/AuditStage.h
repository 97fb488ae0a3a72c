#pragma once

// Audit as a completion stage (<audit mode="async">): every exchange on a public listener, answered
// or refused (401, 403, 404, 429, an upstream or adapter failure, a malformed request), becomes one
// row handed to the writer when it completes.

#include "audit/AuditWriter.h"
#include "pipeline/RoutePipeline.h"

namespace portico::audit
{

class AuditStage final : public pipeline::CompletionStage
{
public:
    explicit AuditStage(AuditWriter& writer) : _writer(writer) {}

    void onComplete(const pipeline::Exchange& exchange, util::MonoMillis now) override;

    static AuditRecord recordOf(const pipeline::Exchange& exchange, util::MonoMillis now);

private:
    AuditWriter& _writer;
};

} // namespace portico::audit
