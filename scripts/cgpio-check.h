/* The check macro shared by the shim's test programs: counts, never stops. */
#ifndef CGPIO_CHECK_H
#define CGPIO_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (cond) {                                                                     \
            passed++;                                                                   \
        } else {                                                                        \
            failed++;                                                                   \
            fprintf(stderr, "%s:%d: check failed: %s (errno %d: %s)\n", __FILE__,      \
                    __LINE__, #cond, errno, strerror(errno));                           \
        }                                                                               \
    } while (0)

#endif
