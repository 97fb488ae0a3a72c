#pragma once

// The tcp adapter's configuration: the children of its <adapter type="tcp"> element, parsed and
// checked once (README.md lists every element and attribute with its default), then only read.

#include "tcp/Charset.h"
#include "tcp/CodecConfig.h"
#include "tcp/ConfigValues.h"
#include "tcp/Framing.h"
#include "tcp/Iso8583Spec.h"

#include <portico/plugin/PluginAbi.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace portico::tcp
{

// <pool>: how many connections, and how long each step may take.
struct PoolSettings
{
    std::size_t size = 8;
    std::chrono::milliseconds connectTimeout{2000};
    std::chrono::milliseconds timeout{
        5000}; // the whole exchange: waiting for a connection, sending, the reply
    // The peer's circuit breaker: this many failed exchanges in a row open it for failTimeout.
    unsigned maxFails = 5;
    std::chrono::milliseconds failTimeout{10000};
    // Requests in flight on one connection at once; above 1 the peer is multiplexed and replies are
    // matched to requests by key (the ISO 8583 STAN), in any order.
    std::size_t inFlight = 1;
};

struct TcpConfig
{
    Endpoint endpoint;
    std::shared_ptr<const Framing> framing;
    const Charset* charset = &Charset::utf8();
    CodecConfig request;
    CodecConfig response;
    PoolSettings pool;
    // The ISO 8583 message definition (<iso8583>, or ISO 8583:1987 in ASCII when absent) when a
    // codec is iso8583; null otherwise.
    std::shared_ptr<const Iso8583Spec> iso8583;

    // Parses the <adapter> element's XML text (a DOCTYPE is refused). Returns false after appending
    // one message per problem to errors, each at the FILE:LINE:COL the host recorded for the node
    // concerned; config is then unusable.
    static bool parse(const plugin::AdapterConfig& source, TcpConfig& config,
                      std::vector<std::string>& errors);
    // The same for XML text alone: messages carry no position.
    static bool parse(const std::string& elementXml, TcpConfig& config, std::vector<std::string>& errors);
};

} // namespace portico::tcp
