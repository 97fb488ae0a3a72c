#include "pipeline/ResumeToken.h"

#include "net/EventLoop.h"

#include <algorithm>

namespace portico::pipeline
{

PendingResume::PendingResume(net::EventLoop& owner) : loop(owner.handle()) {}

bool ResumeToken::claim() const
{
    return _pending && !_pending->fired.exchange(true, std::memory_order_acq_rel);
}

void ResumeToken::fire(bool replied, LocalReply answer, ExchangeEdit edit)
{
    if (!claim()) return;
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

void ResumeToken::fireAll(std::vector<ResumeToken>& tokens, bool replied, const LocalReply& answer)
{
    // Few loops (one per I/O thread): a linear search finds each token's group.
    std::vector<std::pair<net::LoopHandle*, std::vector<std::shared_ptr<PendingResume>>>> byLoop;
    for (ResumeToken& token : tokens)
    {
        if (token._pending && token._pending->loop->isCurrent())
        {
            token.fire(replied, answer, nullptr); // on its own loop already: the usual rules
            continue;
        }
        if (!token.claim()) continue;
        net::LoopHandle* loop = token._pending->loop.get();
        auto group = std::find_if(byLoop.begin(), byLoop.end(),
                                  [&](const auto& entry) { return entry.first == loop; });
        if (group == byLoop.end()) group = byLoop.insert(byLoop.end(), {loop, {}});
        group->second.push_back(std::move(token._pending));
    }
    for (auto& [loop, pendings] : byLoop)
    {
        loop->post(
            [pendings = std::move(pendings), replied, answer]
            {
                for (const std::shared_ptr<PendingResume>& pending : pendings)
                {
                    if (pending->target != nullptr) pending->target->resume(replied, answer, nullptr);
                }
            });
    }
}

} // namespace portico::pipeline
