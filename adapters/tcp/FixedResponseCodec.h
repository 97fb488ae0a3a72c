#pragma once

// <response codec="fixed">: the reply, one fixed-width record in the configured charset, becomes a
// JSON object with one member per field, in record order (FieldReader says how each is read). A
// reply of another length, a number field that is not a number, or a constant field
// (<field value="…">) that does not hold its value, is a 502.

#include "tcp/Charset.h"
#include "tcp/RecordLayout.h"
#include "tcp/ResponseCodec.h"

#include <string>
#include <vector>

namespace portico::tcp
{

class FixedResponseCodec final : public ResponseCodec
{
public:
    FixedResponseCodec(RecordLayout layout, const Charset& charset);

    Answer decode(std::string_view payload) const override;

    const RecordLayout& layout() const { return _layout; }

private:
    const RecordLayout _layout;
    const Charset& _charset;
    const std::size_t _recordLength;          // _layout.length(), summed once
    const std::vector<std::string> _jsonKeys; // per field, its name quoted for JSON: "\"name\""
    const std::size_t _usualJsonLength;       // what a reply's JSON is reserved
};

} // namespace portico::tcp
