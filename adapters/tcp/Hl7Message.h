#pragma once

// An HL7 v2 message read into segments of fields, with the encoding characters its own header
// declares (MSH-1 the field separator, MSH-2 component, repetition, escape and subcomponent).
//
// The representation (documented in README.md): fields[i] is field i+1 of the segment as one
// string, so MSA fields[0] is MSA-1. In a header segment (MSH, BHS, FHS) fields[0] is the field
// separator itself and fields[1] the encoding characters, verbatim, as HL7 numbers them. Every
// other field has its escape sequences decoded: \F\ \S\ \T\ \R\ \E\ become the separator they
// stand for; other sequences (\X..\, \.br\, \H\, …) stay as they are. Component, repetition and
// subcomponent separators stay in the string ("Doe^John"), so a field that holds both a
// separator and an escaped one loses that difference; such a client must split it itself.
//
// Pure; thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace portico::tcp
{

struct Hl7Segment
{
    std::string name;
    std::vector<std::string> fields;
};

struct Hl7Delimiters
{
    char field = '|';
    char component = '^';
    char repetition = '~';
    char escape = '\\';
    char subcomponent = '&';
};

class Hl7Message
{
public:
    // Parses UTF-8 text whose segments end with CR (LF and CRLF are accepted too; empty segments
    // are skipped). The first segment must be MSH (or a batch or file header, BHS or FHS). On
    // failure returns false with a reason.
    static bool parse(std::string_view text, std::vector<Hl7Segment>& segments, std::string& problem);

    // Reads the encoding characters a header segment (MSH, BHS or FHS, without its terminator)
    // declares. Public so that a caller that only needs the header checked need not split the
    // whole message. On failure returns false with a reason.
    static bool readDelimiters(std::string_view header, Hl7Delimiters& delimiters, std::string& problem);

    // Decodes the escape sequences of one field (see above).
    static std::string unescape(std::string_view field, const Hl7Delimiters& delimiters);

    // The segments as a JSON array: [{"name":"MSA","fields":["AA","MSG1"]},…].
    static std::string toJson(const std::vector<Hl7Segment>& segments);

    static bool isHeaderSegment(std::string_view name)
    {
        return name == "MSH" || name == "BHS" || name == "FHS";
    }
};

} // namespace portico::tcp
