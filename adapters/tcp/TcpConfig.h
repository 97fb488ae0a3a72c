#pragma once

// The tcp adapter's configuration: the children of its <adapter type="tcp"> element, parsed and
// checked once (README.md lists every element and attribute with its default), then only read.

#include "tcp/Charset.h"
#include "tcp/CodecConfig.h"
#include "tcp/ConfigValues.h"
#include "tcp/Framing.h"
#include "tcp/PeerClient.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::tcp
{

struct TcpConfig
{
    Endpoint endpoint;
    std::shared_ptr<const Framing> framing;
    const Charset* charset = &Charset::utf8();
    CodecConfig request;
    CodecConfig response;
    PoolSettings pool;

    // Parses the <adapter> element's XML text (a DOCTYPE is refused). Returns false after appending
    // one message per problem to errors; config is then unusable.
    static bool parse(const std::string& elementXml, TcpConfig& config, std::vector<std::string>& errors);
};

} // namespace portico::tcp
