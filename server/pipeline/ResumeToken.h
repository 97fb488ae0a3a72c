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
#include <functional>
#include <memory>
#include <vector>

namespace portico::net
{
class EventLoop;
class LoopHandle;
} // namespace portico::net

namespace portico::pipeline
{

struct Exchange;

// A change to the exchange that must happen on its loop: what work done elsewhere found out (the
// consumer a worker thread verified). Not called when the exchange no longer waits.
using ExchangeEdit = std::function<void(Exchange&)>;

// Implemented by the exchange runner; called on its loop thread only.
class ResumeTarget
{
public:
    virtual void resume(bool replied, LocalReply reply, ExchangeEdit edit) = 0;
    // True while the hook that paused is on the stack: only then is a firing taken at once.
    virtual bool insideHook() const = 0;

protected:
    ~ResumeTarget() = default;
};

// Shared between the runner and every copy of the token.
struct PendingResume
{
    explicit PendingResume(net::EventLoop& owner);

    std::shared_ptr<net::LoopHandle> loop; // safe to post to even after the loop ended
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
    void next() { fire(false, LocalReply(), nullptr); }
    // The same, after edit has changed the exchange on its loop.
    void next(ExchangeEdit edit) { fire(false, LocalReply(), std::move(edit)); }
    // Answer with this instead (through the response hooks of the policies that already ran).
    void reply(LocalReply answer) { fire(true, std::move(answer), nullptr); }
    // The same, after edit has changed the exchange on its loop.
    void reply(LocalReply answer, ExchangeEdit edit) { fire(true, std::move(answer), std::move(edit)); }
    void reply(int status, std::string detail)
    {
        LocalReply answer;
        answer.status = status;
        answer.detail = std::move(detail);
        fire(true, std::move(answer), nullptr);
    }

    // True once the exchange no longer waits (client gone, timed out): work may stop early.
    bool cancelled() const { return !_pending || _pending->cancelled.load(std::memory_order_acquire); }
    bool valid() const { return _pending != nullptr; }

    // Fires every token in tokens as next() (or as reply(answer) when replied): the tokens of one
    // loop go in one posted task, so a thread releasing a group commit wakes each loop once
    // rather than once per exchange.
    static void fireAll(std::vector<ResumeToken>& tokens, bool replied = false,
                        const LocalReply& answer = LocalReply());

private:
    void fire(bool replied, LocalReply answer, ExchangeEdit edit);
    // Claims the token for firing: false when it is empty or was fired already.
    bool claim() const;

    std::shared_ptr<PendingResume> _pending;
};

} // namespace portico::pipeline
