#include "authentication/AuthPolicy.h"

#include "authentication/AuthLoopState.h"
#include "authentication/Credentials.h"
#include "authentication/JwtSettingsParser.h"
#include "authentication/PasswordVerifier.h"
#include "config/LoadContext.h"
#include "net/PeerCertificate.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

namespace portico::authentication
{

namespace
{

constexpr std::string_view consumerHeader = "X-Consumer-Name";

// The exchange is now the consumer's: other policies, the upstream and the logs see who it is.
// record is the configured consumer of that name, when there is one (its groups).
void accept(pipeline::Exchange& exchange, std::string_view name, const consumers::Consumer* record)
{
    exchange.consumer.assign(name);
    exchange.consumerRecord = record;
    // The field views exchange.consumer, which is not changed again before the exchange ends.
    exchange.request.headers.push_back(http::HeaderField{consumerHeader, exchange.consumer});
}

void accept(pipeline::Exchange& exchange, std::string_view name, const AuthLoopState::Known& known)
{
    accept(exchange, name, known.consumer);
    exchange.consumerHolder = known.holder;
}

void accept(pipeline::Exchange& exchange, const AuthLoopState::Known& known)
{
    accept(exchange, known.consumer->name, known);
}

void accept(pipeline::Exchange& exchange, const consumers::Consumer& consumer)
{
    accept(exchange, consumer.name, &consumer);
}

std::int64_t wallSeconds(const pipeline::Exchange& exchange)
{
    return exchange.startedAtWallMicros / 1'000'000;
}

bool bearerToken(std::string_view authorization, std::string_view& token)
{
    constexpr std::string_view scheme = "bearer ";
    if (authorization.size() <= scheme.size() ||
        !util::equalsIgnoreCase(authorization.substr(0, scheme.size()), scheme))
        return false;
    token = authorization.substr(scheme.size());
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    return true;
}

bool parseApiKey(config::LoadContext& context, const pugi::xml_node& element, AuthSettings& settings)
{
    config::ElementReader reader(context, element, {"header", "query"});
    reader.expectEmpty();
    if (const std::optional<std::string> header = reader.text("header"))
    {
        if (!config::isHttpToken(*header))
            reader.invalid("header", *header, "expected a header name");
        else
            settings.apiKeyHeader = *header;
    }
    if (const std::optional<std::string> query = reader.text("query"))
    {
        if (query->empty() || query->find_first_of("&=#% ") != std::string::npos)
            reader.invalid("query", *query, "expected a query parameter name");
        else
            settings.apiKeyQuery = *query;
    }
    if (!reader.has("header") && !reader.has("query"))
    {
        reader.error("<apiKey> needs header=\"NAME\", query=\"NAME\" or both: where the key is sent");
        return false;
    }
    if (!settings.apiKeyHeader.empty())
        settings.challenges.push_back("APIKey realm=\"portico\", header=\"" + settings.apiKeyHeader + "\"");
    if (!settings.apiKeyQuery.empty())
        settings.challenges.push_back("APIKey realm=\"portico\", query=\"" + settings.apiKeyQuery + "\"");
    return true;
}

} // namespace

AuthPolicy::AuthPolicy(AuthSettings settings, std::shared_ptr<const consumers::ConsumerIndex> consumers)
    : _settings(std::move(settings)), _consumers(std::move(consumers))
{
}

std::shared_ptr<const pipeline::Policy> AuthPolicy::build(const pipeline::PolicyElement& input)
{
    config::ElementReader reader(input.context, input.element, {});
    AuthSettings settings;
    bool ok = true;
    pugi::xml_node apiKey, basic, jwt, mtls;
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string_view name = child.name();
            if (name == "apiKey")
            {
                if (reader.once(child, apiKey)) ok = parseApiKey(input.context, child, settings) && ok;
            }
            else if (name == "mtls")
            {
                if (!reader.once(child, mtls)) return;
                config::ElementReader mtlsReader(input.context, child, {});
                mtlsReader.expectEmpty();
                settings.mtls = true;
                settings.challenges.push_back("MutualTLS realm=\"portico\"");
            }
            else if (name == "basic")
            {
                if (!reader.once(child, basic)) return;
                config::ElementReader basicReader(input.context, child, {});
                basicReader.expectEmpty();
                settings.basic = true;
                settings.challenges.push_back("Basic realm=\"portico\", charset=\"UTF-8\"");
            }
            else if (name == "jwt")
            {
                if (!reader.once(child, jwt)) return;
                settings.jwt = parseJwtElement(input.context, child);
                if (settings.jwt)
                    settings.challenges.push_back("Bearer realm=\"portico\"");
                else
                    ok = false;
            }
            else
            {
                reader.unknownChild(child, {"mtls", "apiKey", "jwt", "basic"});
                ok = false;
            }
        });
    if (ok && settings.challenges.empty())
    {
        reader.error("<auth> needs at least one method: <mtls>, <apiKey>, <jwt> or <basic>");
        ok = false;
    }
    if (!ok) return nullptr;
    return std::make_shared<AuthPolicy>(std::move(settings), input.config.consumerIndex);
}

