/* SPDX-License-Identifier: MIT */
/* check_main.c - the one runner for every Check suite. */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
    SRunner *sr = srunner_create(parse_suite());
    srunner_add_suite(sr, format_suite());
    srunner_add_suite(sr, registry_suite());
    srunner_add_suite(sr, guard_suite());
    srunner_add_suite(sr, differential_suite());
    srunner_add_suite(sr, resume_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
