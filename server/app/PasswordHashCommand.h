#pragma once

// porticod --hash-password: reads one password (the first line) from in and prints the PHC string
// to put in <password pbkdf2="…"/>. The password never appears on a command line, where other
// users could see it in the process list.

#include <istream>
#include <ostream>

namespace portico::app
{

// Returns the exit code: 0, or 1 (with a message on err) when no password was given.
int printPasswordHash(std::istream& in, std::ostream& out, std::ostream& err);

} // namespace portico::app
