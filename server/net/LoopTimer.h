#pragma once

// A loop member that runs a function on every tick (periodic flushing and the like).

#include "net/EventLoop.h"

#include <functional>

namespace portico::net
{

class LoopTimer final : public net::LoopMember
{
public:
    explicit LoopTimer(std::function<void(util::MonoMillis)> task) : _task(std::move(task)) {}
    void onTick(util::MonoMillis now) override { _task(now); }
    void onDrain() override {}

private:
    std::function<void(util::MonoMillis)> _task;
};

} // namespace portico::net
