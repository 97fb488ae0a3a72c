#pragma once

// State shared by the parsers of one configuration load: the file name for messages, the
// folder relative paths resolve against, the original text (for positions), the environment
// expander, and the collected errors. One LoadContext per load; not thread-safe.

#include "config/Config.h"
#include "config/EnvExpander.h"
#include "config/SourceMap.h"

#include <portico/config/ReaderContext.h>

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace portico::pipeline
{
class PolicyRegistry;
}

namespace portico::config
{

class LoadContext : public ReaderContext
{
public:
    // text is the document pugixml parsed (it must outlive the context); baseDirectory should be
    // absolute, as the paths resolved against it end up in the Config.
    LoadContext(std::string fileName, std::string baseDirectory, std::string_view text,
                const EnvExpander& expander);

    const std::string& fileName() const { return _fileName; }
    const std::string& baseDirectory() const { return _baseDirectory; }

    // The '<' of an element, the first character of a text node.
    SourcePosition position(const pugi::xml_node& node) const override;

    // The attribute's name. pugixml keeps no offset for attributes, but parses in place, so the
    // name still points into the parsed copy of the text at the same offset; when that cannot be
    // confirmed the name is looked up in the element's start tag, else the element is used.
    SourcePosition position(const pugi::xml_node& element,
                            const pugi::xml_attribute& attribute) const override;

    SourcePosition positionOfOffset(std::ptrdiff_t offset) const;

    static std::string describe(const SourcePosition& position); // "FILE:LINE:COL"

    void error(const SourcePosition& where, std::string message) override;
    bool hasErrors() const { return !_errors.empty(); }

    // The errors as "FILE:LINE:COL: message", in the order they appear in the file (checks that
    // run after the whole file was read still report in file order).
    std::vector<std::string> takeErrors();

    // Expands ${…}; on failure reports "<reason> (in <what>)" at where and returns false.
    bool expand(std::string_view text, std::string& out, const SourcePosition& where,
                const std::string& what) override;

    // A relative path joined to baseDirectory, lexically normalised; absolute paths are only
    // normalised; "" stays "".
    std::string resolvePath(const std::string& path) const override;

    // The policy modules route elements are looked up in (the built-in ones unless a test or an
    // embedding program gives its own).
    const pipeline::PolicyRegistry& policies() const;
    void usePolicies(const pipeline::PolicyRegistry& registry) { _policies = &registry; }

private:
    struct Diagnostic
    {
        SourcePosition position;
        std::string message;
    };

    std::string _fileName;
    std::string _baseDirectory;
    SourceMap _sourceMap;
    const EnvExpander& _expander;
    std::vector<Diagnostic> _errors;
    const pipeline::PolicyRegistry* _policies = nullptr;
};

} // namespace portico::config
