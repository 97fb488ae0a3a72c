#include "pipeline/ResumeToken.h"

#include "net/EventLoop.h"

namespace portico::pipeline
{

PendingResume::PendingResume(net::EventLoop& owner) : loop(owner.handle()) {}

void ResumeToken::fire(bool replied, LocalReply answer, ExchangeEdit edit)
{
    if (!_pending || _pending->fired.exchange(true, std::memory_order_acq_rel))
    {
        return;
    }
    std::shared_ptr<PendingResume> pending = _pending;
    if (pending->loop->isCurrent() && pending->target != nullptr && pending->target->insideHook())
    {
        // Recorded; acted on when the hook returns.
        pending->target->resume(replied, std::move(answer), std::move(edit));
        return;
    }
    pending->loop->post(
        [pending, replied, answer = std::move(answer), edit = std::move(edit)]() mutable
        {
            if (pending->target != nullptr)
            {
                pending->target->resume(replied, std::move(answer), std::move(edit));
            }
        });
}

} // namespace portico::pipeline
