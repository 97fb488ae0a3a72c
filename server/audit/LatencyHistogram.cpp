#include "audit/LatencyHistogram.h"

#include <cmath>

namespace portico::audit
{

namespace
{

constexpr double firstBound = 0.1; // ms
constexpr double growth = 1.25;

} // namespace

double LatencyHistogram::upperBound(std::size_t bucket)
{
    return firstBound * std::pow(growth, static_cast<double>(bucket));
}

void LatencyHistogram::add(double milliseconds)
{
    std::size_t bucket = 0;
    if (milliseconds > firstBound)
    {
        const double steps = std::ceil(std::log(milliseconds / firstBound) / std::log(growth) - 1e-9);
        bucket = steps >= buckets - 1 ? buckets - 1 : static_cast<std::size_t>(steps);
    }
    ++_counts[bucket];
}

void LatencyHistogram::add(const LatencyHistogram& other)
{
    for (std::size_t i = 0; i < buckets; ++i)
        _counts[i] += other._counts[i];
}

std::uint64_t LatencyHistogram::count() const
{
    std::uint64_t total = 0;
    for (const std::uint64_t n : _counts)
        total += n;
    return total;
}

double LatencyHistogram::percentile(double q) const
{
    const std::uint64_t total = count();
    if (total == 0) return 0;
    const double rank = q * static_cast<double>(total);
    double below = 0;
    for (std::size_t i = 0; i < buckets; ++i)
    {
        const double here = static_cast<double>(_counts[i]);
        if (here > 0 && below + here >= rank)
        {
            const double lower = i == 0 ? 0 : upperBound(i - 1);
            if (i == buckets - 1) return lower; // the open bucket: its lower bound is all we know
            const double upper = upperBound(i);
            return lower + (upper - lower) * ((rank - below) / here);
        }
        below += here;
    }
    return upperBound(buckets - 2);
}

std::string LatencyHistogram::serialize() const
{
    std::string bytes(buckets * 8, '\0');
    for (std::size_t i = 0; i < buckets; ++i)
        for (std::size_t b = 0; b < 8; ++b)
            bytes[i * 8 + b] = static_cast<char>((_counts[i] >> (8 * b)) & 0xFF);
    return bytes;
}

void LatencyHistogram::deserialize(const void* data, std::size_t size)
{
    const unsigned char* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < buckets; ++i)
    {
        _counts[i] = 0;
        if ((i + 1) * 8 > size) continue;
        for (std::size_t b = 0; b < 8; ++b)
            _counts[i] |= static_cast<std::uint64_t>(bytes[i * 8 + b]) << (8 * b);
    }
}

} // namespace portico::audit
