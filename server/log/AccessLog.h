#pragma once

// One JSON line per request. Each event loop formats into its own buffer and writes whole
// lines in one write when the buffer fills or at least every flush interval, so logging
// costs no lock and no system call per request.

#include "config/Config.h"
#include "log/AppendFile.h"
#include "pipeline/RoutePipeline.h"

#include <mutex>
#include <string>
#include <vector>

namespace portico::log
{

class AccessLog final : public pipeline::CompletionStage
{
public:
    // Opens the file (append) or uses standard output for "-". Throws std::runtime_error.
    AccessLog(const config::AccessLogConfig& config, unsigned loops);
    ~AccessLog() override;

    void onComplete(const pipeline::Exchange& exchange, util::MonoMillis now) override;
    // Writes what loop has buffered; called by the loop on its ticks and at shutdown.
    void flush(unsigned loop);
    void flushAll();

private:
    struct alignas(64) LoopBuffer
    {
        std::string text;
        util::MonoMillis lastFlush = 0;
    };

    std::vector<LoopBuffer> _buffers;
    AppendFile _file;
};

} // namespace portico::log
