/* SPDX-License-Identifier: MIT */
// cxx_header.cpp - the public header used from C++ (extern "C"), linked with the C library.
#include <cstring>

#include "sipstatus.h"

int main()
{
    const char line[] = "SIP/2.0 180 Ringing\r\n";
    struct sipstatus_line parsed;
    char out[64];
    if (sipstatus_parse(line, std::strlen(line), 0, &parsed) != SIPSTATUS_OK || parsed.code != 180)
        return 1;
    if (sipstatus_format(out, sizeof out, 180, nullptr, 0, 0) != (int)std::strlen(line))
        return 1;
    return std::strcmp(out, line) == 0 && sipstatus_lookup(180) != nullptr ? 0 : 1;
}
