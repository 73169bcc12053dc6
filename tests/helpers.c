/* SPDX-License-Identifier: MIT */
/* helpers.c - what the Check suites share for their failure messages (see helpers.h). */
#include <stdio.h>

#include "helpers.h"
#include "sipstatus.h"

void esc(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    if (s == NULL) {
        snprintf(out, cap, "(NULL)");
        return;
    }
    for (size_t i = 0; i < n && o + 8 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r')
            o += (size_t)snprintf(out + o, cap - o, "\\r");
        else if (c == '\n')
            o += (size_t)snprintf(out + o, cap - o, "\\n");
        else if (c == '\t')
            o += (size_t)snprintf(out + o, cap - o, "\\t");
        else if (c == '\\' || c == '"')
            o += (size_t)snprintf(out + o, cap - o, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
    }
    if (o + 8 >= cap && cap > 4)
        o = (size_t)snprintf(out + cap - 5, 5, "...") + cap - 5;
    out[o < cap ? o : cap - 1] = '\0';
}

const char *rname(int r)
{
    switch (r) {
    case SIPSTATUS_OK: return "OK";
    case SIPSTATUS_INCOMPLETE: return "INCOMPLETE";
    case SIPSTATUS_E_VERSION: return "E_VERSION";
    case SIPSTATUS_E_SPACE: return "E_SPACE";
    case SIPSTATUS_E_CODE: return "E_CODE";
    case SIPSTATUS_E_REASON: return "E_REASON";
    case SIPSTATUS_E_ESCAPE: return "E_ESCAPE";
    case SIPSTATUS_E_UTF8: return "E_UTF8";
    case SIPSTATUS_E_EOL: return "E_EOL";
    case SIPSTATUS_E_UNREGISTERED: return "E_UNREGISTERED";
    case SIPSTATUS_E_ARG: return "E_ARG";
    default: return r > 0 ? "(a length)" : "(unknown)";
    }
}
