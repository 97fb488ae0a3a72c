#include "adapter/AdapterHandler.h"

#include <algorithm>

#include "config/Config.h"
#include "hostservices/LoopResponder.h"
#include "http/HeaderRules.h"
#include "net/EventLoop.h"
#include "pipeline/Exchange.h"
#include "pipeline/ResponseHead.h"
#include "routing/PathNormalizer.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace portico::adapter
{

namespace
{

// A plugin that never answers (and never drops its Responder) cannot hold a client forever.
constexpr util::MonoMillis answerCapMs = 300000;

void splitQuery(std::string_view query, plugin::Parameters& out)
{
    while (!query.empty())
    {
        std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        if (!pair.empty())
        {
            std::size_t equals = pair.find('=');
            std::string name;
            std::string value;
            std::string rawName(pair.substr(0, equals));
            std::string rawValue(equals == std::string_view::npos ? std::string_view()
                                                                  : pair.substr(equals + 1));
            for (char& c : rawName)
            {
                c = c == '+' ? ' ' : c;
            }
            for (char& c : rawValue)
            {
                c = c == '+' ? ' ' : c;
            }
            if (!routing::percentDecode(rawName, name))
            {
                name = rawName;
            }
            if (!routing::percentDecode(rawValue, value))
            {
                value = rawValue;
            }
            out.emplace_back(std::move(name), std::move(value));
        }
        if (amp == std::string_view::npos)
        {
            break;
        }
        query.remove_prefix(amp + 1);
    }
}

// The plugin's extension object, reduced to members that do not overwrite the standard ones.
std::string extensionMembers(const std::string& extensionsJson)
{
    if (extensionsJson.empty())
    {
        return "";
    }
    try
    {
        Poco::JSON::Object::Ptr object =
            Poco::JSON::Parser().parse(extensionsJson).extract<Poco::JSON::Object::Ptr>();
        for (const char* reserved : {"type", "title", "status", "detail", "requestId"})
        {
            object->remove(reserved);
        }
        std::ostringstream text;
        object->stringify(text);
        std::string members = text.str();
        return members.size() > 2 ? members.substr(1, members.size() - 2) : "";
    }
    catch (...)
    {
        return ""; // a plugin's broken extension JSON does not break the answer
    }
}

} // namespace

AdapterHandlerFactory::AdapterHandlerFactory(const config::RouteConfig& route,
                                             std::shared_ptr<plugin::Adapter> adapter)
    : _route(route), _adapter(std::move(adapter))
{
}

std::unique_ptr<pipeline::Handler> AdapterHandlerFactory::create(net::EventLoop& loop) const
{
    return std::make_unique<AdapterHandler>(*this, loop);
}

AdapterHandler::AdapterHandler(const AdapterHandlerFactory& factory, net::EventLoop& loop)
    : _factory(factory), _loop(loop)
{
}

AdapterHandler::~AdapterHandler()
{
    release();
}

void AdapterHandler::release()
{
    if (_ticket)
    {
        _ticket->handler = nullptr;
        _ticket.reset();
    }
    _request.reset();
    _channel = nullptr;
}

void AdapterHandler::start(pipeline::Exchange& exchange, pipeline::ResponseChannel& channel)
{
    _exchange = &exchange;
    _channel = &channel;
    _deadline = _loop.now() + answerCapMs;
    auto request = std::make_shared<plugin::Request>();
    request->method.assign(exchange.request.method.data(), exchange.request.method.size());
    request->path = exchange.normalizedPath;
    request->query.assign(exchange.query.data(), exchange.query.size());
    for (const routing::PathParam& param : exchange.match.params)
    {
        request->pathParams.emplace_back(std::string(param.name), param.value);
    }
    splitQuery(exchange.query, request->queryParams);
    const http::ForwardingFilter hopByHop(exchange.request);
    request->headers.reserve(exchange.request.headers.size() + 1); // and traceparent
    for (const http::HeaderField& field : exchange.request.headers)
    {
        // The adapter passes the trace on to its back end: it gets the gateway's span as parent.
        if (!hopByHop.drops(field.name) && !util::equalsIgnoreCase(field.name, "traceparent") &&
            !(exchange.trace.startedHere() && util::equalsIgnoreCase(field.name, "tracestate")))
        {
            request->headers.push_back({std::string(field.name), std::string(field.value)});
        }
    }
    if (exchange.trace.valid)
    {
        char traceparent[55];
        exchange.trace.formatForUpstream(traceparent);
        request->headers.push_back({"traceparent", std::string(traceparent, sizeof traceparent)});
    }
    request->requestId = exchange.requestId;
    request->routeName = _factory.route().name;
    if (exchange.request.hasContentLength)
    {
        request->body.reserve(static_cast<std::size_t>(exchange.request.contentLength));
    }
    _request = std::move(request);
}

void AdapterHandler::onRequestBody(const char* data, std::size_t length)
{
    if (_request)
    {
        _request->body.append(data, length);
    }
}

void AdapterHandler::onRequestBodyEnd()
{
    if (!_request || _channel == nullptr)
    {
        return;
    }
    _ticket = std::make_shared<Ticket>();
    _ticket->handler = this;
    std::shared_ptr<const plugin::Request> request = std::move(_request);
    auto responder = std::make_shared<hostservices::LoopResponder>(_loop, _ticket);
    try
    {
        _factory.adapter().handle(std::move(request), std::move(responder));
    }
    catch (const std::exception& e)
    {
        deliverFailure(502, std::string("the adapter failed: ") + e.what(), "");
    }
    catch (...)
    {
        deliverFailure(502, "the adapter failed", "");
    }
}

void AdapterHandler::deliver(plugin::Response response)
{
    if (_channel == nullptr)
    {
        return;
    }
    // A 1xx would be read by the client as an interim answer and desynchronise the connection.
    int status = response.status >= 200 && response.status <= 599 ? response.status : 502;
    _response = std::move(response);
    pipeline::ResponseChannel* channel = _channel;
    pipeline::ResponseHead& head = channel->responseHead();
    head.status = status;
    for (const plugin::Header& header : _response.headers)
    {
        std::string_view name = header.name;
        bool invalid = name.empty() || header.name.find_first_of(":\r\n") != std::string::npos ||
                       header.value.find_first_of("\r\n") != std::string::npos;
        if (invalid || http::isHopByHopHeader(name) || util::equalsIgnoreCase(name, "content-length") ||
            util::equalsIgnoreCase(name, "x-request-id"))
        {
            continue; // framing and the request id are the gateway's; CR/LF would split the head
        }
        head.addView(header.name, header.value);
    }
    head.bodyLength = pipeline::BodyLength::Known;
    head.contentLength = _response.body.size();
    release();
    channel->sendHead();
    channel->sendBody(_response.body.data(), _response.body.size());
    channel->finish();
}

void AdapterHandler::deliverFailure(int status, const std::string& detail, const std::string& extensionsJson)
{
    if (_channel == nullptr)
    {
        return;
    }
    if (status < 400 || status > 599)
    {
        status = 502;
    }
    pipeline::ResponseChannel* channel = _channel;
    std::string members = extensionMembers(extensionsJson);
    _exchange->error = detail;
    release();
    channel->failWith(status, detail, members);
}

void AdapterHandler::deliverUnavailable(const std::string& detail, std::chrono::seconds retryAfter)
{
    if (_channel == nullptr)
    {
        return;
    }
    pipeline::ResponseChannel* channel = _channel;
    _exchange->error = detail;
    release();
    pipeline::LocalReply answer;
    answer.status = 503;
    answer.detail = detail;
    answer.header("Retry-After", std::to_string(std::max<std::int64_t>(1, retryAfter.count())));
    channel->failWith(std::move(answer));
}

void AdapterHandler::onTick(util::MonoMillis now)
{
    if (_channel != nullptr && _ticket && now > _deadline)
    {
        deliverFailure(504, "the adapter did not answer in time", "");
    }
}

void AdapterHandler::abort()
{
    release();
}

} // namespace portico::adapter
