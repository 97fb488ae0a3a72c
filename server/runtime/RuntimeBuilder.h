#pragma once

// Compiles a validated Config into a Runtime: each route's pipeline with its handler, the
// upstreams' shared state. Problems that only show here (an adapter type no plugin provides, a
// TLS file that cannot be loaded) are reported as FILE:LINE:COL lines like configuration errors.

#include "runtime/Runtime.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>
#include <string>
#include <vector>

namespace portico::plugins
{
class PluginCatalog;
}

namespace portico::runtime
{

// catalog provides the adapter types; host is what adapters are given (both outlive the Runtime).
// previous (on reload, the Runtime being replaced): a route whose adapter is configured exactly as
// there keeps that adapter object, with its pooled legacy connections.
std::shared_ptr<Runtime> buildRuntime(config::ConfigPtr config, const plugins::PluginCatalog& catalog,
                                      plugin::HostServices& host, std::vector<std::string>& errors,
                                      const Runtime* previous = nullptr);

} // namespace portico::runtime
