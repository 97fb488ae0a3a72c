#include "tcp/InFlightWork.h"

namespace portico::tcp
{

InFlightWork::Token::Token(std::shared_ptr<InFlightWork> owner) : _owner(std::move(owner))
{
    std::lock_guard<std::mutex> lock(_owner->_mutex);
    ++_owner->_count;
}

InFlightWork::Token::~Token()
{
    {
        std::lock_guard<std::mutex> lock(_owner->_mutex);
        --_owner->_count;
    }
    _owner->_idle.notify_all();
}

std::shared_ptr<InFlightWork::Token> InFlightWork::enter()
{
    return std::make_shared<Token>(shared_from_this());
}

bool InFlightWork::waitIdle(std::chrono::milliseconds limit)
{
    std::unique_lock<std::mutex> lock(_mutex);
    return _idle.wait_for(lock, limit, [this] { return _count == 0; });
}

std::size_t InFlightWork::count() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _count;
}

} // namespace portico::tcp
