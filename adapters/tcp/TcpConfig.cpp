#include "tcp/TcpConfig.h"

#include "tcp/ConfigReader.h"
#include "tcp/FixedFraming.h"
#include "tcp/FramingParser.h"

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

void parsePool(pugi::xml_node element, PoolSettings& pool, std::vector<std::string>& errors)
{
    ConfigReader reader(element, errors);
    reader.allowAttributes({"size", "connectTimeout", "timeout"});
    reader.expectEmpty();
    const PoolSettings defaults;
    if (const std::optional<std::uint64_t> size = reader.number("size", defaults.size, 1, 1024))
    {
        pool.size = static_cast<std::size_t>(*size);
    }
    if (const std::optional<std::chrono::milliseconds> connect =
            reader.duration("connectTimeout", defaults.connectTimeout))
    {
        pool.connectTimeout = *connect;
    }
    if (const std::optional<std::chrono::milliseconds> timeout = reader.duration("timeout", defaults.timeout))
    {
        pool.timeout = *timeout;
    }
}

// Checks that need several elements at once: a fixed record and a fixed framing must agree.
void crossCheck(const TcpConfig& config, std::vector<std::string>& errors)
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
            errors.push_back("<" + std::string(record.element) + " codec=\"fixed\">: the record is " +
                             std::to_string(length) + " bytes, but <framing type=\"fixed\"> frames " +
                             std::to_string(fixed->frameBytes()));
        }
        else if (length > config.framing->maxBytes())
        {
            errors.push_back("<" + std::string(record.element) + " codec=\"fixed\">: the record is " +
                             std::to_string(length) + " bytes, more than the framing's maxBytes of " +
                             std::to_string(config.framing->maxBytes()));
        }
    }
}

} // namespace

bool TcpConfig::parse(const std::string& elementXml, TcpConfig& config, std::vector<std::string>& errors)
{
    const std::size_t errorsBefore = errors.size();
    pugi::xml_document document;
    if (!parseDocument(elementXml, document, errors))
    {
        return false;
    }
    const pugi::xml_node adapter = document.document_element();
    ConfigReader root(adapter, errors);
    root.allowAttributes({"type"});

    std::map<std::string, pugi::xml_node> children;
    for (pugi::xml_node child : adapter.children())
    {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
        {
            root.error("unexpected text \"" + std::string(child.value()) + "\"");
            continue;
        }
        if (child.type() != pugi::node_element)
        {
            continue;
        }
        const std::string name = child.name();
        if (name != "endpoint" && name != "framing" && name != "charset" && name != "request" &&
            name != "response" && name != "pool")
        {
            root.error("unknown element <" + name +
                       "> (expected endpoint, framing, charset, request, response or pool)");
            continue;
        }
        if (!children.emplace(name, child).second)
        {
            root.error("<" + name + "> is given more than once");
        }
    }

    if (children.count("endpoint") == 0)
    {
        root.error("<endpoint>HOST:PORT</endpoint> is required");
    }
    else
    {
        ConfigReader reader(children["endpoint"], errors);
        const std::string text = reader.text();
        if (const std::optional<Endpoint> endpoint = ConfigValues::endpoint(text))
        {
            config.endpoint = *endpoint;
        }
        else
        {
            reader.error("\"" + text +
                         "\" is not HOST:PORT (a host name or address, and a port from 1 to 65535)");
        }
    }

    if (children.count("charset") != 0)
    {
        ConfigReader reader(children["charset"], errors);
        const std::string name = reader.text();
        config.charset = Charset::find(name);
        if (config.charset == nullptr)
        {
            reader.error("unknown charset \"" + name + "\" (supported: " + Charset::supportedNames() + ")");
            config.charset = &Charset::utf8();
        }
    }

    if (children.count("framing") == 0)
    {
        root.error(
            "<framing type=\"…\"/> is required (length-prefix, ascii-length, delimiter, mllp or fixed)");
    }
    else
    {
        config.framing = FramingParser::parse(children["framing"], errors);
    }

    if (children.count("pool") != 0)
    {
        parsePool(children["pool"], config.pool, errors);
    }

    for (const char* which : {"request", "response"})
    {
        if (children.count(which) == 0)
        {
            continue; // text both ways by default
        }
        const std::optional<CodecConfig> codec = CodecConfig::parse(children[which], *config.charset, errors);
        if (codec)
        {
            (std::strcmp(which, "request") == 0 ? config.request : config.response) = *codec;
        }
    }

    if (errors.size() == errorsBefore && config.framing != nullptr)
    {
        crossCheck(config, errors);
    }
    return errors.size() == errorsBefore;
}

} // namespace portico::tcp
