#include "soap/SoapAdapterFactory.h"

#include "soap/HostFetcher.h"
#include "soap/SoapAdapter.h"
#include "soap/SoapConfig.h"
#include "soap/SoapRoute.h"

#include <exception>

namespace portico::soap
{

std::string SoapAdapterFactory::type() const
{
    return "soap";
}

std::string SoapAdapterFactory::description() const
{
    return "REST/JSON in front of SOAP 1.1 and 1.2 services, typed from their WSDL";
}

std::unique_ptr<plugin::Adapter> SoapAdapterFactory::create(const plugin::AdapterConfig& config,
                                                            plugin::HostServices& host,
                                                            std::vector<std::string>& errors)
{
    try
    {
        SoapConfig soapConfig;
        if (!SoapConfig::parse(config, soapConfig, errors)) return nullptr;
        RouteInfo route{config.routeName, config.baseDirectory, config.pathParameters};
        std::vector<std::string> warnings;
        std::shared_ptr<const SoapRoute> soapRoute =
            SoapRoute::create(soapConfig, route, hostFetcher(host, soapConfig.timeout), errors, warnings);
        if (!soapRoute) return nullptr;
        for (const std::string& warning : warnings)
            host.log(plugin::LogLevel::Warning, "route '" + config.routeName + "': " + warning);
        return std::make_unique<SoapAdapter>(std::move(soapRoute), host);
    }
    catch (const std::exception& e)
    {
        errors.push_back(std::string("the soap adapter failed to load: ") + e.what());
    }
    catch (...)
    {
        errors.push_back("the soap adapter failed to load");
    }
    return nullptr;
}

} // namespace portico::soap
