#include "support/ScriptService.h"

#include <stdexcept>

namespace portico::test
{

ScriptService::ScriptService(const TempDirectory& folder, const std::string& name, const std::string& script,
                             const std::vector<std::string>& arguments)
{
    std::vector<std::string> all{sourcePath(script), "--port=0"};
    all.insert(all.end(), arguments.begin(), arguments.end());
    const bool javaScript = script.size() > 3 && script.compare(script.size() - 3, 3, ".js") == 0;
    _process.start(javaScript ? "/usr/bin/node" : "/usr/bin/python3", all, folder.file(name));
    if (!_process.waitForOutput("listening on", std::chrono::seconds(20)))
    {
        throw std::runtime_error(name + " did not start: " + _process.errorOutput());
    }
    std::string out = _process.output();
    _port = static_cast<unsigned short>(std::stoi(out.substr(out.rfind(':') + 1)));
}

} // namespace portico::test
