#pragma once

// A character set the legacy peer speaks: UTF-8, US-ASCII, ISO-8859-1, IBM037 or IBM1047. Text
// inside the adapter is Unicode (UTF-8 at the HTTP side, code points in the codecs); a Charset
// turns it into the peer's bytes and back, with its own tables, so no platform converter (iconv)
// is needed. Instances are immutable singletons; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace portico::tcp
{

class Charset
{
public:
    virtual ~Charset() = default;

    // The canonical name ("IBM037").
    virtual const std::string& name() const = 0;

    // True when every character is one byte (all but UTF-8): byte offsets are character indexes.
    virtual bool singleByte() const = 0;

    // Encodes text, appending to out. On failure returns false and sets badIndex to the index of
    // the first character that has no mapping in this charset.
    virtual bool encode(std::u32string_view text, std::string& out, std::size_t& badIndex) const = 0;

    // Decodes bytes, appending to out. On failure returns false and sets badOffset to the byte
    // offset of the first byte (or sequence) that is invalid or unmapped.
    virtual bool decode(std::string_view bytes, std::u32string& out, std::size_t& badOffset) const = 0;

    // UTF-8 text to this charset, replacing out. On failure returns false and sets problem to a phrase such
    // as
    // "'€' (U+20AC) has no mapping in IBM037" or "is not valid UTF-8 (at byte 3)".
    bool encodeUtf8(std::string_view utf8, std::string& out, std::string& problem) const;

    // This charset's bytes to UTF-8. On failure returns false and sets problem to a phrase such as
    // "byte 0x80 at offset 5 is not US-ASCII".
    bool decodeToUtf8(std::string_view bytes, std::string& utf8, std::string& problem) const;

    // A phrase for a failed encode() of text: "'€' (U+20AC) has no mapping in IBM037".
    std::string unmappedPhrase(char32_t character) const;

    // A phrase for a failed decode() of bytes at offset.
    std::string undecodablePhrase(std::string_view bytes, std::size_t offset) const;

    // The charset called name (ASCII case-insensitive; aliases such as "cp037", "latin1", "ascii",
    // "utf8" are accepted), or nullptr.
    static const Charset* find(std::string_view name);

    // "UTF-8, US-ASCII, ISO-8859-1, IBM037, IBM1047", for error messages.
    static std::string supportedNames();

    static const Charset& utf8();
};

} // namespace portico::tcp
