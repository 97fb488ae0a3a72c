#pragma once

// Latencies of one consumer on one route in one hour, for /admin/usage: counts in 64 buckets whose
// bounds grow by 25% from 0.1 ms (the last, from about 127 s, is open). Percentiles come from the
// counts (linear inside a bucket), so they are within 25% of the exact ones whatever the traffic,
// and hours add up into days and months by adding counts, which exact percentiles cannot.

#include <array>
#include <cstdint>
#include <string>

namespace portico::audit
{

class LatencyHistogram
{
public:
    static constexpr std::size_t buckets = 64;

    void add(double milliseconds);
    void add(const LatencyHistogram& other);
    std::uint64_t count() const;
    // The q-quantile (0 < q <= 1) in milliseconds; 0 when empty.
    double percentile(double q) const;

    // Stored as a BLOB of 64 little-endian 64-bit counts.
    std::string serialize() const;
    void deserialize(const void* data, std::size_t size);

    static double upperBound(std::size_t bucket); // milliseconds
    std::uint64_t at(std::size_t bucket) const { return _counts[bucket]; }
    void addAt(std::size_t bucket, std::uint64_t count) { _counts[bucket] += count; }

private:
    std::array<std::uint64_t, buckets> _counts{};
};

} // namespace portico::audit
