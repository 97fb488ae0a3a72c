#include "concurrency/ConcurrencyPolicy.h"

#include "config/LoadContext.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"

#include <portico/config/ElementReader.h>

#include <algorithm>

namespace portico::concurrency
{

std::shared_ptr<const pipeline::Policy> ConcurrencyPolicy::build(const pipeline::PolicyElement& input)
{
    config::ElementReader reader(input.context, input.element, {"max"});
    reader.expectEmpty();
    std::uint64_t max = 0;
    if (!reader.has("max"))
    {
        reader.error("<concurrency> needs max=\"N\": how many requests may be in flight at once");
        return nullptr;
    }
    if (!reader.number("max", max, 1, 1'000'000)) return nullptr;
    return std::make_shared<const ConcurrencyPolicy>(static_cast<std::int64_t>(max));
}

pipeline::Verdict ConcurrencyPolicy::onRequest(pipeline::RequestContext& context) const
{
    if (_inFlight.fetch_add(1, std::memory_order_acq_rel) >= _max)
    {
        _inFlight.fetch_sub(1, std::memory_order_acq_rel);
        context.reply(503, "the route has " + std::to_string(_max) + " requests in flight, its limit")
            .header("Retry-After", "1");
        return pipeline::Verdict::Done;
    }
    context.exchange().held.push_back(this);
    return pipeline::Verdict::Next;
}

void ConcurrencyPolicy::onComplete(const pipeline::Exchange& exchange, pipeline::PolicyLoopState*) const
{
    // Only an exchange that got a slot gives one back.
    if (std::find(exchange.held.begin(), exchange.held.end(), this) != exchange.held.end())
        _inFlight.fetch_sub(1, std::memory_order_acq_rel);
}

void registerConcurrencyModule(pipeline::PolicyRegistry& registry)
{
    registry.add("concurrency", pipeline::Slot::Admission, &ConcurrencyPolicy::build);
}

} // namespace portico::concurrency
