#pragma once

#include "runtime/Runtime.h"

#include <atomic>
#include <memory>

namespace portico::runtime
{

// The current Runtime, swapped as a whole on reload; connections keep the one they started with.
class RuntimeHolder
{
public:
    std::shared_ptr<const Runtime> get() const { return std::atomic_load(&_runtime); }
    void set(std::shared_ptr<const Runtime> runtime) { std::atomic_store(&_runtime, std::move(runtime)); }

private:
    std::shared_ptr<const Runtime> _runtime;
};

} // namespace portico::runtime
