#include "tcp/TcpConfig.h"

#include "tcp/FixedFraming.h"
#include "tcp/FramingParser.h"

#include <portico/config/ElementReader.h>

#include <cstring>
#include <map>

namespace portico::tcp
{

namespace
{

bool parseDocument(const std::string& xml, pugi::xml_document& document, std::vector<std::string>& errors)
{
    // parse_doctype makes a DOCTYPE visible, so that it can be refused instead of silently skipped.
    const pugi::xml_parse_result result =
        document.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype);
    if (!result)
    {
        errors.push_back("the <adapter> element is not well-formed XML: " +
                         std::string(result.description()));
        return false;
    }
    for (pugi::xml_node node : document.children())
    {
        if (node.type() == pugi::node_doctype)
        {
            errors.push_back("a DOCTYPE declaration is not allowed");
            return false;
        }
    }
    if (std::strcmp(document.document_element().name(), "adapter") != 0)
    {
        errors.push_back("expected an <adapter> element, found <" +
                         std::string(document.document_element().name()) + ">");
        return false;
    }
    return true;
}

using config::AdapterReaderContext;
using config::ElementReader;

void parsePool(pugi::xml_node element, PoolSettings& pool, AdapterReaderContext& context)
{
    ElementReader reader(context, element,
                         {"size", "connectTimeout", "timeout", "maxFails", "failTimeout", "inFlight"});
    reader.expectEmpty();
    std::uint64_t size = pool.size;
    if (reader.number("size", size, 1, 1024)) pool.size = static_cast<std::size_t>(size);
    reader.duration("connectTimeout", pool.connectTimeout, false);
    reader.duration("timeout", pool.timeout, false);
    reader.number("maxFails", pool.maxFails, 0, 1000);
    reader.duration("failTimeout", pool.failTimeout, false);
    std::uint64_t inFlight = pool.inFlight;
    if (reader.number("inFlight", inFlight, 1, 1000)) pool.inFlight = static_cast<std::size_t>(inFlight);
}

// Checks that need several elements at once: a fixed record and a fixed framing must agree.
void crossCheck(const TcpConfig& config, const std::map<std::string, pugi::xml_node>& children,
                AdapterReaderContext& context)
{
    if (!config.charset->singleByte())
    {
        return; // with UTF-8, a record's byte length depends on its text
    }
    const struct
    {
        const CodecConfig& codec;
        const char* element;
    } records[] = {{config.request, "request"}, {config.response, "response"}};
    for (const auto& record : records)
    {
        if (record.codec.kind != CodecConfig::Kind::Fixed)
        {
            continue;
        }
        const std::size_t length = record.codec.layout.length();
        const auto* fixed = dynamic_cast<const FixedFraming*>(config.framing.get());
        if (fixed != nullptr && fixed->frameBytes() != length)
        {
            context.error(context.position(children.at(record.element)),
                          "<" + std::string(record.element) + " codec=\"fixed\">: the record is " +
                              std::to_string(length) + " bytes, but <framing type=\"fixed\"> frames " +
                              std::to_string(fixed->frameBytes()));
        }
        else if (length > config.framing->maxBytes())
        {
            context.error(context.position(children.at(record.element)),
                          "<" + std::string(record.element) + " codec=\"fixed\">: the record is " +
                              std::to_string(length) + " bytes, more than the framing's maxBytes of " +
                              std::to_string(config.framing->maxBytes()));
        }
    }
}

} // namespace

bool TcpConfig::parse(const std::string& elementXml, TcpConfig& config, std::vector<std::string>& errors)
{
    plugin::AdapterConfig source;
    source.elementXml = elementXml;
    return parse(source, config, errors);
}

