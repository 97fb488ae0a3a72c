#include "net/LoopSet.h"

namespace portico::net
{

void LoopSet::attach(std::vector<EventLoop*> loops)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _loops = std::move(loops);
}

void LoopSet::detach()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _loops.clear();
}

EventLoop* LoopSet::next()
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_loops.empty())
    {
        return nullptr;
    }
    return _loops[_turn.fetch_add(1, std::memory_order_relaxed) % _loops.size()];
}

} // namespace portico::net
