/*
 * cgpio_v1.c: cgpio_shim.h over libgpiod v1 (1.5 and 1.6; Debian 12 ships 1.6.3).
 *
 * Compiles to real code only when <gpiod.h> is v1's, which defines
 * GPIOD_LINE_BULK_MAX_LINES; against v2's header it is an empty unit and
 * cgpio_v2.c provides the API.
 *
 * How v1 maps onto the shim (checked in libgpiod 1.6 lib/core.c and Linux
 * 6.1 drivers/gpio/gpiolib-cdev.c; see docs/libgpiod.md):
 * - every line is its own kernel request with its own fd and its own
 *   16-event FIFO; a read on one fd returns events of that line only;
 * - with both edges requested, the kernel sets the event type from the
 *   line's logical value (active-low applied), read in the IRQ thread just
 *   after the edge: RISING means "became active" even with ACTIVE_LOW;
 * - timestamps are CLOCK_MONOTONIC (kernel >= 5.7), no sequence numbers,
 *   no debounce.
 * - v1's gpiod_chip_close releases every line requested through that chip,
 *   so each request opens the chip again by path and owns that handle:
 *   the request outlives the caller's cgpio_chip, and the caller's chip
 *   (used for line info on another thread) shares no state with it.
 *
 * Build with -DCGPIO_V1_NO_BIAS for libgpiod < 1.5 (no bias API): bias then
 * reads as AS_IS and asking for any other bias fails with EOPNOTSUPP.
 */
#include <gpiod.h>

#ifdef GPIOD_LINE_BULK_MAX_LINES

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cgpio_common.h"
#include "cgpio_shim.h"

/* The kernel's per-line event FIFO, and the most one v1 read returns. */
#define CGPIO_V1_FIFO 16

struct cgpio_chip {
    struct gpiod_chip *chip;
    char *path;
};

struct cgpio_request {
    struct gpiod_chip *chip; /* the request's own handle; closing it releases the lines */
    size_t count;
    struct gpiod_line *lines[CGPIO_MAX_LINES];
    unsigned int offsets[CGPIO_MAX_LINES];
    int fds[CGPIO_MAX_LINES];
};

int cgpio_api_version(void)
{
    return 1;
}

cgpio_chip *cgpio_chip_open(const char *path)
{
    cgpio_chip *chip;
    int saved;

    if (path == NULL) {
        errno = EINVAL;
        return NULL;
    }
    chip = calloc(1, sizeof(*chip));
    if (chip == NULL)
        return NULL;
    chip->path = cgpio_strdup(path);
    if (chip->path == NULL)
        goto fail;
    chip->chip = gpiod_chip_open(path);
    if (chip->chip == NULL)
        goto fail;
    return chip;

fail:
    saved = errno;
    free(chip->path);
    free(chip);
    errno = saved;
    return NULL;
}

void cgpio_chip_close(cgpio_chip *chip)
{
    if (chip == NULL)
        return;
    gpiod_chip_close(chip->chip);
    free(chip->path);
    free(chip);
}

int cgpio_chip_info(cgpio_chip *chip, char *name, size_t name_size,
                    char *label, size_t label_size, unsigned int *num_lines)
{
    if (chip == NULL) {
        errno = EINVAL;
        return -1;
    }
    /* v1 reads these once, when the chip is opened. */
    cgpio_copy_string(name, name_size, gpiod_chip_name(chip->chip));
    cgpio_copy_string(label, label_size, gpiod_chip_label(chip->chip));
    if (num_lines != NULL)
        *num_lines = gpiod_chip_num_lines(chip->chip);
    return 0;
}

static int bias_from_v1(int bias)
{
#ifdef CGPIO_V1_NO_BIAS
    (void)bias;
    return CGPIO_BIAS_AS_IS;
#else
    switch (bias) {
    case GPIOD_LINE_BIAS_DISABLE:
        return CGPIO_BIAS_DISABLED;
    case GPIOD_LINE_BIAS_PULL_UP:
        return CGPIO_BIAS_PULL_UP;
    case GPIOD_LINE_BIAS_PULL_DOWN:
        return CGPIO_BIAS_PULL_DOWN;
    default:
        return CGPIO_BIAS_AS_IS;
    }
#endif
}

int cgpio_line_info_get(cgpio_chip *chip, unsigned int offset, cgpio_line_info *info)
{
    struct gpiod_line *line;

    if (chip == NULL || info == NULL) {
        errno = EINVAL;
        return -1;
    }
    /* Reads the kernel's current line info (GPIO_GET_LINEINFO_IOCTL); EINVAL past the last line. */
    line = gpiod_chip_get_line(chip->chip, offset);
    if (line == NULL)
        return -1;
    memset(info, 0, sizeof(*info));
    info->offset = offset;
    cgpio_copy_string(info->name, sizeof(info->name), gpiod_line_name(line));
    cgpio_copy_string(info->consumer, sizeof(info->consumer), gpiod_line_consumer(line));
    /* v1's "used" is the kernel's GPIOLINE_FLAG_KERNEL: set for any requested line. */
    info->used = gpiod_line_is_used(line) ? 1 : 0;
    info->output = gpiod_line_direction(line) == GPIOD_LINE_DIRECTION_OUTPUT;
    info->active_low = gpiod_line_active_state(line) == GPIOD_LINE_ACTIVE_STATE_LOW;
#ifdef CGPIO_V1_NO_BIAS
    info->bias = bias_from_v1(0);
#else
    info->bias = bias_from_v1(gpiod_line_bias(line));
#endif
    return 0;
}