std::unique_ptr<pipeline::PolicyLoopState> AuthPolicy::createLoopState(net::EventLoop&) const
{
    // The configuration goes live: a remote key set starts being fetched now, not at load (a
    // --check-config fetches nothing).
    if (_settings.jwt) _settings.jwt->keys->start();
    return std::make_unique<AuthLoopState>();
}

bool AuthPolicy::tryJwt(pipeline::RequestContext& context, std::string_view authorization, Attempt& attempt,
                        std::string& problem) const
{
    attempt = Attempt::Absent;
    std::string_view token;
    if (!bearerToken(authorization, token)) return false;
    pipeline::Exchange& exchange = context.exchange();
    auto* state = static_cast<AuthLoopState*>(context.loopState());
    const JwtSettings& jwt = *_settings.jwt;
    std::uint64_t keysVersion = 0;
    const KeySet* keys = state->keys(*jwt.keys, keysVersion);
    const std::int64_t now = wallSeconds(exchange);
    if (const AuthLoopState::CachedToken* cached = state->token(token, now, keysVersion))
    {
        accept(exchange, cached->consumer, findByName(*state, cached->consumer));
        exchange.scopes = cached->scopes;
        attempt = Attempt::Authenticated;
        return false;
    }
    if (keys == nullptr)
    {
        context.reply(503, "the keys that verify tokens are not loaded yet; try again shortly")
            .header("Retry-After", "1");
        return true;
    }
    VerifiedToken verified;
    if (!verifyJwt(token, *keys, jwt.rules, now, verified, problem))
    {
        if (problem == "no signing key has the token's key id") jwt.keys->requestRefresh();
        attempt = Attempt::Refused;
        return false;
    }
    accept(exchange, verified.consumer, findByName(*state, verified.consumer));
    exchange.scopes = verified.scopes;
    state->rememberToken(token,
                         AuthLoopState::CachedToken{std::move(verified.consumer), std::move(verified.scopes),
                                                    verified.expires, keysVersion},
                         now);
    attempt = Attempt::Authenticated;
    return false;
}

AuthPolicy::Attempt AuthPolicy::tryCertificate(pipeline::Exchange& exchange, std::string& problem) const
{
    const net::PeerCertificate* certificate = exchange.clientCertificate;
    if (certificate == nullptr || !certificate->verified) return Attempt::Absent;
    // Alternative names first: they are what a certificate is issued for; the Common Name is legacy.
    for (const std::string& name : certificate->alternativeNames)
    {
        if (const consumers::Consumer* consumer = _consumers->findByCertificateName(name))
        {
            accept(exchange, *consumer);
            return Attempt::Authenticated;
        }
    }
    if (const consumers::Consumer* consumer = _consumers->findByCertificateName(certificate->commonName))
    {
        accept(exchange, *consumer);
        return Attempt::Authenticated;
    }
    problem = "the client certificate names no consumer";
    return Attempt::Refused;
}

