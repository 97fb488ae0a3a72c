#pragma once

// The outermost response hook, one for every exchange of the table whatever its route (also a 404
// that matched none): it sees the final head, and the start of the body, after the route's own
// response hooks and before a byte is written, and may hold the answer. Strict audit is one: an
// answer is not released before its row is committed.

#include "pipeline/ResumeToken.h"

#include <cstddef>
#include <string_view>

namespace portico::pipeline
{

struct Exchange;
struct ResponseHead;

class ReleaseGate
{
public:
    virtual ~ReleaseGate() = default;

    // How much of a handler's body the gate wants to see before it decides (0: the head alone).
    // The runner collects up to this much (or the whole body, when shorter) before hold().
    virtual std::size_t bodyBytesWanted() const = 0;

    // Called once per answer, on the exchange's loop. body: what the gate asked for, complete
    // when bodyComplete. Returns false to release the answer at once; true when it keeps token
    // and will fire it: next() releases the answer, reply() replaces it (a refusal to release).
    virtual bool hold(Exchange& exchange, const ResponseHead& head, std::string_view body, bool bodyComplete,
                      ResumeToken token) = 0;
};

} // namespace portico::pipeline
