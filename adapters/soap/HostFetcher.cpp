#include "soap/HostFetcher.h"

namespace portico::soap
{

FetchFunction hostFetcher(plugin::HostServices& host, std::chrono::milliseconds timeout)
{
    return [&host, timeout](const std::string& location, std::string& text, std::string& error)
    {
        if (!isHttpLocation(location)) return readFile(location, text, error);
        plugin::HttpCall call;
        call.method = "GET";
        call.url = location;
        call.timeout = timeout;
        const plugin::HttpResult result = host.httpBlocking(call);
        switch (result.outcome)
        {
        case plugin::HttpResult::Outcome::Ok:
            if (result.status == 200)
            {
                text = result.body;
                return true;
            }
            error = "fetching '" + location + "' answered HTTP " + std::to_string(result.status);
            return false;
        case plugin::HttpResult::Outcome::TimedOut:
            error = "fetching '" + location + "' timed out";
            return false;
        case plugin::HttpResult::Outcome::BadResponse:
            error = "fetching '" + location + "' got a bad HTTP response: " + result.error;
            return false;
        case plugin::HttpResult::Outcome::Unreachable:
        default:
            error = "cannot fetch '" + location + "': " + result.error;
            return false;
        }
    };
}

} // namespace portico::soap
