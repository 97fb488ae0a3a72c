#include "tcp/TcpRoute.h"

#include "tcp/FixedRequestCodec.h"
#include "tcp/FixedResponseCodec.h"
#include "tcp/FrameReplyStream.h"
#include "tcp/Hl7RequestCodec.h"
#include "tcp/Hl7ResponseCodec.h"
#include "tcp/Iso8583Message.h"
#include "tcp/Iso8583RequestCodec.h"
#include "tcp/Iso8583ResponseCodec.h"
#include "tcp/OpenApiDescription.h"
#include "tcp/TextRequestCodec.h"
#include "tcp/TextResponseCodec.h"

#include <exception>

namespace portico::tcp
{

namespace
{

std::unique_ptr<RequestCodec> makeRequestCodec(const TcpConfig& config)
{
    const CodecConfig& codec = config.request;
    const Charset& charset = *config.charset;
    switch (codec.kind)
    {
    case CodecConfig::Kind::Fixed:
        return std::make_unique<FixedRequestCodec>(codec.layout, charset);
    case CodecConfig::Kind::Hl7v2:
        return std::make_unique<Hl7RequestCodec>(charset);
    case CodecConfig::Kind::Iso8583:
        return std::make_unique<Iso8583RequestCodec>(config.iso8583);
    case CodecConfig::Kind::Text:
        break;
    }
    return std::make_unique<TextRequestCodec>(charset);
}

std::unique_ptr<ResponseCodec> makeResponseCodec(const TcpConfig& config)
{
    const CodecConfig& codec = config.response;
    const Charset& charset = *config.charset;
    switch (codec.kind)
    {
    case CodecConfig::Kind::Fixed:
        return std::make_unique<FixedResponseCodec>(codec.layout, charset);
    case CodecConfig::Kind::Hl7v2:
        return std::make_unique<Hl7ResponseCodec>(charset);
    case CodecConfig::Kind::Iso8583:
        return std::make_unique<Iso8583ResponseCodec>(config.iso8583);
    case CodecConfig::Kind::Text:
        break;
    }
    return std::make_unique<TextResponseCodec>(charset);
}

} // namespace

TcpRoute::TcpRoute(TcpConfig config, RouteSetup setup)
    : _config(std::move(config)), _setup(std::move(setup)), _requestCodec(makeRequestCodec(_config)),
      _responseCodec(makeResponseCodec(_config))
{
}

std::shared_ptr<TcpRoute> TcpRoute::create(const RouteSetup& setup, std::vector<std::string>& errors) noexcept
{
    try
    {
        TcpConfig config;
        if (!TcpConfig::parse(setup.source, config, errors))
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
    std::string key;
    return prepare(request, frame, key, refusal);
}

bool TcpRoute::prepare(const RequestData& request, std::string& frame, std::string& key,
                       Answer& refusal) const noexcept
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
        if (multiplexed()) key = Iso8583Message::matchKey(*_config.iso8583, payload);
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

std::unique_ptr<FrameReplyReader> TcpRoute::replyReader() const
{
    return std::make_unique<FrameReplyReader>(*_config.framing);
}

Answer TcpRoute::answer(const plugin::StreamResult& result, FrameReplyReader* reader) const noexcept
{
    try
    {
        switch (result.outcome)
        {
        case plugin::StreamResult::Outcome::Ok:
            if (reader == nullptr) break;
            return _responseCodec->decode(reader->payload());
        case plugin::StreamResult::Outcome::TimedOut:
            return Answer::problem(504, result.error);
        case plugin::StreamResult::Outcome::CircuitOpen:
            return Answer::unavailable(result.error, result.retryAfter);
        case plugin::StreamResult::Outcome::Unreachable:
        case plugin::StreamResult::Outcome::Failed:
            break;
        }
        return Answer::problem(502, result.error);
    }
    catch (const std::exception& e)
    {
        return Answer::problem(502, std::string("the reply could not be decoded: ") + e.what());
    }
    catch (...)
    {
        return Answer::problem(502, "the reply could not be decoded");
    }
}

plugin::StreamPoolSettings TcpRoute::poolSettings() const
{
    plugin::StreamPoolSettings settings;
    settings.host = _config.endpoint.host;
    settings.port = _config.endpoint.port;
    settings.size = _config.pool.size;
    settings.connectTimeout = _config.pool.connectTimeout;
    settings.maxFails = _config.pool.maxFails;
    settings.failTimeout = _config.pool.failTimeout;
    if (multiplexed())
    {
        settings.inFlightPerConnection = _config.pool.inFlight;
        settings.replyStreams = [framing = _config.framing, spec = _config.iso8583]
        {
            return std::make_unique<FrameReplyStream>(framing, [spec](std::string_view payload)
                                                      { return Iso8583Message::matchKey(*spec, payload); });
        };
    }
    return settings;
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
