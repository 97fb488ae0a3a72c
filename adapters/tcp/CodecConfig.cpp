#include "tcp/CodecConfig.h"

#include "tcp/ConfigReader.h"
#include "tcp/FieldParser.h"

#include <cstring>

namespace portico::tcp
{

std::optional<CodecConfig> CodecConfig::parse(pugi::xml_node element, const Charset& charset,
                                              std::vector<std::string>& errors)
{
    const std::size_t errorsBefore = errors.size();
    ConfigReader reader(element, errors);
    reader.allowAttributes({"codec"});
    const std::optional<std::string> codec = reader.choice("codec", "text", {"text", "fixed", "hl7v2"});
    if (!codec)
    {
        return std::nullopt;
    }
    CodecConfig config;
    config.kind = *codec == "fixed" ? Kind::Fixed : *codec == "hl7v2" ? Kind::Hl7v2 : Kind::Text;
    reader.setLabel("<" + std::string(element.name()) + " codec=\"" + *codec + "\">");
    for (pugi::xml_node child : element.children())
    {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
        {
            reader.error("unexpected text \"" + std::string(child.value()) + "\"");
            continue;
        }
        if (child.type() != pugi::node_element)
        {
            continue;
        }
        if (std::strcmp(child.name(), "field") != 0)
        {
            reader.error("unexpected element <" + std::string(child.name()) + "> (expected <field>)");
            continue;
        }
        if (config.kind != Kind::Fixed)
        {
            reader.error("<field> belongs to codec=\"fixed\" only");
            continue;
        }
        std::optional<FixedField> field = FieldParser::parse(child, charset, errors);
        if (!field)
        {
            continue;
        }
        if (config.layout.find(field->name) != nullptr)
        {
            reader.error("field '" + field->name + "' is defined twice");
            continue;
        }
        config.layout.fields.push_back(std::move(*field));
    }
    if (config.kind == Kind::Fixed && config.layout.fields.empty() && errors.size() == errorsBefore)
    {
        reader.error("a fixed record needs at least one <field>");
    }
    if (errors.size() != errorsBefore)
    {
        return std::nullopt;
    }
    return config;
}

} // namespace portico::tcp
