#include "config/ConfigLoader.h"

#include "config/ConsumersSectionParser.h"
#include "config/EnvExpander.h"
#include "config/LoadContext.h"
#include "config/RouteSectionParser.h"
#include "config/ServerSectionParser.h"
#include "config/UpstreamSectionParser.h"
#include "consumers/ConsumerIndex.h"

#include <portico/config/ElementReader.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

namespace portico::config
{

namespace
{

std::string absoluteDirectory(const std::string& directory)
{
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(
        directory.empty() ? std::filesystem::path(".") : std::filesystem::path(directory), error);
    if (error) return directory;
    std::string text = absolute.lexically_normal().string();
    // lexically_normal keeps a trailing separator ("/etc/portico/"); drop it so messages and
    // Config fields show one spelling.
    if (text.size() > 1 && (text.back() == '/' || text.back() == '\\')) text.pop_back();
    return text;
}

bool readWholeFile(const std::string& path, std::string& content, std::string& reason)
{
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
    {
        reason = "is a directory";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        reason = std::strerror(errno);
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
    {
        reason = std::strerror(errno);
        return false;
    }
    content = buffer.str();
    return true;
}

// Walks the root's children and hands each section to its parser.
class DocumentParser
{
public:
    DocumentParser(LoadContext& context, Config& config)
        : _context(context), _config(config), _server(context, config.server),
          _upstreams(context, config.upstreams), _consumers(context, config.consumers),
          _routes(context, config, config.routes)
    {
    }

    void parse(const pugi::xml_node& root)
    {
        ElementReader reader(_context, root, {});
        pugi::xml_node server, plugins, upstreams, consumers, store, redis, cacheStore, audit, routes,
            defaults;
        reader.forEachChild(
            [&](pugi::xml_node child)
            {
                const std::string_view name = child.name();
                if (name == "server")
                {
                    if (reader.once(child, server)) _server.parse(child);
                }
                else if (name == "plugins")
                {
                    if (reader.once(child, plugins)) parsePlugins(child);
                }
                else if (name == "upstreams")
                {
                    if (reader.once(child, upstreams)) _upstreams.parse(child);
                }
                else if (name == "store")
                {
                    if (reader.once(child, store)) parseStore(child);
                }
                else if (name == "redis")
                {
                    if (reader.once(child, redis)) parseRedis(child);
                }
                else if (name == "cacheStore")
                {
                    if (reader.once(child, cacheStore)) parseCacheStore(child);
                }
                else if (name == "consumers")
                {
                    if (reader.once(child, consumers)) _consumers.parse(child);
                }
                else if (name == "routes")
                {
                    reader.once(child, routes);
                }
                else if (name == "defaults")
                {
                    reader.once(child, defaults);
                }
                else if (name == "audit")
                {
                    if (reader.once(child, audit)) parseAudit(child);
                }
                else
                {
                    reader.unknownChild(child);
                }
            });
        if (!server)
            reader.error("<portico> needs a <server> with at least one <listener address=\"HOST:PORT\"/>");
        // Routes come last, wherever the file puts them: their policies use the sections above.
        _config.consumerIndex = std::make_shared<consumers::ConsumerIndex>(_config.consumers);
        // <defaults> apply to every route, wherever the file puts them.
        if (defaults) _routes.setDefaults(defaults);
        if (routes) _routes.parse(routes);
        _routes.resolveUpstreams(_config.upstreams);
    }

private:
    void parseStore(const pugi::xml_node& element)
    {
        ElementReader reader(_context, element, {"database"});
        reader.expectEmpty();
        if (reader.required("database")) reader.path("database", _config.store.database);
        _config.store.position = reader.position();
    }

    void parseAudit(const pugi::xml_node& element)
    {
        ElementReader reader(_context, element,
                             {"database", "node", "mode", "bodies", "bodyLimit", "redact", "retention"});
        reader.expectEmpty();
        AuditConfig& audit = _config.audit;
        audit.position = reader.position();
        if (const std::optional<std::string> database = reader.required("database"))
        {
            // A PostgreSQL URL is kept as written; anything else is a file.
            if (database->rfind("postgresql://", 0) == 0 || database->rfind("postgres://", 0) == 0)
                audit.database = *database;
            else
                reader.path("database", audit.database);
        }
        if (const std::optional<std::string> node = reader.text("node"))
        {
            if (node->empty())
                reader.error("node", "node names this gateway's chain in a shared audit database: not empty");
            audit.node = *node;
        }
        reader.choice("mode", audit.mode, {"async", "strict"});
        reader.choice("bodies", audit.bodies, {"none", "redacted", "full"});
        reader.size("bodyLimit", audit.bodyLimit, 1);
        if (const std::optional<std::string> names = reader.text("redact"))
        {
            for (std::size_t begin = 0; begin <= names->size();)
            {
                std::size_t end = names->find(',', begin);
                if (end == std::string::npos) end = names->size();
                std::string name = names->substr(begin, end - begin);
                name.erase(0, name.find_first_not_of(" \t"));
                name.erase(name.find_last_not_of(" \t") + 1);
                if (!name.empty()) audit.redact.push_back(name);
                begin = end + 1;
            }
            if (audit.bodies != "redacted")
                reader.error("redact", "redact names fields to mask in bodies=\"redacted\"; bodies is \"" +
                                           audit.bodies + "\"");
        }
        Duration retention{};
        if (reader.duration("retention", retention, false))
        {
            audit.retentionSeconds = std::chrono::duration_cast<std::chrono::seconds>(retention).count();
            if (audit.shared())
                reader.error("retention",
                             "retention applies to a SQLite audit file; in PostgreSQL, remove old rows "
                             "with the database's own tools (partitions or a scheduled DELETE)");
        }
    }

    void parseCacheStore(const pugi::xml_node& element)
    {
        ElementReader reader(_context, element, {"bytes"});
        reader.expectEmpty();
        if (reader.required("bytes")) reader.size("bytes", _config.cacheStore.bytes, 1024 * 1024);
    }

    void parseRedis(const pugi::xml_node& element)
    {
        ElementReader reader(_context, element, {"address", "password", "timeout", "failure"});
        reader.expectEmpty();
        RedisConfig& redis = _config.redis;
        redis.position = reader.position();
        if (const std::optional<std::string> address = reader.required("address"))
        {
            if (const std::optional<HostPort> endpoint = parseHostPort(*address))
            {
                redis.host = endpoint->host;
                redis.port = endpoint->port;
            }
            else
                reader.invalid("address", *address, "expected HOST:PORT");
        }
        if (const std::optional<std::string> password = reader.text("password")) redis.password = *password;
        reader.duration("timeout", redis.timeout, false);
        if (redis.timeout > std::chrono::seconds(10))
            reader.invalid("timeout", reader.text("timeout").value_or(""),
                           "at most 10s: requests wait this long when Redis does not answer");
        std::string failure = "open";
        if (reader.choice("failure", failure, {"open", "closed"})) redis.failOpen = failure == "open";
    }

    void parsePlugins(const pugi::xml_node& element)
    {
        ElementReader reader(_context, element, {"directory"});
        reader.forEachChild([&](pugi::xml_node child) { reader.unknownChild(child); });
        if (const std::optional<std::string> directory = reader.required("directory"))
            _config.plugins.directory = _context.resolvePath(*directory);
    }

    LoadContext& _context;
    Config& _config;
    ServerSectionParser _server;
    UpstreamSectionParser _upstreams;
    ConsumersSectionParser _consumers;
    RouteSectionParser _routes;
};

// Returns the root element, or reports why there is none usable.
pugi::xml_node checkDocument(LoadContext& context, const pugi::xml_document& document)
{
    // pugixml skips a DTD unless asked to keep it, and then leaves entity references as text;
    // refusing any DOCTYPE keeps entity tricks (billion laughs, external entities) out entirely.
    const pugi::xml_node doctype =
        document.find_node([](const pugi::xml_node& node) { return node.type() == pugi::node_doctype; });
    if (doctype)
    {
        context.error(context.position(doctype),
                      "<!DOCTYPE> is not allowed in a configuration file (no DTDs or entity declarations)");
        return {};
    }
    pugi::xml_node root;
    for (const pugi::xml_node& node : document.children())
    {
        if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata)
        {
            context.error(context.position(node), "unexpected text outside <portico>");
        }
        else if (node.type() == pugi::node_element)
        {
            if (root)
            {
                context.error(context.position(node), "unexpected element <" + std::string(node.name()) +
                                                          "> after the root element <portico>");
                continue;
            }
            root = node;
        }
    }
    if (root && std::string_view(root.name()) != "portico")
    {
        context.error(context.position(root),
                      "the root element must be <portico>, not <" + std::string(root.name()) + ">");
        return {};
    }
    return root;
}

} // namespace

LoadResult ConfigLoader::loadFile(const std::string& path)
{
    std::error_code error;
    std::filesystem::path absolute = std::filesystem::absolute(path, error);
    if (error) absolute = path;
    absolute = absolute.lexically_normal();

    std::string content;
    std::string reason;
    if (!readWholeFile(path, content, reason))
    {
        LoadResult result;
        result.errors.push_back(path + ":1:1: cannot read configuration file: " + reason);
        return result;
    }
    return load(content, path, absolute.string(), absoluteDirectory(absolute.parent_path().string()),
                nullptr);
}

LoadResult ConfigLoader::loadString(const std::string& xml, const std::string& fileName,
                                    const std::string& baseDirectory,
                                    const pipeline::PolicyRegistry* policies)
{
    return load(xml, fileName, fileName, absoluteDirectory(baseDirectory), policies);
}

LoadResult ConfigLoader::load(const std::string& xml, const std::string& displayName,
                              const std::string& absoluteFile, const std::string& baseDirectory,
                              const pipeline::PolicyRegistry* policies)
{
    LoadResult result;
    try
    {
        const EnvExpander expander;
        LoadContext context(displayName, baseDirectory, xml, expander);
        if (policies != nullptr) context.usePolicies(*policies);

        pugi::xml_document document;
        // encoding_utf8: no conversion, so offset_debug() offsets are offsets into xml itself.
        const pugi::xml_parse_result parsed = document.load_buffer(
            xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
        if (!parsed)
        {
            context.error(context.positionOfOffset(parsed.offset),
                          std::string("malformed XML: ") + parsed.description());
            result.errors = context.takeErrors();
            return result;
        }

        auto config = std::make_shared<Config>();
        config->file = absoluteFile;
        if (const pugi::xml_node root = checkDocument(context, document))
        {
            DocumentParser parser(context, *config);
            parser.parse(root);
        }
        if (context.hasErrors())
        {
            result.errors = context.takeErrors();
            return result;
        }
        result.config = std::move(config);
    }
    catch (const std::exception& exception)
    {
        // Only allocation failure can get here; callers are promised a result, never a throw.
        result.config.reset();
        result.errors.push_back(displayName + ":1:1: cannot load configuration: " + exception.what());
    }
    return result;
}

} // namespace portico::config
