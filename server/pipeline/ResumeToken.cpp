#include "pipeline/ResumeToken.h"

#include "net/EventLoop.h"

namespace portico::pipeline
{

void ResumeToken::fire(bool replied, LocalReply answer)
{
    if (!_pending || _pending->fired.exchange(true, std::memory_order_acq_rel))
    {
        return;
    }
    std::shared_ptr<PendingResume> pending = _pending;
    if (net::EventLoop::current() == &pending->loop && pending->target != nullptr &&
        pending->target->insideHook())
    {
        pending->target->resume(replied, std::move(answer)); // recorded; acted on when the hook returns
        return;
    }
    pending->loop.post(
        [pending, replied, answer = std::move(answer)]() mutable
        {
            if (pending->target != nullptr)
            {
                pending->target->resume(replied, std::move(answer));
            }
        });
}

} // namespace portico::pipeline
