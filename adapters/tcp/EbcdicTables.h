#pragma once

// The EBCDIC code pages the tcp adapter speaks, as byte -> Unicode tables. Both IBM037 (US/Canada)
// and IBM1047 (Latin-1 "open systems", the z/OS UNIX default) are permutations of ISO-8859-1, so
// every byte maps to a code point below U+0100 and back. They differ in six positions only:
//
//   byte   IBM037   IBM1047
//   0x5F   U+00AC   U+005E   (not sign / circumflex)
//   0xAD   U+00DD   U+005B   (Y acute / left bracket)
//   0xB0   U+005E   U+00AC
//   0xBA   U+005B   U+00DD
//   0xBB   U+005D   U+00A8   (right bracket / diaeresis)
//   0xBD   U+00A8   U+005D
//
// Both map 0x25 to LF (U+000A) and 0x15 to NEL (U+0085), as IBM's CDRA tables do. The tables were
// generated from Python's cp037 codec and glibc's IBM1047 converter (glibc's IBM037 agrees with
// Python's byte for byte); the tests pin the well-known code points of both.

#include <array>
#include <cstdint>

namespace portico::tcp
{

// Index: the EBCDIC byte; value: the Unicode code point (all below U+0100).
extern const std::array<std::uint8_t, 256> ibm037ToUnicode;
extern const std::array<std::uint8_t, 256> ibm1047ToUnicode;

} // namespace portico::tcp
