// The one list of the gateway's built-in policy modules. A new module is a folder under server/
// with its registration function, plus one line here.

#include "access/AccessPolicies.h"
#include "authentication/AuthPolicy.h"
#include "cache/CachePolicy.h"
#include "concurrency/ConcurrencyPolicy.h"
#include "cors/CorsPolicy.h"
#include "headers/HeadersPolicy.h"
#include "pipeline/PolicyRegistry.h"
#include "quota/QuotaPolicy.h"
#include "ratelimit/RateLimitPolicy.h"

namespace portico::pipeline
{

void registerBuiltinModules(PolicyRegistry& registry)
{
    access::registerAccessModule(registry);
    authentication::registerAuthenticationModule(registry);
    cache::registerCacheModule(registry);
    concurrency::registerConcurrencyModule(registry);
    cors::registerCorsModule(registry);
    headers::registerHeadersModule(registry);
    quota::registerQuotaModule(registry);
    ratelimit::registerRateLimitModule(registry);
}

} // namespace portico::pipeline
