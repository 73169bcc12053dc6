/* SPDX-License-Identifier: MIT */
/* cli_status.c - the one status line on a terminal: check's progress
 * through a capture, and the periodic status of check -i and listen.
 *
 * The line is drawn on standard error in place ("\r", the text, no
 * newline; each draw starts with "\r\033[K", erase to the end of the line)
 * and is erased before anything else is printed, so findings on the same
 * terminal never run into it.  Standard error is one per process, so
 * whether a line is on it now is one flag here. */
#define _POSIX_C_SOURCE 200809L /* isatty */
#include "cli.h"

#include <unistd.h>

static int shown; /* a status line is on the terminal now */

int status_wanted(const struct opts *o)
{
    return !o->quiet && isatty(STDERR_FILENO);
}

void status_begin(void)
{
    fflush(stdout); /* findings first, when both go to the terminal */
    fputs("\r\033[K", stderr);
    shown = 1;
}

void status_end(void)
{
    fflush(stderr);
}

void status_yield(FILE *out)
{
    static int stdout_tty = -1;

    if (!shown)
        return;
    if (stdout_tty < 0)
        stdout_tty = isatty(STDOUT_FILENO);
    if (out == stderr || stdout_tty)
        status_hide();
}

void status_hide(void)
{
    if (!shown)
        return;
    fflush(stdout);
    fputs("\r\033[K", stderr);
    fflush(stderr);
    shown = 0;
}
