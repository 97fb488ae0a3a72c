#include "headers/HeadersPolicy.h"

#include "config/LoadContext.h"
#include "http/HeaderRules.h"
#include "pipeline/Exchange.h"
#include "pipeline/ResponseHead.h"
#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <algorithm>

namespace portico::headers
{

namespace
{

// Fields that frame the message or belong to one hop: changing them would desynchronise the
// connection or lie about the body. X-Request-Id is the gateway's own, written by it.
bool reservedName(std::string_view name)
{
    static constexpr std::string_view reserved[] = {"content-length", "host", "x-request-id"};
    if (http::isHopByHopHeader(name))
    {
        return true;
    }
    return std::any_of(std::begin(reserved), std::end(reserved),
                       [name](std::string_view candidate)
                       { return util::equalsIgnoreCase(name, candidate); });
}

bool parseEdits(config::LoadContext& context, const pugi::xml_node& block,
                const std::vector<std::string>& pathParameters, std::vector<HeaderEdit>& edits)
{
    bool ok = true;
    config::ElementReader reader(context, block, {});
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string_view tag = child.name();
            HeaderEdit edit;
            if (tag == "set")
                edit.kind = HeaderEdit::Kind::Set;
            else if (tag == "add")
                edit.kind = HeaderEdit::Kind::Add;
            else if (tag == "remove")
                edit.kind = HeaderEdit::Kind::Remove;
            else
            {
                reader.unknownChild(child);
                ok = false;
                return;
            }
            const bool takesValue = edit.kind != HeaderEdit::Kind::Remove;
            config::ElementReader editReader(context, child,
                                             takesValue
                                                 ? std::initializer_list<std::string_view>{"name", "value"}
                                                 : std::initializer_list<std::string_view>{"name"});
            editReader.forEachChild([&](pugi::xml_node nested) { editReader.unknownChild(nested); });
            const std::optional<std::string> name = editReader.required("name");
            if (!name)
            {
                ok = false;
                return;
            }
            if (!config::isHttpToken(*name))
            {
                editReader.invalid("name", *name, "expected a header field name such as X-Api-Version");
                ok = false;
                return;
            }
            if (reservedName(*name))
            {
                editReader.error("name",
                                 "<headers> cannot change '" + *name +
                                     "': framing, hop-by-hop and request-id fields are the gateway's own");
                ok = false;
                return;
            }
            edit.name = *name;
            if (takesValue)
            {
                const std::optional<std::string> value =
                    editReader.has("value") ? editReader.text("value") : editReader.required("value");
                if (!value)
                {
                    ok = false;
                    return;
                }
                std::string error;
                if (!HeaderValueTemplate::parse(*value, pathParameters, edit.value, error))
                {
                    editReader.invalid("value", *value, error);
                    ok = false;
                    return;
                }
            }
            edits.push_back(std::move(edit));
        });
    return ok;
}

void applyToRequest(const HeaderEdit& edit, pipeline::Exchange& exchange, std::string& scratch)
{
    std::vector<http::HeaderField>& fields = exchange.request.headers;
    if (edit.kind != HeaderEdit::Kind::Add)
    {
        fields.erase(std::remove_if(fields.begin(), fields.end(),
                                    [&edit](const http::HeaderField& field)
                                    { return util::equalsIgnoreCase(field.name, edit.name); }),
                     fields.end());
    }
    if (edit.kind == HeaderEdit::Kind::Remove)
    {
        return;
    }
    std::string_view value;
    if (edit.value.constant())
    {
        value = edit.value.text(); // lives as long as the policy, which outlives the exchange
    }
    else
    {
        edit.value.expand(exchange, scratch);
        value = exchange.arena.copy(scratch);
    }
    fields.push_back({edit.name, value});
}

void applyToResponse(const HeaderEdit& edit, const pipeline::Exchange& exchange, pipeline::ResponseHead& head,
                     std::string& scratch)
{
    if (edit.kind == HeaderEdit::Kind::Remove)
    {
        head.remove(edit.name);
        return;
    }
    std::string_view value;
    if (edit.value.constant())
    {
        value = edit.value.text();
    }
    else
    {
        edit.value.expand(exchange, scratch);
        value = head.keep(scratch);
    }
    if (edit.kind == HeaderEdit::Kind::Set)
    {
        head.remove(edit.name);
    }
    head.addView(edit.name, value);
}

// Per-loop scratch space for expanding values, so a request allocates nothing once warm.
thread_local std::string scratchValue;

} // namespace

std::shared_ptr<const pipeline::Policy> HeadersPolicy::build(const pipeline::PolicyElement& input)
{
    config::ElementReader reader(input.context, input.element, {});
    std::vector<HeaderEdit> request;
    std::vector<HeaderEdit> response;
    bool ok = true;
    pugi::xml_node requestBlock;
    pugi::xml_node responseBlock;
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string_view tag = child.name();
            if (tag == "request")
            {
                if (reader.once(child, requestBlock))
                    ok = parseEdits(input.context, child, input.pathParameters, request) && ok;
            }
            else if (tag == "response")
            {
                if (reader.once(child, responseBlock))
                    ok = parseEdits(input.context, child, input.pathParameters, response) && ok;
            }
            else
            {
                reader.unknownChild(child);
                ok = false;
            }
        });
    if (!ok)
    {
        return nullptr;
    }
    return std::make_shared<HeadersPolicy>(std::move(request), std::move(response));
}

pipeline::Verdict HeadersPolicy::onRequest(pipeline::RequestContext& context) const
{
    pipeline::Exchange& exchange = context.exchange();
    for (const HeaderEdit& edit : _request)
    {
        applyToRequest(edit, exchange, scratchValue);
    }
    return pipeline::Verdict::Next;
}

pipeline::Verdict HeadersPolicy::onResponseHead(pipeline::ResponseContext& context) const
{
    const pipeline::Exchange& exchange = context.exchange();
    pipeline::ResponseHead& head = context.head();
    for (const HeaderEdit& edit : _response)
    {
        applyToResponse(edit, exchange, head, scratchValue);
    }
    return pipeline::Verdict::Next;
}

void registerHeadersModule(pipeline::PolicyRegistry& registry)
{
    registry.add("headers", pipeline::Slot::Transforms, &HeadersPolicy::build);
}

} // namespace portico::headers
