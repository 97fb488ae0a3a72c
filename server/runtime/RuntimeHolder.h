#pragma once

#include "runtime/Runtime.h"

#include <atomic>
#include <cstdint>
#include <memory>

namespace portico::runtime
{

// The current Runtime, swapped as a whole on reload. A connection keeps the one it has while an
// exchange runs, and takes the current one between exchanges: it compares the generation (one
// atomic load per request) and only when that moved loads the pointer (which takes a lock).
class RuntimeHolder
{
public:
    std::shared_ptr<const Runtime> get() const { return std::atomic_load(&_runtime); }
    void set(std::shared_ptr<const Runtime> runtime)
    {
        std::atomic_store(&_runtime, std::move(runtime));
        _generation.fetch_add(1, std::memory_order_release);
    }
    std::uint64_t generation() const { return _generation.load(std::memory_order_acquire); }

private:
    std::shared_ptr<const Runtime> _runtime;
    std::atomic<std::uint64_t> _generation{0};
};

} // namespace portico::runtime
