#include "runtime/DocumentHandler.h"

#include "pipeline/ResponseHead.h"

namespace portico::runtime
{

std::unique_ptr<pipeline::Handler> DocumentHandlerFactory::create(net::EventLoop&) const
{
    return std::make_unique<DocumentHandler>(*this);
}

void DocumentHandler::start(pipeline::Exchange&, pipeline::ResponseChannel& channel)
{
    const std::string& document = _factory.document();
    pipeline::ResponseHead& head = channel.responseHead();
    head.status = 200;
    head.addView("Content-Type", _factory.contentType());
    head.bodyLength = pipeline::BodyLength::Known;
    head.contentLength = document.size();
    channel.sendHead();
    channel.sendBody(document.data(), document.size());
    channel.finish();
}

} // namespace portico::runtime
