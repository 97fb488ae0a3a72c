// A minimal adapter plugin to copy: adapter type "example", configured with an optional
// <greeting>, answering every request with a small JSON document. It shows the whole contract:
// the exported entry points, a factory that validates its configuration, and an adapter whose
// handle() answers through the Responder without blocking.

#include <portico/config/AdapterReaderContext.h>
#include <portico/config/ElementReader.h>
#include <portico/plugin/PluginAbi.h>

#include <boost/dll/alias.hpp>
#include <pugixml.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace
{

using namespace portico::plugin;
using portico::config::AdapterReaderContext;
using portico::config::ElementReader;

std::string jsonString(const std::string& text)
{
    std::string out = "\"";
    for (char c : text)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
        }
        if (static_cast<unsigned char>(c) >= 0x20)
        {
            out += c;
        }
    }
    return out + "\"";
}

class ExampleAdapter final : public Adapter
{
public:
    explicit ExampleAdapter(std::string greeting) : _greeting(std::move(greeting)) {}

    void handle(std::shared_ptr<const Request> request, std::shared_ptr<Responder> responder) override
    {
        // Nothing here blocks, so the answer is given at once. An adapter that must wait for a
        // back end calls HostServices::http() or submit() and answers from the callback.
        std::string params = "{";
        for (std::size_t i = 0; i < request->pathParams.size(); ++i)
        {
            params += (i == 0 ? "" : ",") + jsonString(request->pathParams[i].first) + ":" +
                      jsonString(request->pathParams[i].second);
        }
        params += "}";
        std::string headers = "{";
        for (std::size_t i = 0; i < request->headers.size(); ++i)
        {
            headers += (i == 0 ? "" : ",") + jsonString(request->headers[i].name) + ":" +
                       jsonString(request->headers[i].value);
        }
        headers += "}";
        Response response;
        response.headers.push_back({"Content-Type", "application/json"});
        response.body =
            "{\"greeting\":" + jsonString(_greeting) + ",\"method\":" + jsonString(request->method) +
            ",\"path\":" + jsonString(request->path) + ",\"params\":" + params + ",\"headers\":" + headers +
            ",\"bodyBytes\":" + std::to_string(request->body.size()) + "}";
        responder->respond(std::move(response));
    }

    std::string openApiPathItem(const std::string&) const override { return ""; }

private:
    const std::string _greeting;
};

class ExampleFactory final : public AdapterFactory
{
public:
    std::string type() const override { return "example"; }
    std::string description() const override { return "answers with a greeting and what it received"; }

    std::unique_ptr<Adapter> create(const AdapterConfig& config, HostServices&,
                                    std::vector<std::string>& errors) override
    {
        pugi::xml_document document;
        if (!document.load_buffer(config.elementXml.data(), config.elementXml.size()))
        {
            errors.push_back("the <adapter> element is not well-formed XML");
            return nullptr;
        }
        // The SDK's reader: the gateway's wording, and each error at the line and column where the
        // user wrote the node concerned.
        AdapterReaderContext context(config, document.document_element(), errors);
        const std::size_t errorsBefore = context.errorCount();
        ElementReader adapter(context, document.document_element(), {"type"});
        std::string greeting = "Hello";
        pugi::xml_node greetingElement;
        adapter.forEachChild(
            [&](pugi::xml_node child)
            {
                if (std::string_view(child.name()) != "greeting")
                    adapter.unknownChild(child, {"greeting"});
                else if (adapter.once(child, greetingElement))
                {
                    ElementReader reader(context, child, {});
                    greeting = reader.content().value_or("");
                    if (greeting.empty()) reader.error("<greeting> must not be empty");
                }
            });
        if (context.errorCount() != errorsBefore) return nullptr;
        return std::make_unique<ExampleAdapter>(greeting);
    }
};

class ExamplePlugin final : public Plugin
{
public:
    std::string name() const override { return "example"; }
    std::string version() const override { return "1.0.0"; }
    std::vector<AdapterFactory*> adapters() override { return {&_factory}; }

private:
    ExampleFactory _factory;
};

Plugin* createExamplePlugin()
{
    return new ExamplePlugin();
}

} // namespace

PORTICO_PLUGIN_EXPORT(createExamplePlugin)
