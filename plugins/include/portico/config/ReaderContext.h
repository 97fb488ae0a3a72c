#pragma once

// What an ElementReader needs from whoever loads the document: where each node was written,
// where errors go, how a value as written becomes the value meant, and the folder relative paths
// resolve against. The gateway implements it over its configuration file (and expands ${…});
// an adapter uses AdapterReaderContext over the <adapter> element the gateway handed it.

#include <portico/config/SourcePosition.h>

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace portico::config
{

class ReaderContext
{
public:
    virtual ~ReaderContext() = default;

    // An element's '<', or the first visible character of a text node.
    virtual SourcePosition position(const pugi::xml_node& node) const = 0;
    // The attribute's name.
    virtual SourcePosition position(const pugi::xml_node& element,
                                    const pugi::xml_attribute& attribute) const = 0;

    virtual void error(const SourcePosition& where, std::string message) = 0;

    // The value meant by text as written. On failure reports "<reason> (in <what>)" at where and
    // returns false.
    virtual bool expand(std::string_view text, std::string& out, const SourcePosition& where,
                        const std::string& what) = 0;

    // A relative path joined to the configuration's folder, lexically normalised; "" stays "".
    virtual std::string resolvePath(const std::string& path) const = 0;
};

} // namespace portico::config
