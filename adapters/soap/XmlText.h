#pragma once

// An XML document as text, written by pugixml straight into a string, without the std::ostream
// (and its locale set-up) that xml_document::save(std::ostream&) needs.

#include <pugixml.hpp>

#include <string>

namespace portico::soap
{

// Appends document to out: no indentation, UTF-8, with the declaration only if the document has one.
inline void appendXmlText(const pugi::xml_document& document, std::string& out)
{
    class StringWriter : public pugi::xml_writer
    {
    public:
        explicit StringWriter(std::string& text) : _text(text) {}
        void write(const void* data, std::size_t size) override
        {
            _text.append(static_cast<const char*>(data), size);
        }

    private:
        std::string& _text;
    };
    StringWriter writer(out);
    document.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
}

} // namespace portico::soap
