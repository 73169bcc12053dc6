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
    /* a positive value other than INCOMPLETE is sipstatus_format()'s length */
    return r > SIPSTATUS_INCOMPLETE ? "(a length)" : sipstatus_errname(r);
}
