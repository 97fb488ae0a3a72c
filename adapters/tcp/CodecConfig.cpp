#include "tcp/CodecConfig.h"

#include "tcp/FieldParser.h"

#include <portico/config/ElementReader.h>

#include <cstring>

namespace portico::tcp
{

std::optional<CodecConfig> CodecConfig::parse(pugi::xml_node element, const Charset& charset,
                                              config::AdapterReaderContext& context)
{
    const std::size_t errorsBefore = context.errorCount();
    CodecConfig codec;
    const std::string written = element.attribute("codec") ? element.attribute("codec").value() : "text";
    config::ElementReader reader(
        context, element, "<" + std::string(element.name()) + " codec=\"" + written + "\">", {"codec"});
    if (!reader.choice<Kind>("codec", codec.kind,
                             {{"text", Kind::Text},
                              {"fixed", Kind::Fixed},
                              {"hl7v2", Kind::Hl7v2},
                              {"iso8583", Kind::Iso8583}}) &&
        reader.has("codec"))
    {
        return std::nullopt;
    }
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            if (std::strcmp(child.name(), "field") != 0)
            {
                reader.unknownChild(child, {"field"});
                return;
            }
            if (codec.kind != Kind::Fixed)
            {
                context.error(context.position(child),
                              "<field> in " + reader.tag() + ": fields belong to codec=\"fixed\" only");
                return;
            }
            std::optional<FixedField> field = FieldParser::parse(child, charset, context);
            if (!field) return;
            if (codec.layout.find(field->name) != nullptr)
            {
                context.error(context.position(child),
                              "field '" + field->name + "' is defined twice in " + reader.tag());
                return;
            }
            codec.layout.fields.push_back(std::move(*field));
        });
    if (codec.kind == Kind::Fixed && codec.layout.fields.empty() && context.errorCount() == errorsBefore)
        reader.error("a fixed record needs at least one <field> in " + reader.tag());
    if (context.errorCount() != errorsBefore) return std::nullopt;
    return codec;
}

} // namespace portico::tcp
