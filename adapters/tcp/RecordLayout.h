#pragma once

// The fields of a fixed-width record, in record order, as configured by <field> elements. Plain
// values, built once at configuration time and only read afterwards.

#include <cstddef>
#include <string>
#include <vector>

namespace portico::tcp
{

struct FixedField
{
    enum class Type
    {
        String,
        Int,
        Decimal
    };
    enum class Align
    {
        Left,
        Right
    };

    std::string name;
    std::size_t length = 0; // in characters (bytes, for the single-byte charsets)
    Type type = Type::String;
    unsigned scale = 0; // Decimal: implied decimal places
    Align align = Align::Left;
    char32_t pad = U' ';
    bool constant = false;
    std::u32string constantText; // a constant's padded text, exactly length characters
    std::string constantBytes;   // constantText in the route's charset, encoded once when configured

    bool numeric() const { return type != Type::String; }
};

struct RecordLayout
{
    std::vector<FixedField> fields;

    // The record's length in characters.
    std::size_t length() const
    {
        std::size_t total = 0;
        for (const FixedField& field : fields)
        {
            total += field.length;
        }
        return total;
    }

    const FixedField* find(const std::string& name) const
    {
        for (const FixedField& field : fields)
        {
            if (field.name == name)
            {
                return &field;
            }
        }
        return nullptr;
    }
};

} // namespace portico::tcp
