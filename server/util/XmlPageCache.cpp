#include "util/XmlPageCache.h"

#include <pugixml.hpp>

#include <cstddef>
#include <cstdlib>

namespace portico::util
{

namespace
{

// Room before each block for its size, keeping malloc's alignment for what follows.
constexpr std::size_t headerBytes = alignof(std::max_align_t);
// pugixml's page (PUGIXML_MEMORY_PAGE_SIZE, its header included): the one size worth keeping.
// Larger blocks (a node or text beyond a page) go straight back to malloc.
constexpr std::size_t pageBytes = 32768;
constexpr std::size_t keptPages = 4;

struct PageCache
{
    void* pages[keptPages] = {};
    std::size_t count = 0;
    bool open = true; // false once this thread's cache is gone: blocks then go straight back

    ~PageCache()
    {
        open = false;
        while (count > 0)
            std::free(pages[--count]);
    }
};

thread_local PageCache cache;

void* withHeader(void* block, std::size_t size)
{
    *static_cast<std::size_t*>(block) = size;
    return static_cast<char*>(block) + headerBytes;
}

void* allocate(std::size_t size)
{
    if (size == pageBytes && cache.open && cache.count > 0)
        return withHeader(cache.pages[--cache.count], size);
    void* block = std::malloc(size + headerBytes);
    return block == nullptr ? nullptr : withHeader(block, size);
}

void deallocate(void* pointer)
{
    if (pointer == nullptr) return;
    void* block = static_cast<char*>(pointer) - headerBytes;
    if (*static_cast<const std::size_t*>(block) == pageBytes && cache.open && cache.count < keptPages)
    {
        cache.pages[cache.count++] = block;
        return;
    }
    std::free(block);
}

} // namespace

void installXmlPageCache()
{
    pugi::set_memory_management_functions(allocate, deallocate);
}

} // namespace portico::util
