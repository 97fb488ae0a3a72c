#pragma once

// The FetchFunction the plugin uses at configuration time: files are read directly, http(s)
// URLs are fetched with a GET through HostServices::httpBlocking() (only a 200 answer counts).

#include "soap/DocumentFetcher.h"

#include <portico/plugin/PluginAbi.h>

#include <chrono>

namespace portico::soap
{

// host must outlive the returned function (it is only used during AdapterFactory::create()).
FetchFunction hostFetcher(plugin::HostServices& host, std::chrono::milliseconds timeout);

} // namespace portico::soap
