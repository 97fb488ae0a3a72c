#pragma once

// A steady load for a bounded time: workers threads, each on its own keep-alive connection
// (opened again when the gateway closes it), send requests at rate per second in all. A worker's
// request k is due at start + k × interval; one held up by a slow answer sends its next request
// at once and skips the slots it missed, so the load never arrives in bursts.

#include "support/RawHttpClient.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace portico::test
{

struct PacedLoad
{
    unsigned short port = 0;
    int workers = 8;
    double rate = 200; // requests per second, all workers together
    std::chrono::seconds duration{60};
    // The request numbered sequence (0, 1, 2, … over all workers, in the order they are due).
    std::function<std::string(std::uint64_t sequence)> request;
    // Its answer (status 0 when none came within the client's timeout); called from the workers.
    std::function<void(std::uint64_t sequence, const HttpResponse& answer)> answered;
};

// Runs the load to its end; returns how many requests were sent.
std::uint64_t runPacedLoad(const PacedLoad& load);

} // namespace portico::test
