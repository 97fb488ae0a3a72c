#pragma once

// Makes soap adapters: parses the <adapter type="soap"> element (SoapConfig), loads the WSDL
// (files directly, URLs through the host), and builds the immutable SoapRoute, all inside
// create(), which never throws. Stateless and thread-safe.

#include <portico/plugin/PluginAbi.h>

namespace portico::soap
{

class SoapAdapterFactory : public plugin::AdapterFactory
{
public:
    std::string type() const override;
    std::string description() const override;
    std::unique_ptr<plugin::Adapter> create(const plugin::AdapterConfig& config, plugin::HostServices& host,
                                            std::vector<std::string>& errors) override;
};

} // namespace portico::soap
