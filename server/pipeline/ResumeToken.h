#pragma once

// The one-shot handle a policy gets when it pauses an exchange (a key-set refresh, a Redis round
// trip, a group commit). Copyable and thread-safe: fire it from any thread, once. The runner
// handles every misuse, so no policy has to:
// - fired while the pausing hook is still on the stack: recorded, acted on when the hook returns;
// - fired anywhere else, on the loop (another exchange's hook) or from another thread: posted to the
//   exchange's event loop, so one exchange never runs nested inside another's callback;
// - fired twice: the second firing is ignored;
// - fired after the client left (or the exchange timed out): ignored, and the policy's onCancel()
//   has already been called on the loop.

#include "pipeline/LocalReply.h"

#include <atomic>
#include <memory>

namespace portico::net
{
class EventLoop;
}

namespace portico::pipeline
{

// Implemented by the exchange runner; called on its loop thread only.
class ResumeTarget
{
public:
    virtual void resume(bool replied, LocalReply reply) = 0;
    // True while the hook that paused is on the stack: only then is a firing taken at once.
    virtual bool insideHook() const = 0;

protected:
    ~ResumeTarget() = default;
};

// Shared between the runner and every copy of the token.
struct PendingResume
{
    explicit PendingResume(net::EventLoop& owner) : loop(owner) {}

    net::EventLoop& loop;
    std::atomic<bool> fired{false};
    std::atomic<bool> cancelled{false};
    ResumeTarget* target = nullptr; // loop thread only; null once the exchange stopped waiting
};

class ResumeToken
{
public:
    ResumeToken() = default;
    explicit ResumeToken(std::shared_ptr<PendingResume> pending) : _pending(std::move(pending)) {}

    // Go on with the next policy (or the handler).
    void next() { fire(false, LocalReply()); }
    // Answer with this instead (through the response hooks of the policies that already ran).
    void reply(LocalReply answer) { fire(true, std::move(answer)); }
    void reply(int status, std::string detail)
    {
        LocalReply answer;
        answer.status = status;
        answer.detail = std::move(detail);
        fire(true, std::move(answer));
    }

    // True once the exchange no longer waits (client gone, timed out): work may stop early.
    bool cancelled() const { return !_pending || _pending->cancelled.load(std::memory_order_acquire); }
    bool valid() const { return _pending != nullptr; }

private:
    void fire(bool replied, LocalReply answer);

    std::shared_ptr<PendingResume> _pending;
};

} // namespace portico::pipeline