AuthLoopState::Known AuthPolicy::findByName(AuthLoopState& state, std::string_view name) const
{
    AuthLoopState::Known known;
    // A consumer of the configuration file wins: the store may only add keys to it.
    known.consumer = _consumers->findByName(name);
    if (known.consumer != nullptr) return known;
    const std::shared_ptr<const consumers::ConsumerIndex>& stored = state.storedConsumers();
    known.consumer = stored ? stored->findByName(name) : nullptr;
    if (known.consumer != nullptr) known.holder = stored;
    return known;
}

bool AuthPolicy::acceptKey(pipeline::Exchange& exchange, AuthLoopState& state, std::string_view key) const
{
    if (const AuthLoopState::Known* known = state.knownKey(key))
    {
        accept(exchange, *known);
        return true;
    }
    const crypto::Sha256Digest digest = crypto::sha256(key);
    AuthLoopState::Known known;
    known.consumer = _consumers->findByKey(digest);
    if (known.consumer == nullptr)
    {
        // Keys issued through the admin API, live from the consumer store; a key for a consumer
        // of the configuration file carries that consumer's groups.
        const std::shared_ptr<const consumers::ConsumerIndex>& stored = state.storedConsumers();
        const consumers::Consumer* consumer = stored ? stored->findByKey(digest) : nullptr;
        if (consumer == nullptr) return false;
        known = findByName(state, consumer->name);
    }
    accept(exchange, known);
    state.rememberKey(key, std::move(known));
    return true;
}

AuthPolicy::Attempt AuthPolicy::tryApiKey(pipeline::Exchange& exchange, AuthLoopState& state,
                                          std::string& problem) const
{
    if (!_settings.apiKeyHeader.empty())
    {
        const std::string_view key = exchange.request.find(_settings.apiKeyHeader);
        if (key.data() != nullptr)
        {
            if (!acceptKey(exchange, state, key))
            {
                problem = "the API key in " + _settings.apiKeyHeader + " is not valid";
                return Attempt::Refused;
            }
            removeHeader(exchange.request, _settings.apiKeyHeader);
            // A copy in the query too would reach the upstream's URL (and its logs).
            if (!_settings.apiKeyQuery.empty() && findQueryParameter(exchange.query, _settings.apiKeyQuery))
                exchange.query =
                    exchange.arena.copy(withoutQueryParameter(exchange.query, _settings.apiKeyQuery));
            return Attempt::Authenticated;
        }
    }
    if (!_settings.apiKeyQuery.empty())
    {
        if (const std::optional<std::string_view> key =
                findQueryParameter(exchange.query, _settings.apiKeyQuery))
        {
            std::string decoded;
            const bool valid = percentDecodeQueryValue(*key, decoded) && acceptKey(exchange, state, decoded);
            std::fill(decoded.begin(), decoded.end(), '\0');
            if (!valid)
            {
                problem = "the API key in the query parameter " + _settings.apiKeyQuery + " is not valid";
                return Attempt::Refused;
            }
            exchange.query =
                exchange.arena.copy(withoutQueryParameter(exchange.query, _settings.apiKeyQuery));
            return Attempt::Authenticated;
        }
    }
    return Attempt::Absent;
}

pipeline::Verdict AuthPolicy::onRequest(pipeline::RequestContext& context) const
{
    pipeline::Exchange& exchange = context.exchange();
    std::string problem;
    if (_settings.mtls && tryCertificate(exchange, problem) == Attempt::Authenticated)
        return pipeline::Verdict::Next;
    if (!_settings.apiKeyHeader.empty() || !_settings.apiKeyQuery.empty())
    {
        auto* state = static_cast<AuthLoopState*>(context.loopState());
        if (tryApiKey(exchange, *state, problem) == Attempt::Authenticated) return pipeline::Verdict::Next;
    }
    const std::string_view authorization = exchange.request.find("authorization");
    if (_settings.jwt && authorization.data() != nullptr)
    {
        Attempt attempt;
        if (tryJwt(context, authorization, attempt, problem)) return pipeline::Verdict::Done;
        if (attempt == Attempt::Authenticated) return pipeline::Verdict::Next;
    }
    if (_settings.basic && authorization.data() != nullptr)
        return checkBasic(context, authorization, problem);
    return unauthorized(context, problem.empty() ? "this route needs credentials" : problem);
}

