/*
 * cgpio_common.h: small helpers shared by cgpio_v1.c and cgpio_v2.c.
 * Private to the CGPIOShim target (not under include/, so Swift never sees it).
 */
#ifndef CGPIO_COMMON_H
#define CGPIO_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "cgpio_shim.h"

/* Both uAPIs cap one request at 64 lines (GPIO_V2_LINES_MAX, GPIOHANDLES_MAX). */
#define CGPIO_MAX_LINES 64

/* Copies src (NULL means "") into dst, truncating; always NUL-terminated. */
static inline void cgpio_copy_string(char *dst, size_t size, const char *src)
{
    size_t n;

    if (dst == NULL || size == 0)
        return;
    if (src == NULL)
        src = "";
    n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* strdup without needing POSIX feature macros (SwiftPM may build with -std=c11). */
static inline char *cgpio_strdup(const char *src)
{
    size_t size = strlen(src) + 1;
    char *copy = malloc(size);

    if (copy != NULL)
        memcpy(copy, src, size);
    return copy;
}

/*
 * Checks what cgpio_request_lines gets from the caller: 1 to 64 lines, no
 * offset twice, a known bias. 0, or -1 with errno EINVAL.
 */
static inline int cgpio_check_line_configs(const cgpio_line_config *lines, size_t count)
{
    size_t i, j;

    if (lines == NULL || count == 0 || count > CGPIO_MAX_LINES) {
        errno = EINVAL;
        return -1;
    }
    for (i = 0; i < count; i++) {
        if (lines[i].bias < CGPIO_BIAS_AS_IS || lines[i].bias > CGPIO_BIAS_PULL_DOWN) {
            errno = EINVAL;
            return -1;
        }
        for (j = 0; j < i; j++) {
            if (lines[j].offset == lines[i].offset) {
                errno = EINVAL;
                return -1;
            }
        }
    }
    return 0;
}

/*
 * Makes a request's event fd non-blocking, so that cgpio_request_read
 * returns 0 instead of sleeping when nothing is pending. poll() and the
 * value ioctls are unaffected.
 */
static inline int cgpio_set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0)
        return -1;
    if (flags & O_NONBLOCK)
        return 0;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

#endif