int cgpio_chip_find_line(cgpio_chip *chip, const char *name)
{
    struct gpiod_line *line;

    if (chip == NULL || name == NULL) {
        errno = EINVAL;
        return -1;
    }
    line = gpiod_chip_find_line(chip->chip, name); /* NULL, errno ENOENT: no such name */
    if (line == NULL)
        return -1;
    return (int)gpiod_line_offset(line);
}

static int request_flags(const cgpio_line_config *line)
{
    int flags = 0;

    if (line->active_low)
        flags |= GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW;
    switch (line->bias) {
    case CGPIO_BIAS_AS_IS:
        break;
#ifdef CGPIO_V1_NO_BIAS
    default:
        errno = EOPNOTSUPP;
        return -1;
#else
    case CGPIO_BIAS_DISABLED:
        flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
        break;
    case CGPIO_BIAS_PULL_UP:
        flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
        break;
    case CGPIO_BIAS_PULL_DOWN:
        flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
        break;
#endif
    }
    return flags;
}

cgpio_request *cgpio_request_lines(cgpio_chip *chip, const char *consumer,
                                   const cgpio_line_config *lines, size_t count,
                                   int realtime_clock)
{
    cgpio_request *request;
    struct gpiod_line *line;
    size_t i;
    int flags, fd, saved;

    (void)realtime_clock; /* v1 timestamps are always CLOCK_MONOTONIC */
    if (chip == NULL) {
        errno = EINVAL;
        return NULL;
    }
    if (cgpio_check_line_configs(lines, count) < 0)
        return NULL;
    request = calloc(1, sizeof(*request));
    if (request == NULL)
        return NULL;

    request->chip = gpiod_chip_open(chip->path);
    if (request->chip == NULL)
        goto fail;
    if (strcmp(gpiod_chip_name(request->chip), gpiod_chip_name(chip->chip)) != 0) {
        errno = ENODEV; /* the path now leads to another chip: the first one went away */
        goto fail;
    }

    for (i = 0; i < count; i++) {
        flags = request_flags(&lines[i]);
        if (flags < 0)
            goto fail;
        line = gpiod_chip_get_line(request->chip, lines[i].offset);
        if (line == NULL)
            goto fail;
        if (gpiod_line_request_both_edges_events_flags(line, consumer, flags) < 0)
            goto fail;
        fd = gpiod_line_event_get_fd(line);
        if (fd < 0 || cgpio_set_nonblocking(fd) < 0)
            goto fail;
        request->lines[i] = line;
        request->offsets[i] = lines[i].offset;
        request->fds[i] = fd;
        request->count = i + 1;
    }
    return request;

fail:
    saved = errno;
    if (request->chip != NULL)
        gpiod_chip_close(request->chip); /* releases the lines requested so far */
    free(request);
    errno = saved;
    return NULL;
}

void cgpio_request_release(cgpio_request *request)
{
    if (request == NULL)
        return;
    gpiod_chip_close(request->chip);
    free(request);
}

int cgpio_request_realtime(cgpio_request *request)
{
    (void)request;
    return 0;
}

int cgpio_request_fds(cgpio_request *request, int *fds, size_t max)
{
    size_t i, n;

    if (request == NULL || (fds == NULL && max > 0)) {
        errno = EINVAL;
        return -1;
    }
    n = request->count < max ? request->count : max;
    for (i = 0; i < n; i++)
        fds[i] = request->fds[i];
    return (int)n;
}

int cgpio_request_read(cgpio_request *request, size_t fd_index, cgpio_event *events, size_t max)
{
    struct gpiod_line_event buffer[CGPIO_V1_FIFO];
    unsigned int offset;
    size_t total = 0, want, i;
    int fd, n;

    if (request == NULL || fd_index >= request->count || (events == NULL && max > 0)) {
        errno = EINVAL;
        return -1;
    }
    if (max > (size_t)2147483647)
        max = (size_t)2147483647;
    fd = request->fds[fd_index];
    offset = request->offsets[fd_index];

    /* One read returns at most 16 (the FIFO); read again only after a full one. */
    while (total < max) {
        want = max - total;
        if (want > CGPIO_V1_FIFO)
            want = CGPIO_V1_FIFO;
        n = gpiod_line_event_read_fd_multiple(fd, buffer, (unsigned int)want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            if (total > 0)
                break; /* hand over what we have; the error comes back on the next call */
            return -1;
        }
        for (i = 0; i < (size_t)n; i++) {
            cgpio_event *event = &events[total + i];

            event->offset = offset;
            event->rising = buffer[i].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
            event->timestamp_ns = (uint64_t)buffer[i].ts.tv_sec * UINT64_C(1000000000) +
                                  (uint64_t)buffer[i].ts.tv_nsec;
            event->line_seqno = 0;
            event->global_seqno = 0;
        }
        total += (size_t)n;
        if ((size_t)n < want)
            break; /* the FIFO is drained */
    }
    return (int)total;
}

int cgpio_request_get_values(cgpio_request *request, int *values, size_t count)
{
    size_t i;
    int value;

    if (request == NULL || values == NULL || count > request->count) {
        errno = EINVAL;
        return -1;
    }
    for (i = 0; i < count; i++) {
        value = gpiod_line_get_value(request->lines[i]); /* logical: active-low applied */
        if (value < 0)
            return -1;
        values[i] = value;
    }
    return 0;
}

#else

/* Built against libgpiod v2: cgpio_v2.c implements the shim. */
typedef int cgpio_v1_not_built;

#endif
