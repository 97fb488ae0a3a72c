#pragma once

// <auth>: who is calling. Children name the methods a request may use — <mtls/>,
// <apiKey header query/>, <jwt …/> and <basic/> — any one of which may authenticate it. On success the
// exchange carries the consumer (X-Consumer-Name for the upstream, {consumer} for other policies) and the
// credential that authenticated it is taken out of the request; otherwise the answer is 401 with one
// WWW-Authenticate challenge per method. Runs in the authentication slot.

#include "authentication/AuthLoopState.h"
#include "authentication/JwtKeySource.h"
#include "authentication/JwtVerifier.h"
#include "authentication/SignInThrottle.h"
#include "consumers/ConsumerIndex.h"
#include "pipeline/Policy.h"
#include "pipeline/PolicyRegistry.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::authentication
{

struct JwtSettings
{
    JwtRules rules;
    std::shared_ptr<JwtKeySource> keys;
};

struct AuthSettings
{
    std::string apiKeyHeader;               // empty: not in a header
    std::string apiKeyQuery;                // empty: not in the query
    std::shared_ptr<const JwtSettings> jwt; // null: no <jwt>
    bool basic = false;
    bool mtls = false;                   // a verified client certificate naming a consumer
    std::vector<std::string> challenges; // WWW-Authenticate values, one per method
};

class AuthPolicy final : public pipeline::Policy
{
public:
    AuthPolicy(AuthSettings settings, std::shared_ptr<const consumers::ConsumerIndex> consumers);

    // Parses an <auth> element; nullptr after reporting the errors.
    static std::shared_ptr<const pipeline::Policy> build(const pipeline::PolicyElement& element);

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;
    std::unique_ptr<pipeline::PolicyLoopState> createLoopState(net::EventLoop& loop) const override;

    const AuthSettings& settings() const { return _settings; }

private:
    enum class Attempt
    {
        Absent,        // the method's credential is not in the request
        Authenticated, // the exchange now carries the consumer
        Refused,       // present but wrong; problem says why
    };

    Attempt tryApiKey(pipeline::Exchange& exchange, AuthLoopState& state, std::string& problem) const;
    // The consumer a key names, from the loop's table of keys seen, the configuration or the
    // consumer store; false when none.
    bool acceptKey(pipeline::Exchange& exchange, AuthLoopState& state, std::string_view key) const;
    // The consumer of that name, from the configuration or else the consumer store (none: null).
    AuthLoopState::Known findByName(AuthLoopState& state, std::string_view name) const;
    Attempt tryCertificate(pipeline::Exchange& exchange, std::string& problem) const;
    // Done with a 503 when the keys are not there yet; otherwise attempt says what happened.
    bool tryJwt(pipeline::RequestContext& context, std::string_view authorization, Attempt& attempt,
                std::string& problem) const;
    pipeline::Verdict checkBasic(pipeline::RequestContext& context, std::string_view authorization,
                                 std::string& problem) const;
    pipeline::Verdict unauthorized(pipeline::RequestContext& context, const std::string& problem) const;
    pipeline::LocalReply unauthorizedReply(const std::string& problem) const;

    AuthSettings _settings;
    std::shared_ptr<const consumers::ConsumerIndex> _consumers;
    // Shared by the loops, and by the verifier's callbacks, which may outlive this policy.
    std::shared_ptr<SignInThrottle> _throttle = std::make_shared<SignInThrottle>();
};

// Registers <auth> in the authentication slot.
void registerAuthenticationModule(pipeline::PolicyRegistry& registry);

} // namespace portico::authentication
