#include "tcp/TcpRoute.h"

#include "tcp/FixedRequestCodec.h"
#include "tcp/FixedResponseCodec.h"
#include "tcp/Hl7RequestCodec.h"
#include "tcp/Hl7ResponseCodec.h"
#include "tcp/OpenApiDescription.h"
#include "tcp/TextRequestCodec.h"
#include "tcp/TextResponseCodec.h"

#include <exception>

namespace portico::tcp
{

namespace
{

std::unique_ptr<RequestCodec> makeRequestCodec(const CodecConfig& codec, const Charset& charset)
{
    switch (codec.kind)
    {
    case CodecConfig::Kind::Fixed:
        return std::make_unique<FixedRequestCodec>(codec.layout, charset);
    case CodecConfig::Kind::Hl7v2:
        return std::make_unique<Hl7RequestCodec>(charset);
    case CodecConfig::Kind::Text:
        break;
    }
    return std::make_unique<TextRequestCodec>(charset);
}

std::unique_ptr<ResponseCodec> makeResponseCodec(const CodecConfig& codec, const Charset& charset)
{
    switch (codec.kind)
    {
    case CodecConfig::Kind::Fixed:
        return std::make_unique<FixedResponseCodec>(codec.layout, charset);
    case CodecConfig::Kind::Hl7v2:
        return std::make_unique<Hl7ResponseCodec>(charset);
    case CodecConfig::Kind::Text:
        break;
    }
    return std::make_unique<TextResponseCodec>(charset);
}

} // namespace

TcpRoute::TcpRoute(TcpConfig config, RouteSetup setup)
    : _config(std::move(config)), _setup(std::move(setup)),
      _requestCodec(makeRequestCodec(_config.request, *_config.charset)),
      _responseCodec(makeResponseCodec(_config.response, *_config.charset)),
      _client(std::make_unique<PeerClient>(_config.endpoint, _config.framing, _config.pool))
{
}

std::shared_ptr<TcpRoute> TcpRoute::create(const RouteSetup& setup, std::vector<std::string>& errors) noexcept
{
    try
    {
        TcpConfig config;
        if (!TcpConfig::parse(setup.elementXml, config, errors))
        {
            return nullptr;
        }
        return std::make_shared<TcpRoute>(std::move(config), setup);
    }
    catch (const std::exception& e)
    {
        errors.push_back(std::string("the configuration could not be read: ") + e.what());
    }
    catch (...)
    {
        errors.push_back("the configuration could not be read");
    }
    return nullptr;
}

bool TcpRoute::prepare(const RequestData& request, std::string& frame, Answer& refusal) const noexcept
{
    try
    {
        std::string payload;
        std::string problem;
        if (!_requestCodec->encode(request, payload, problem))
        {
            refusal = Answer::problem(400, problem);
            return false;
        }
        if (!_config.framing->encode(payload, frame, problem))
        {
            refusal = Answer::problem(400, "the request cannot be framed: " + problem);
            return false;
        }
        return true;
    }
    catch (const std::exception& e)
    {
        refusal = Answer::problem(500, std::string("the request could not be encoded: ") + e.what());
    }
    catch (...)
    {
        refusal = Answer::problem(500, "the request could not be encoded");
    }
    return false;
}

Answer TcpRoute::exchange(std::string_view frame, Deadline deadline) noexcept
{
    try
    {
        ExchangeResult result = _client->exchange(frame, deadline);
        switch (result.outcome)
        {
        case ExchangeResult::Outcome::Ok:
            return _responseCodec->decode(result.payload);
        case ExchangeResult::Outcome::TimedOut:
            return Answer::problem(504, result.error);
        case ExchangeResult::Outcome::Unreachable:
        case ExchangeResult::Outcome::Failed:
            break;
        }
        return Answer::problem(502, result.error);
    }
    catch (const std::exception& e)
    {
        return Answer::problem(502, std::string("the exchange with the peer failed: ") + e.what());
    }
    catch (...)
    {
        return Answer::problem(502, "the exchange with the peer failed");
    }
}

Answer TcpRoute::handle(const RequestData& request) noexcept
{
    const Deadline deadline = Clock::now() + _config.pool.timeout;
    std::string frame;
    Answer refusal;
    if (!prepare(request, frame, refusal))
    {
        return refusal;
    }
    return exchange(frame, deadline);
}

std::string TcpRoute::openApiPathItem(const std::string& routePath) const
{
    try
    {
        return OpenApiDescription::pathItem(_config, _setup.methods, _setup.pathParameters, routePath);
    }
    catch (...)
    {
        return ""; // the gateway's generic description is still right
    }
}

} // namespace portico::tcp
