#pragma once

// Counts the work an adapter has handed to the host's workers and not yet finished, so that the
// adapter's destructor can wait for it: the plugin library, which holds that work's code, must not
// be unloaded under it. Each piece of work holds a Token for as long as it runs. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>

namespace portico::tcp
{

class InFlightWork : public std::enable_shared_from_this<InFlightWork>
{
public:
    // Held by one piece of work; its destruction marks the work finished. Keeps the counter alive.
    class Token
    {
    public:
        explicit Token(std::shared_ptr<InFlightWork> owner);
        ~Token();
        Token(const Token&) = delete;
        Token& operator=(const Token&) = delete;

    private:
        std::shared_ptr<InFlightWork> _owner;
    };

    // Must be owned by a std::shared_ptr.
    std::shared_ptr<Token> enter();

    // Waits until no Token is left or limit passes. Returns true when nothing is in flight.
    bool waitIdle(std::chrono::milliseconds limit);

    std::size_t count() const;

private:
    mutable std::mutex _mutex;
    std::condition_variable _idle;
    std::size_t _count = 0;
};

} // namespace portico::tcp
