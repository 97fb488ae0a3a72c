#pragma once

// Reads the replies of one multiplexed connection (plugin::ReplyStream): the route's framing
// decoder cuts them out of the bytes, and each comes back as a FrameReplyReader with the key of the
// request it answers (for ISO 8583, its STAN). One per connection; not thread-safe (the host calls
// it on one loop).

#include "tcp/FrameReplyReader.h"
#include "tcp/Framing.h"

#include <portico/plugin/PluginAbi.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace portico::tcp
{

class FrameReplyStream final : public plugin::ReplyStream
{
public:
    // keyOf gives a reply payload's key, "" when it has none.
    FrameReplyStream(std::shared_ptr<const Framing> framing,
                     std::function<std::string(std::string_view)> keyOf);

    plugin::ReplyReader::Progress next(std::string_view bytes, std::string& key,
                                       std::unique_ptr<plugin::ReplyReader>& reply,
                                       std::string& error) override;

private:
    const std::shared_ptr<const Framing> _framing;
    const std::function<std::string(std::string_view)> _keyOf;
    std::unique_ptr<FrameDecoder> _decoder;
};

} // namespace portico::tcp
