#pragma once

// Makes tcp adapters: parses the <adapter type="tcp"> element (README.md) into a TcpRoute. Owned
// by TcpPlugin; stateless, so thread-safe.

#include <portico/plugin/PluginAbi.h>

namespace portico::tcp
{

class TcpAdapterFactory final : public plugin::AdapterFactory
{
public:
    std::string type() const override { return "tcp"; }
    std::string description() const override;
    std::unique_ptr<plugin::Adapter> create(const plugin::AdapterConfig& config, plugin::HostServices& host,
                                            std::vector<std::string>& errors) override;
};

} // namespace portico::tcp
