#pragma once

// <request codec="fixed">: the request's JSON object, merged with its path and query parameters
// (RequestFields), becomes one fixed-width record in the configured charset. Every field of the
// layout must be given, except constants (<field value="…">), which may be given only with their
// own value; a name that is no field of the record is refused (a typo must not be sent as blanks).
// Path parameters that name no field are left alone: the route may bind them for other reasons.

#include "tcp/Charset.h"
#include "tcp/RecordLayout.h"
#include "tcp/RequestCodec.h"

namespace portico::tcp
{

class FixedRequestCodec final : public RequestCodec
{
public:
    FixedRequestCodec(RecordLayout layout, const Charset& charset);

    bool encode(const RequestData& request, std::string& payload, std::string& problem) const override;

    const RecordLayout& layout() const { return _layout; }

private:
    const RecordLayout _layout;
    const Charset& _charset;
    const std::size_t _recordLength; // _layout.length(), summed once
};

} // namespace portico::tcp
