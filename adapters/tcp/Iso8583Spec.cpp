#include "tcp/Iso8583Spec.h"

#include <portico/config/ElementReader.h>

#include <cctype>
#include <cstring>

namespace portico::tcp
{

namespace
{

using Type = Iso8583Field::Type;
using Prefix = Iso8583Field::Prefix;
using config::ElementReader;

struct Row
{
    int number;
    Type type;
    Prefix prefix;
    std::size_t size;
};

// ISO 8583:1987, as the standard defines it (binary sizes in bytes). Fields the standard reserves
// (for ISO, national or private use) are "ans ...999", the form networks most often give them.
constexpr Row iso1987Rows[] = {
    {1, Type::B, Prefix::Fixed, 8},     {2, Type::N, Prefix::LL, 19},
    {3, Type::N, Prefix::Fixed, 6},     {4, Type::N, Prefix::Fixed, 12},
    {5, Type::N, Prefix::Fixed, 12},    {6, Type::N, Prefix::Fixed, 12},
    {7, Type::N, Prefix::Fixed, 10},    {8, Type::N, Prefix::Fixed, 8},
    {9, Type::N, Prefix::Fixed, 8},     {10, Type::N, Prefix::Fixed, 8},
    {11, Type::N, Prefix::Fixed, 6},    {12, Type::N, Prefix::Fixed, 6},
    {13, Type::N, Prefix::Fixed, 4},    {14, Type::N, Prefix::Fixed, 4},
    {15, Type::N, Prefix::Fixed, 4},    {16, Type::N, Prefix::Fixed, 4},
    {17, Type::N, Prefix::Fixed, 4},    {18, Type::N, Prefix::Fixed, 4},
    {19, Type::N, Prefix::Fixed, 3},    {20, Type::N, Prefix::Fixed, 3},
    {21, Type::N, Prefix::Fixed, 3},    {22, Type::N, Prefix::Fixed, 3},
    {23, Type::N, Prefix::Fixed, 3},    {24, Type::N, Prefix::Fixed, 3},
    {25, Type::N, Prefix::Fixed, 2},    {26, Type::N, Prefix::Fixed, 2},
    {27, Type::N, Prefix::Fixed, 1},    {28, Type::XN, Prefix::Fixed, 9},
    {29, Type::XN, Prefix::Fixed, 9},   {30, Type::XN, Prefix::Fixed, 9},
    {31, Type::XN, Prefix::Fixed, 9},   {32, Type::N, Prefix::LL, 11},
    {33, Type::N, Prefix::LL, 11},      {34, Type::NS, Prefix::LL, 28},
    {35, Type::Z, Prefix::LL, 37},      {36, Type::N, Prefix::LLL, 104},
    {37, Type::AN, Prefix::Fixed, 12},  {38, Type::AN, Prefix::Fixed, 6},
    {39, Type::AN, Prefix::Fixed, 2},   {40, Type::AN, Prefix::Fixed, 3},
    {41, Type::ANS, Prefix::Fixed, 8},  {42, Type::ANS, Prefix::Fixed, 15},
    {43, Type::ANS, Prefix::Fixed, 40}, {44, Type::AN, Prefix::LL, 25},
    {45, Type::AN, Prefix::LL, 76},     {46, Type::AN, Prefix::LLL, 999},
    {47, Type::AN, Prefix::LLL, 999},   {48, Type::AN, Prefix::LLL, 999},
    {49, Type::AN, Prefix::Fixed, 3},   {50, Type::AN, Prefix::Fixed, 3},
    {51, Type::AN, Prefix::Fixed, 3},   {52, Type::B, Prefix::Fixed, 8},
    {53, Type::N, Prefix::Fixed, 16},   {54, Type::AN, Prefix::LLL, 120},
    {55, Type::ANS, Prefix::LLL, 999},  {56, Type::ANS, Prefix::LLL, 999},
    {57, Type::ANS, Prefix::LLL, 999},  {58, Type::ANS, Prefix::LLL, 999},
    {59, Type::ANS, Prefix::LLL, 999},  {60, Type::ANS, Prefix::LLL, 999},
    {61, Type::ANS, Prefix::LLL, 999},  {62, Type::ANS, Prefix::LLL, 999},
    {63, Type::ANS, Prefix::LLL, 999},  {64, Type::B, Prefix::Fixed, 8},
    {65, Type::B, Prefix::Fixed, 1},    {66, Type::N, Prefix::Fixed, 1},
    {67, Type::N, Prefix::Fixed, 2},    {68, Type::N, Prefix::Fixed, 3},
    {69, Type::N, Prefix::Fixed, 3},    {70, Type::N, Prefix::Fixed, 3},
    {71, Type::N, Prefix::Fixed, 4},    {72, Type::N, Prefix::Fixed, 4},
    {73, Type::N, Prefix::Fixed, 6},    {74, Type::N, Prefix::Fixed, 10},
    {75, Type::N, Prefix::Fixed, 10},   {76, Type::N, Prefix::Fixed, 10},
    {77, Type::N, Prefix::Fixed, 10},   {78, Type::N, Prefix::Fixed, 10},
    {79, Type::N, Prefix::Fixed, 10},   {80, Type::N, Prefix::Fixed, 10},
    {81, Type::N, Prefix::Fixed, 10},   {82, Type::N, Prefix::Fixed, 12},
    {83, Type::N, Prefix::Fixed, 12},   {84, Type::N, Prefix::Fixed, 12},
    {85, Type::N, Prefix::Fixed, 12},   {86, Type::N, Prefix::Fixed, 16},
    {87, Type::N, Prefix::Fixed, 16},   {88, Type::N, Prefix::Fixed, 16},
    {89, Type::N, Prefix::Fixed, 16},   {90, Type::N, Prefix::Fixed, 42},
    {91, Type::AN, Prefix::Fixed, 1},   {92, Type::AN, Prefix::Fixed, 2},
    {93, Type::AN, Prefix::Fixed, 5},   {94, Type::AN, Prefix::Fixed, 7},
    {95, Type::AN, Prefix::Fixed, 42},  {96, Type::B, Prefix::Fixed, 8},
    {97, Type::XN, Prefix::Fixed, 17},  {98, Type::ANS, Prefix::Fixed, 25},
    {99, Type::N, Prefix::LL, 11},      {100, Type::N, Prefix::LL, 11},
    {101, Type::ANS, Prefix::LL, 17},   {102, Type::ANS, Prefix::LL, 28},
    {103, Type::ANS, Prefix::LL, 28},   {104, Type::ANS, Prefix::LLL, 100},
    {105, Type::ANS, Prefix::LLL, 999}, {106, Type::ANS, Prefix::LLL, 999},
    {107, Type::ANS, Prefix::LLL, 999}, {108, Type::ANS, Prefix::LLL, 999},
    {109, Type::ANS, Prefix::LLL, 999}, {110, Type::ANS, Prefix::LLL, 999},
    {111, Type::ANS, Prefix::LLL, 999}, {112, Type::ANS, Prefix::LLL, 999},
    {113, Type::ANS, Prefix::LLL, 999}, {114, Type::ANS, Prefix::LLL, 999},
    {115, Type::ANS, Prefix::LLL, 999}, {116, Type::ANS, Prefix::LLL, 999},
    {117, Type::ANS, Prefix::LLL, 999}, {118, Type::ANS, Prefix::LLL, 999},
    {119, Type::ANS, Prefix::LLL, 999}, {120, Type::ANS, Prefix::LLL, 999},
    {121, Type::ANS, Prefix::LLL, 999}, {122, Type::ANS, Prefix::LLL, 999},
    {123, Type::ANS, Prefix::LLL, 999}, {124, Type::ANS, Prefix::LLL, 999},
    {125, Type::ANS, Prefix::LLL, 999}, {126, Type::ANS, Prefix::LLL, 999},
    {127, Type::ANS, Prefix::LLL, 999}, {128, Type::B, Prefix::Fixed, 8},
};

std::array<Iso8583Field, Iso8583Spec::highestField + 1> buildIso1987()
{
    std::array<Iso8583Field, Iso8583Spec::highestField + 1> fields{};
    for (const Row& row : iso1987Rows)
    {
        Iso8583Field& field = fields[static_cast<std::size_t>(row.number)];
        field.defined = true;
        field.type = row.type;
        field.prefix = row.prefix;
        field.size = row.size;
    }
    return fields;
}

const std::initializer_list<std::pair<std::string_view, Iso8583Spec::Digits>> digitChoices = {
    {"ascii", Iso8583Spec::Digits::Ascii},
    {"ebcdic", Iso8583Spec::Digits::Ebcdic},
    {"bcd", Iso8583Spec::Digits::Bcd}};

bool isMti(const std::string& text)
{
    if (text.size() != 4) return false;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

void parseField(pugi::xml_node element, Iso8583Spec& spec, config::AdapterReaderContext& context)
{
    ElementReader reader(context, element, {"number", "type", "length", "max", "prefix"});
    reader.expectEmpty();
    unsigned number = 0;
    if (!reader.has("number"))
    {
        reader.error("missing attribute 'number' on <field>");
        return;
    }
    if (!reader.number("number", number, 2, Iso8583Spec::highestField)) return;
    Iso8583Field field;
    field.defined = true;
    if (!reader.has("type"))
        reader.error("missing attribute 'type' on <field> (n, a, an, ans, ns, z, x+n or b)");
    reader.choice<Type>("type", field.type,
                        {{"n", Type::N},
                         {"a", Type::A},
                         {"an", Type::AN},
                         {"ans", Type::ANS},
                         {"ns", Type::NS},
                         {"z", Type::Z},
                         {"x+n", Type::XN},
                         {"b", Type::B}});
    reader.choice<Prefix>("prefix", field.prefix, {{"LL", Prefix::LL}, {"LLL", Prefix::LLL}});
    unsigned size = 0;
    if (field.prefix == Prefix::Fixed)
    {
        if (reader.has("max"))
            reader.error("'max' on <field> is for variable fields (prefix=\"LL\" or \"LLL\"); use 'length'");
        if (!reader.has("length"))
            reader.error("missing attribute 'length' on <field> (or prefix=\"LL\"/\"LLL\" and 'max')");
        else if (reader.number("length", size, 1, 999))
            field.size = size;
    }
    else
    {
        if (reader.has("length"))
            reader.error("'length' on <field> is for fixed fields; a variable one takes 'max'");
        const unsigned limit = field.prefix == Prefix::LL ? 99 : 999;
        if (!reader.has("max"))
            reader.error("missing attribute 'max' on <field prefix=\"" +
                         std::string(field.prefix == Prefix::LL ? "LL" : "LLL") + "\">");
        else if (reader.number("max", size, 1, limit))
            field.size = size;
    }
    spec.fields[number] = field;
}

void parseResponseCode(pugi::xml_node element, Iso8583Spec& spec, config::AdapterReaderContext& context)
{
    ElementReader reader(context, element, {"field", "otherwise"});
    unsigned field = static_cast<unsigned>(spec.responseCodeField);
    if (reader.number("field", field, 2, Iso8583Spec::highestField))
        spec.responseCodeField = static_cast<int>(field);
    unsigned otherwise = static_cast<unsigned>(spec.otherwiseStatus);
    if (reader.number("otherwise", otherwise, 200, 599)) spec.otherwiseStatus = static_cast<int>(otherwise);
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            if (std::strcmp(child.name(), "code") != 0)
            {
                reader.unknownChild(child, {"code"});
                return;
            }
            ElementReader code(context, child, {"value", "status"});
            code.expectEmpty();
            const std::optional<std::string> value = code.required("value");
            unsigned status = 0;
            if (!code.has("status")) code.error("missing attribute 'status' on <code>");
            if (!value || !code.number("status", status, 200, 599)) return;
            if (!spec.statusByCode.emplace(*value, static_cast<int>(status)).second)
                code.error("response code '" + *value + "' is mapped twice");
        });
}

} // namespace

