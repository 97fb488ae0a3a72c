#include "loader/PluginFilePermissions.h"

// clang-format off: windows.h first, the security headers need its types.
#include <aclapi.h>
#include <sddl.h>
#include <windows.h>
// clang-format on

namespace portico::plugins
{

namespace
{

// Rights that let a holder change what the file runs as code.
constexpr DWORD replacingRights = FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_ADD_FILE | FILE_ADD_SUBDIRECTORY |
                                  FILE_DELETE_CHILD | DELETE | WRITE_DAC | WRITE_OWNER | GENERIC_WRITE |
                                  GENERIC_ALL;

// The accounts that stand for "others" on Windows: anyone, any local user, any signed-in user.
constexpr WELL_KNOWN_SID_TYPE othersAccounts[] = {WinWorldSid, WinBuiltinUsersSid, WinAuthenticatedUserSid,
                                                  WinInteractiveSid};

std::string systemReason(DWORD error)
{
    char text[256] = "";
    const DWORD length = ::FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                                          error, 0, text, sizeof text, nullptr);
    std::string reason(text, length);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == '\r' || reason.back() == '.'))
        reason.pop_back();
    return reason.empty() ? "error " + std::to_string(error) : reason;
}

bool isOthersAccount(PSID sid)
{
    for (WELL_KNOWN_SID_TYPE type : othersAccounts)
        if (::IsWellKnownSid(sid, type)) return true;
    return false;
}

// "" when no account of othersAccounts may replace the object, else what is wrong.
std::string othersMayWrite(const std::string& path)
{
    PACL acl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    const DWORD result = ::GetNamedSecurityInfoA(path.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION,
                                                 nullptr, nullptr, &acl, nullptr, &descriptor);
    if (result != ERROR_SUCCESS) return systemReason(result);
    std::string problem;
    if (acl == nullptr)
    {
        problem = "it has no access list, so everyone may write it";
    }
    else
    {
        for (DWORD i = 0; i < acl->AceCount && problem.empty(); ++i)
        {
            void* entry = nullptr;
            if (!::GetAce(acl, i, &entry)) continue;
            const ACE_HEADER* header = static_cast<const ACE_HEADER*>(entry);
            // Entries only passed on to children do not apply to the object itself.
            if (header->AceType != ACCESS_ALLOWED_ACE_TYPE || (header->AceFlags & INHERIT_ONLY_ACE)) continue;
            ACCESS_ALLOWED_ACE* allowed = static_cast<ACCESS_ALLOWED_ACE*>(entry);
            PSID sid = &allowed->SidStart;
            if ((allowed->Mask & replacingRights) != 0 && isOthersAccount(sid))
            {
                char* name = nullptr;
                problem = "writable by ";
                problem += ::ConvertSidToStringSidA(sid, &name) ? name : "a group of all users";
                if (name != nullptr) ::LocalFree(name);
            }
        }
    }
    ::LocalFree(descriptor);
    return problem;
}

std::string folderOf(const std::string& path)
{
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

} // namespace

std::string permissionProblem(const std::string& path)
{
    const DWORD attributes = ::GetFileAttributesA(path.c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES) return path + ": " + systemReason(::GetLastError());
    if (attributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_DEVICE | FILE_ATTRIBUTE_REPARSE_POINT))
        return path + ": not a regular file";
    std::string problem = othersMayWrite(path);
    if (!problem.empty()) return path + ": refused, " + problem;
    const std::string folder = folderOf(path);
    problem = othersMayWrite(folder);
    if (!problem.empty()) return path + ": refused, its folder " + folder + " is " + problem;
    return "";
}

} // namespace portico::plugins