bool TcpConfig::parse(const plugin::AdapterConfig& source, TcpConfig& config,
                      std::vector<std::string>& errors)
{
    pugi::xml_document document;
    if (!parseDocument(source.elementXml, document, errors))
    {
        return false;
    }
    const pugi::xml_node adapter = document.document_element();
    AdapterReaderContext context(source, adapter, errors);
    const std::size_t errorsBefore = context.errorCount();
    ElementReader root(context, adapter, {"type"});

    std::map<std::string, pugi::xml_node> children;
    root.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string name = child.name();
            if (name != "endpoint" && name != "framing" && name != "charset" && name != "request" &&
                name != "response" && name != "pool" && name != "iso8583")
                root.unknownChild(
                    child, {"endpoint", "framing", "charset", "request", "response", "pool", "iso8583"});
            else
                root.once(child, children[name]);
        });

    if (children.count("endpoint") == 0)
    {
        root.error("missing <endpoint>HOST:PORT</endpoint> in <adapter>");
    }
    else
    {
        ElementReader reader(context, children["endpoint"], {});
        const std::string text = reader.content().value_or("");
        if (const std::optional<Endpoint> endpoint = ConfigValues::endpoint(text))
            config.endpoint = *endpoint;
        else
            reader.error("invalid <endpoint> '" + text +
                         "': expected HOST:PORT (a host name or address, and a port from 1 to 65535)");
    }

    if (children.count("charset") != 0)
    {
        ElementReader reader(context, children["charset"], {});
        const std::string name = reader.content().value_or("");
        config.charset = Charset::find(name);
        if (config.charset == nullptr)
        {
            reader.error("unknown <charset> '" + name + "' (supported: " + Charset::supportedNames() + ")");
            config.charset = &Charset::utf8();
        }
    }

    if (children.count("framing") == 0)
        root.error("missing <framing type=\"…\"/> in <adapter> (length-prefix, ascii-length, delimiter, mllp "
                   "or fixed)");
    else
        config.framing = FramingParser::parse(children["framing"], context);

    if (children.count("pool") != 0) parsePool(children["pool"], config.pool, context);

    for (const char* which : {"request", "response"})
    {
        if (children.count(which) == 0) continue; // text both ways by default
        const std::optional<CodecConfig> codec =
            CodecConfig::parse(children[which], *config.charset, context);
        if (codec) (std::strcmp(which, "request") == 0 ? config.request : config.response) = *codec;
    }

    const bool usesIso8583 = config.request.kind == CodecConfig::Kind::Iso8583 ||
                             config.response.kind == CodecConfig::Kind::Iso8583;
    if (children.count("iso8583") != 0)
    {
        if (!usesIso8583)
            context.error(context.position(children["iso8583"]),
                          "<iso8583> defines messages for codec=\"iso8583\", which neither <request> nor "
                          "<response> uses");
        else if (std::optional<Iso8583Spec> spec = Iso8583Spec::parse(children["iso8583"], context))
            config.iso8583 = std::make_shared<const Iso8583Spec>(std::move(*spec));
    }
    else if (usesIso8583)
    {
        Iso8583Spec spec;
        spec.fields = Iso8583Spec::iso1987();
        config.iso8583 = std::make_shared<const Iso8583Spec>(std::move(spec));
    }

    // Replies matched by key: only ISO 8583 messages carry one (the STAN).
    if (config.pool.inFlight > 1 && (config.request.kind != CodecConfig::Kind::Iso8583 ||
                                     config.response.kind != CodecConfig::Kind::Iso8583 ||
                                     (config.iso8583 && config.iso8583->stanField == 0)))
        context.error(context.position(children["pool"]),
                      "<pool inFlight=\"" + std::to_string(config.pool.inFlight) +
                          "\">: several requests on one connection need replies matched to them, which "
                          "codec=\"iso8583\" both ways does by the STAN (<iso8583 stan> not 0)");

    if (context.errorCount() == errorsBefore && config.framing != nullptr)
        crossCheck(config, children, context);
    return context.errorCount() == errorsBefore;
}

} // namespace portico::tcp
