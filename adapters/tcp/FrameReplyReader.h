#pragma once

// Reads one reply frame for the host's stream exchange (plugin::ReplyReader): the route's framing
// decoder fed with the bytes as they arrive. Keeps the frame's payload for the response codec.
// One per exchange; not thread-safe (the host calls it on one loop).

#include "tcp/Framing.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>
#include <string>

namespace portico::tcp
{

class FrameReplyReader final : public plugin::ReplyReader
{
public:
    explicit FrameReplyReader(const Framing& framing);
    // A reply already read (by a FrameReplyStream, on a multiplexed connection).
    FrameReplyReader(const Framing& framing, std::string payload);

    Progress feed(std::string_view bytes, std::string& error) override;
    bool overran() const override { return _decoder->buffered() > 0; }

    // The reply without its framing, once feed() said Complete.
    std::string& payload() { return _payload; }

private:
    const Framing& _framing;
    std::unique_ptr<FrameDecoder> _decoder;
    std::string _payload;
};

} // namespace portico::tcp
