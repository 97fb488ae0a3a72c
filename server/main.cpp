#include "app/PorticoApp.h"
#include "util/XmlPageCache.h"

#include <Poco/Path.h>

#include <sqlite3.h>

#include <csignal>

#include <string>
#include <vector>

int main(int argc, char** argv)
{
#if defined(SIGPIPE)
    // A client or log reader that goes away must not kill the gateway: writes report EPIPE.
    // (Windows has no such signal.)
    std::signal(SIGPIPE, SIG_IGN);
#endif
    // SQLite's memory statistics take a global lock around every allocation, shared by the audit
    // writer, the stores and admin readers; nothing reads them. Only possible before first use.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    portico::util::installXmlPageCache(); // before any XML document exists
    // --daemon changes the working directory to "/" before options are read, so a relative
    // --config path is made absolute here, first.
    std::vector<std::string> arguments(argv, argv + argc);
    static const std::string configOption = "--config=";
    for (std::string& argument : arguments)
    {
        if (argument.compare(0, configOption.size(), configOption) == 0)
        {
            Poco::Path path(argument.substr(configOption.size()));
            argument = configOption + path.makeAbsolute().toString();
        }
    }
    std::vector<char*> pointers;
    for (std::string& argument : arguments)
    {
        pointers.push_back(argument.data());
    }
    pointers.push_back(nullptr);
    portico::app::PorticoApp app;
    return app.run(static_cast<int>(arguments.size()), pointers.data());
}
