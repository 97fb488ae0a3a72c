#pragma once

// <headers>: request and response header rewriting on one route. The request edits run before
// the handler (so upstreams and adapters see them); the response edits run on every answer of
// the route once the request got this far, gateway-made ones included.

#include "headers/HeaderValueTemplate.h"
#include "pipeline/Policy.h"
#include "pipeline/PolicyRegistry.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::headers
{

struct HeaderEdit
{
    enum class Kind
    {
        Set,    // replace every field of that name with one
        Add,    // append a field, keeping those already there
        Remove, // drop every field of that name
    };
    Kind kind = Kind::Set;
    std::string name;
    HeaderValueTemplate value;
};

class HeadersPolicy final : public pipeline::Policy
{
public:
    HeadersPolicy(std::vector<HeaderEdit> request, std::vector<HeaderEdit> response)
        : _request(std::move(request)), _response(std::move(response))
    {
    }

    // Parses a <headers> element; nullptr after reporting the errors.
    static std::shared_ptr<const pipeline::Policy> build(const pipeline::PolicyElement& element);

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;
    pipeline::Verdict onResponseHead(pipeline::ResponseContext& context) const override;

    const std::vector<HeaderEdit>& requestEdits() const { return _request; }
    const std::vector<HeaderEdit>& responseEdits() const { return _response; }

private:
    std::vector<HeaderEdit> _request;
    std::vector<HeaderEdit> _response;
};

// Registers <headers> in the transforms slot.
void registerHeadersModule(pipeline::PolicyRegistry& registry);

} // namespace portico::headers
