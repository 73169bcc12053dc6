/* SPDX-License-Identifier: MIT */
/* suites.h - the Check suites of the unit-test runner, one per area. */
#ifndef SIPSTATUS_TEST_SUITES_H
#define SIPSTATUS_TEST_SUITES_H

#include <check.h>

Suite *parse_suite(void);        /* tests/test_parse.c */
Suite *format_suite(void);       /* tests/test_format.c */
Suite *registry_suite(void);     /* tests/test_registry.c */
Suite *guard_suite(void);        /* tests/test_guard.c: inputs at the end of a page */
Suite *differential_suite(void); /* tests/test_differential.c: against fuzz/reference.c */
Suite *resume_suite(void);       /* tests/test_resume.c: sipstatus_parse_next() */

#endif
