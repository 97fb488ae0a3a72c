#pragma once

// Turns an adapter's configuration errors into the gateway's "FILE:LINE:COL: route 'NAME': …"
// lines. An adapter names the position of the node concerned when the host gave it one (see
// AdapterReaderContext); any other message is placed at the <adapter> element. The lines come
// out in file order, as the gateway's own errors do.

#include "config/Config.h"

#include <string>
#include <vector>

namespace portico::runtime
{

std::vector<std::string> placeAdapterErrors(const config::RouteConfig& route,
                                            const std::vector<std::string>& messages);

} // namespace portico::runtime
