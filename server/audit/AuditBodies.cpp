#include "audit/AuditBodies.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

namespace portico::audit
{

AuditBodies::AuditBodies(const std::string& mode, const std::vector<std::string>& extraNames)
{
    if (mode != "redacted") return;
    std::vector<std::string> names = BodyRedactor::defaultNames();
    names.insert(names.end(), extraNames.begin(), extraNames.end());
    _redactor = std::make_unique<BodyRedactor>(std::move(names));
}

bool AuditBodies::isUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size())
    {
        const unsigned char lead = static_cast<unsigned char>(text[i]);
        if (lead == 0) return false; // NUL is valid UTF-8, but no text body holds it
        std::size_t follow = lead < 0x80           ? 0
                             : (lead >> 5) == 0x6  ? 1
                             : (lead >> 4) == 0xE  ? 2
                             : (lead >> 3) == 0x1E ? 3
                                                   : 4;
        if (follow == 4) return false;
        if (i + follow >= text.size() && follow > 0)
            return true; // cut by the size limit inside a character: the rest was text
        for (std::size_t k = 1; k <= follow; ++k)
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
        i += follow + 1;
    }
    return true;
}

void AuditBodies::prepare(std::optional<std::string>& body)
{
    if (!body) return;
    if (body->empty())
    {
        body.reset();
        return;
    }
    if (!isUtf8(*body))
    {
        // Binary: no field to find; kept whole (within the limit) and readable as text.
        std::ostringstream encoded;
        Poco::Base64Encoder encoder(encoded);
        encoder.rdbuf()->setLineLength(0);
        encoder.write(body->data(), static_cast<std::streamsize>(body->size()));
        encoder.close();
        *body = "base64:" + encoded.str();
        return;
    }
    if (!_redactor) return;
    _redactor->redact(*body, _scratch);
    body->swap(_scratch);
}

} // namespace portico::audit
