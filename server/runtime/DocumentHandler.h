#pragma once

// The handler of a built-in route that answers with a document built once per configuration
// (GET /openapi.json).

#include "pipeline/Handler.h"

#include <string>
#include <string_view>

namespace portico::runtime
{

class DocumentHandlerFactory final : public pipeline::HandlerFactory
{
public:
    // document outlives the factory (both belong to the same Runtime).
    DocumentHandlerFactory(const std::string& document, std::string_view contentType)
        : _document(document), _contentType(contentType)
    {
    }
    std::unique_ptr<pipeline::Handler> create(net::EventLoop& loop) const override;

    const std::string& document() const { return _document; }
    std::string_view contentType() const { return _contentType; }

private:
    const std::string& _document;
    std::string_view _contentType;
};

class DocumentHandler final : public pipeline::Handler
{
public:
    explicit DocumentHandler(const DocumentHandlerFactory& factory) : _factory(factory) {}

    void start(pipeline::Exchange& exchange, pipeline::ResponseChannel& channel) override;
    void onRequestBody(const char*, std::size_t) override {}
    void onRequestBodyEnd() override {}
    void onClientWritable() override {}
    void onTick(util::MonoMillis) override {}
    void abort() override {}
    const pipeline::HandlerFactory* factory() const override { return &_factory; }

private:
    const DocumentHandlerFactory& _factory;
};

} // namespace portico::runtime