const std::array<Iso8583Field, Iso8583Spec::highestField + 1>& Iso8583Spec::iso1987()
{
    static const std::array<Iso8583Field, highestField + 1> fields = buildIso1987();
    return fields;
}

int Iso8583Spec::statusFor(const std::string* code) const
{
    if (code == nullptr) return otherwiseStatus;
    const auto found = statusByCode.find(*code);
    return found != statusByCode.end() ? found->second : otherwiseStatus;
}

std::optional<Iso8583Spec> Iso8583Spec::parse(pugi::xml_node element, config::AdapterReaderContext& context)
{
    const std::size_t errorsBefore = context.errorCount();
    Iso8583Spec spec;
    spec.fields = iso1987();
    ElementReader reader(context, element,
                         {"mti", "encoding", "mtiEncoding", "bitmap", "numbers", "text", "lengths", "stan"});
    // One word for the usual combinations, each part adjustable after it.
    std::string encoding = "ascii";
    reader.choice("encoding", encoding, {"ascii", "ebcdic", "bcd"});
    if (encoding == "ebcdic")
    {
        spec.mti = spec.numbers = spec.lengths = Digits::Ebcdic;
        spec.text = Characters::Ebcdic;
    }
    else if (encoding == "bcd")
    {
        spec.mti = spec.numbers = spec.lengths = Digits::Bcd;
    }
    reader.choice<Digits>("mtiEncoding", spec.mti, digitChoices);
    reader.choice<Digits>("numbers", spec.numbers, digitChoices);
    reader.choice<Digits>("lengths", spec.lengths, digitChoices);
    reader.choice<Characters>("text", spec.text,
                              {{"ascii", Characters::Ascii}, {"ebcdic", Characters::Ebcdic}});
    reader.choice<Bitmap>("bitmap", spec.bitmap, {{"binary", Bitmap::Binary}, {"hex", Bitmap::Hex}});
    if (const std::optional<std::string> mti = reader.text("mti"))
    {
        if (isMti(*mti))
            spec.defaultMti = *mti;
        else
            reader.invalid("mti", *mti, "expected four digits such as 0200");
    }
    unsigned stan = static_cast<unsigned>(spec.stanField);
    if (reader.number("stan", stan, 0, highestField)) spec.stanField = static_cast<int>(stan);
    pugi::xml_node responseCode;
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string name = child.name();
            if (name == "field")
                parseField(child, spec, context);
            else if (name == "responseCode")
            {
                if (reader.once(child, responseCode)) parseResponseCode(child, spec, context);
            }
            else
                reader.unknownChild(child, {"field", "responseCode"});
        });
    if (spec.stanField == 1 || (spec.stanField > 1 && !spec.fields[spec.stanField].defined))
        reader.error("stan=\"" + std::to_string(spec.stanField) + "\": that field is not defined");
    if (context.errorCount() != errorsBefore) return std::nullopt;
    return spec;
}

} // namespace portico::tcp
