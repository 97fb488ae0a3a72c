#include "audit/AuditGate.h"

#include "audit/AuditStage.h"
#include "pipeline/Exchange.h"
#include "pipeline/ResponseHead.h"

namespace portico::audit
{

bool AuditGate::hold(pipeline::Exchange& exchange, const pipeline::ResponseHead& head, std::string_view body,
                     bool /*bodyComplete*/, pipeline::ResumeToken token)
{
    AuditRecord& row = AuditStage::loopRecord();
    AuditStage::fill(row, exchange, util::monotonicMillis());
    // Nothing is written yet: the status is the head's, and bytes_out the body's length as
    // declared (or as far as it is known when it streams without a length).
    row.status = head.status;
    row.bytesOut = static_cast<std::int64_t>(
        head.bodyLength == pipeline::BodyLength::Known ? head.contentLength : body.size());
    // The body as far as it came while the head waited: whole when it ended within the limit.
    if (_bodyBytes > 0 && !body.empty()) row.responseBody.emplace(body.substr(0, _bodyBytes));
    if (!_writer.submitHeld(row, token))
        token.reply(503, "the audit log cannot take this request's row now (its queue is full)");
    return true;
}

} // namespace portico::audit
