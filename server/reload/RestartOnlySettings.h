#pragma once

// The settings a reload cannot change while the gateway runs: the number of event loops and
// workers, the admin listener, the gateway's log and the access log, the audit trail, the store and the
// plugin folder. A reload keeps the running values of these and says so, one line per setting changed.

#include "config/Config.h"

#include <string>
#include <vector>

namespace portico::reload
{

std::vector<std::string> restartOnlyChanges(const config::Config& running, const config::Config& next);

} // namespace portico::reload