pipeline::Verdict AuthPolicy::checkBasic(pipeline::RequestContext& context, std::string_view authorization,
                                         std::string& problem) const
{
    pipeline::Exchange& exchange = context.exchange();
    std::string user, password;
    bool malformed = false;
    if (!parseBasicCredentials(authorization, user, password, malformed))
        return unauthorized(context, problem.empty() ? "this route needs credentials" : problem);
    if (malformed) return unauthorized(context, "the Basic credentials cannot be read");

    auto* state = static_cast<AuthLoopState*>(context.loopState());
    const util::MonoMillis now = exchange.startedAt;
    const crypto::Sha256Digest key = AuthLoopState::credentialKey(user, password);
    if (const AuthLoopState::Known* known = state->verified(key, now))
    {
        removeHeader(exchange.request, "authorization");
        accept(exchange, *known);
        return pipeline::Verdict::Next;
    }
    const std::string& address = *exchange.clientIp;
    util::MonoMillis retryAfter = 0;
    if (_throttle->throttled(address, now, retryAfter) || !_throttle->startCheck(address))
    {
        context.reply(429, "too many failed sign-ins from this address; try again later")
            .header("Retry-After", std::to_string(util::retryAfterSeconds(retryAfter)));
        return pipeline::Verdict::Done;
    }

    AuthLoopState::Known consumer = findByName(*state, user);
    std::optional<crypto::PasswordHash> hash;
    if (consumer.consumer != nullptr && consumer.consumer->password) hash = *consumer.consumer->password;
    pipeline::ResumeToken token = context.pause();
    pipeline::LocalReply refusal = unauthorizedReply("the user name or password is not valid");
    const bool queued = PasswordVerifier::shared().submit(
        std::move(hash), std::move(password),
        [token, state, key, consumer = std::move(consumer), throttle = _throttle, address,
         refusal = std::move(refusal)](bool matches) mutable
        {
            throttle->endCheck(address);
            if (matches)
            {
                token.next(
                    [state, key, consumer = std::move(consumer)](pipeline::Exchange& exchange)
                    {
                        state->remember(key, consumer, exchange.startedAt);
                        removeHeader(exchange.request, "authorization");
                        accept(exchange, consumer);
                    });
                return;
            }
            token.reply(std::move(refusal), [throttle](pipeline::Exchange& exchange)
                        { throttle->recordFailure(*exchange.clientIp, exchange.startedAt); });
        });
    if (!queued)
    {
        _throttle->endCheck(address);
        context.reply(503, "too many sign-ins are being checked; try again shortly")
            .header("Retry-After", "1");
        return pipeline::Verdict::Done;
    }
    return pipeline::Verdict::Pause;
}

pipeline::LocalReply AuthPolicy::unauthorizedReply(const std::string& problem) const
{
    pipeline::LocalReply reply;
    reply.status = 401;
    reply.detail = problem;
    for (const std::string& challenge : _settings.challenges)
        reply.header("WWW-Authenticate", challenge);
    return reply;
}

pipeline::Verdict AuthPolicy::unauthorized(pipeline::RequestContext& context,
                                           const std::string& problem) const
{
    pipeline::LocalReply& reply = context.reply(401, problem);
    for (const std::string& challenge : _settings.challenges)
        reply.header("WWW-Authenticate", challenge);
    return pipeline::Verdict::Done;
}

void registerAuthenticationModule(pipeline::PolicyRegistry& registry)
{
    registry.add("auth", pipeline::Slot::Authentication, &AuthPolicy::build);
}

} // namespace portico::authentication
