#pragma once

#include <string>

namespace portico::util
{

// Writes a new random request id (32 lower-case hex digits, UUID-sized) into out. Uses a
// per-thread generator seeded from the system's entropy: no lock, no allocation once out has
// capacity.
void newRequestId(std::string& out);

} // namespace portico::util
