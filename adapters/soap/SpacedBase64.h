#pragma once

// Base64 as XML (xs:base64Binary) and MIME parts carry it: white space may stand between the
// characters, which the gateway's strict codec does not take, so it is dropped first.

#include "soap/XmlNames.h"

#include <portico/codec/Base64.h>

#include <string>
#include <string_view>

namespace portico::soap
{

inline bool decodeSpacedBase64(std::string_view text, std::string& bytes)
{
    if (text.find_first_of(xmlSpace) == std::string_view::npos)
        return codec::decodeBase64(text, codec::Base64Alphabet::Standard, codec::Base64Padding::Required,
                                   bytes);
    std::string compact;
    compact.reserve(text.size());
    for (const char c : text)
    {
        if (xmlSpace.find(c) == std::string_view::npos) compact += c;
    }
    return codec::decodeBase64(compact, codec::Base64Alphabet::Standard, codec::Base64Padding::Required,
                               bytes);
}

inline std::string encodeStandardBase64(std::string_view bytes)
{
    return codec::encodeBase64(bytes, codec::Base64Alphabet::Standard, codec::Base64Padding::Required);
}

} // namespace portico::soap
