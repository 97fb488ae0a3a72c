#include "tcp/TcpAdapterFactory.h"

#include "tcp/TcpAdapter.h"
#include "tcp/TcpRoute.h"

#include <exception>

namespace portico::tcp
{

std::string TcpAdapterFactory::description() const
{
    return "legacy TCP services: length-prefix, ascii-length, delimiter, MLLP or fixed framing; text, "
           "fixed-width record or HL7 v2 messages in UTF-8, US-ASCII, ISO-8859-1, IBM037 or IBM1047";
}

std::unique_ptr<plugin::Adapter> TcpAdapterFactory::create(const plugin::AdapterConfig& config,
                                                           plugin::HostServices& host,
                                                           std::vector<std::string>& errors)
{
    try
    {
        RouteSetup setup;
        setup.source = config;
        setup.methods = config.routeMethods;
        setup.pathParameters = config.pathParameters;
        std::shared_ptr<TcpRoute> route = TcpRoute::create(setup, errors);
        if (route == nullptr)
        {
            if (errors.empty())
            {
                errors.push_back("the tcp adapter's configuration is invalid");
            }
            return nullptr;
        }
        std::shared_ptr<plugin::StreamPool> pool = host.streamPool(route->poolSettings());
        if (pool == nullptr)
        {
            errors.push_back("the gateway offers no TCP connections to adapters");
            return nullptr;
        }
        return std::make_unique<TcpAdapter>(std::move(route), std::move(pool));
    }
    catch (const std::exception& e)
    {
        errors.push_back(std::string("the tcp adapter could not be created: ") + e.what());
    }
    catch (...)
    {
        errors.push_back("the tcp adapter could not be created");
    }
    return nullptr;
}

} // namespace portico::tcp
