/*
 * cgpio_v2.c: cgpio_shim.h over libgpiod v2 (2.0 and newer; Debian 13 ships 2.2).
 *
 * Compiles to real code only when <gpiod.h> is v2's, which does not define
 * GPIOD_LINE_BULK_MAX_LINES; against v1's header it is an empty unit and
 * cgpio_v1.c provides the API.
 *
 * How v2 maps onto the shim (see docs/libgpiod.md):
 * - all lines of a request share one kernel request: one fd, one FIFO
 *   (asked for at 1,024 events, the kernel's maximum), events of all lines
 *   in arrival order with per-line and per-request sequence numbers;
 * - per-line settings: input, both edges, active-low, bias, debounce, and
 *   the event clock (CLOCK_REALTIME when asked and the kernel has it,
 *   Linux >= 5.11; otherwise the request falls back to CLOCK_MONOTONIC and
 *   cgpio_request_realtime says 0);
 * - one edge-event buffer per request, allocated here: cgpio_request_read
 *   allocates nothing;
 * - a v2 request owns its fd and is independent of the chip handle.
 */
#include <gpiod.h>

#ifndef GPIOD_LINE_BULK_MAX_LINES

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cgpio_common.h"
#include "cgpio_shim.h"

/* Kernel FIFO and user-space buffer size: GPIO_V2_LINES_MAX * 16, the kernel's cap. */
#define CGPIO_V2_EVENT_BUFFER 1024

struct cgpio_chip {
    struct gpiod_chip *chip;
};

struct cgpio_request {
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *buffer;
    size_t capacity;
    size_t count;
    int fd;
    int realtime;
};

int cgpio_api_version(void)
{
    return 2;
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
    chip->chip = gpiod_chip_open(path);
    if (chip->chip == NULL) {
        saved = errno;
        free(chip);
        errno = saved;
        return NULL;
    }
    return chip;
}

void cgpio_chip_close(cgpio_chip *chip)
{
    if (chip == NULL)
        return;
    gpiod_chip_close(chip->chip);
    free(chip);
}

int cgpio_chip_info(cgpio_chip *chip, char *name, size_t name_size,
                    char *label, size_t label_size, unsigned int *num_lines)
{
    struct gpiod_chip_info *info;

    if (chip == NULL) {
        errno = EINVAL;
        return -1;
    }
    info = gpiod_chip_get_info(chip->chip);
    if (info == NULL)
        return -1;
    cgpio_copy_string(name, name_size, gpiod_chip_info_get_name(info));
    cgpio_copy_string(label, label_size, gpiod_chip_info_get_label(info));
    if (num_lines != NULL)
        *num_lines = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return 0;
}

static int bias_from_v2(enum gpiod_line_bias bias)
{
    switch (bias) {
    case GPIOD_LINE_BIAS_DISABLED:
        return CGPIO_BIAS_DISABLED;
    case GPIOD_LINE_BIAS_PULL_UP:
        return CGPIO_BIAS_PULL_UP;
    case GPIOD_LINE_BIAS_PULL_DOWN:
        return CGPIO_BIAS_PULL_DOWN;
    default: /* AS_IS, UNKNOWN */
        return CGPIO_BIAS_AS_IS;
    }
}

static enum gpiod_line_bias bias_to_v2(int bias)
{
    switch (bias) {
    case CGPIO_BIAS_DISABLED:
        return GPIOD_LINE_BIAS_DISABLED;
    case CGPIO_BIAS_PULL_UP:
        return GPIOD_LINE_BIAS_PULL_UP;
    case CGPIO_BIAS_PULL_DOWN:
        return GPIOD_LINE_BIAS_PULL_DOWN;
    default:
        return GPIOD_LINE_BIAS_AS_IS;
    }
}

int cgpio_line_info_get(cgpio_chip *chip, unsigned int offset, cgpio_line_info *info)
{
    struct gpiod_line_info *line;

    if (chip == NULL || info == NULL) {
        errno = EINVAL;
        return -1;
    }
    line = gpiod_chip_get_line_info(chip->chip, offset); /* EINVAL past the last line */
    if (line == NULL)
        return -1;
    memset(info, 0, sizeof(*info));
    info->offset = offset;
    cgpio_copy_string(info->name, sizeof(info->name), gpiod_line_info_get_name(line));
    cgpio_copy_string(info->consumer, sizeof(info->consumer), gpiod_line_info_get_consumer(line));
    info->used = gpiod_line_info_is_used(line) ? 1 : 0;
    info->output = gpiod_line_info_get_direction(line) == GPIOD_LINE_DIRECTION_OUTPUT;
    info->active_low = gpiod_line_info_is_active_low(line) ? 1 : 0;
    info->bias = bias_from_v2(gpiod_line_info_get_bias(line));
    gpiod_line_info_free(line);
    return 0;
}

int cgpio_chip_find_line(cgpio_chip *chip, const char *name)
{
    if (chip == NULL || name == NULL) {
        errno = EINVAL;
        return -1;
    }
    return gpiod_chip_get_line_offset_from_name(chip->chip, name); /* -1, ENOENT: no such name */
}

/* One attempt at the kernel request; NULL and errno on failure. */
static struct gpiod_line_request *request_once(struct gpiod_chip *chip, const char *consumer,
                                               const cgpio_line_config *lines, size_t count,
                                               int realtime)
{
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    struct gpiod_line_config *line_config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    struct gpiod_line_request *request = NULL;
    size_t i;
    int saved;

    if (settings == NULL || line_config == NULL || request_config == NULL)
        goto done;
    for (i = 0; i < count; i++) {
        gpiod_line_settings_reset(settings);
        if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT) < 0 ||
            gpiod_line_settings_set_edge_detection(settings, GPIOD_LINE_EDGE_BOTH) < 0 ||
            gpiod_line_settings_set_bias(settings, bias_to_v2(lines[i].bias)) < 0 ||
            gpiod_line_settings_set_event_clock(settings, realtime ? GPIOD_LINE_CLOCK_REALTIME
                                                                   : GPIOD_LINE_CLOCK_MONOTONIC) < 0)
            goto done;
        gpiod_line_settings_set_active_low(settings, lines[i].active_low != 0);
        gpiod_line_settings_set_debounce_period_us(settings, lines[i].debounce_us);
        /* The settings are copied: one object serves every line. */
        if (gpiod_line_config_add_line_settings(line_config, &lines[i].offset, 1, settings) < 0)
            goto done;
    }
    if (consumer != NULL)
        gpiod_request_config_set_consumer(request_config, consumer);
    gpiod_request_config_set_event_buffer_size(request_config, CGPIO_V2_EVENT_BUFFER);
    request = gpiod_chip_request_lines(chip, request_config, line_config);

done:
    saved = errno;
    gpiod_request_config_free(request_config);
    gpiod_line_config_free(line_config);
    gpiod_line_settings_free(settings);
    errno = saved;
    return request;
}

cgpio_request *cgpio_request_lines(cgpio_chip *chip, const char *consumer,
                                   const cgpio_line_config *lines, size_t count,
                                   int realtime_clock)
{
    cgpio_request *request;
    int saved;

    if (chip == NULL) {
        errno = EINVAL;
        return NULL;
    }
    if (cgpio_check_line_configs(lines, count) < 0)
        return NULL;
    request = calloc(1, sizeof(*request));
    if (request == NULL)
        return NULL;
    request->count = count;
    request->realtime = realtime_clock != 0;

    request->request = request_once(chip->chip, consumer, lines, count, request->realtime);
    if (request->request == NULL && request->realtime && errno == EINVAL) {
        /* Kernels before 5.11 reject GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME. */
        request->realtime = 0;
        request->request = request_once(chip->chip, consumer, lines, count, 0);
    }
    if (request->request == NULL)
        goto fail;

    request->buffer = gpiod_edge_event_buffer_new(CGPIO_V2_EVENT_BUFFER);
    if (request->buffer == NULL)
        goto fail;
    request->capacity = gpiod_edge_event_buffer_get_capacity(request->buffer);
    request->fd = gpiod_line_request_get_fd(request->request);
    if (cgpio_set_nonblocking(request->fd) < 0)
        goto fail;
    return request;

fail:
    saved = errno;
    gpiod_edge_event_buffer_free(request->buffer);
    gpiod_line_request_release(request->request);
    free(request);
    errno = saved;
    return NULL;
}

void cgpio_request_release(cgpio_request *request)
{
    if (request == NULL)
        return;
    gpiod_edge_event_buffer_free(request->buffer);
    gpiod_line_request_release(request->request);
    free(request);
}

int cgpio_request_realtime(cgpio_request *request)
{
    return request != NULL && request->realtime;
}

int cgpio_request_fds(cgpio_request *request, int *fds, size_t max)
{
    if (request == NULL || (fds == NULL && max > 0)) {
        errno = EINVAL;
        return -1;
    }
    if (max == 0)
        return 0;
    fds[0] = request->fd;
    return 1;
}

int cgpio_request_read(cgpio_request *request, size_t fd_index, cgpio_event *events, size_t max)
{
    struct gpiod_edge_event *edge;
    size_t i;
    int n;

    if (request == NULL || fd_index != 0 || (events == NULL && max > 0)) {
        errno = EINVAL;
        return -1;
    }
    if (max == 0)
        return 0;
    if (max > request->capacity)
        max = request->capacity;

    do {
        n = gpiod_line_request_read_edge_events(request->request, request->buffer, max);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;

    for (i = 0; i < (size_t)n; i++) {
        edge = gpiod_edge_event_buffer_get_event(request->buffer, (unsigned long)i);
        events[i].offset = gpiod_edge_event_get_line_offset(edge);
        events[i].rising = gpiod_edge_event_get_event_type(edge) == GPIOD_EDGE_EVENT_RISING_EDGE;
        events[i].timestamp_ns = gpiod_edge_event_get_timestamp_ns(edge);
        events[i].line_seqno = gpiod_edge_event_get_line_seqno(edge);
        events[i].global_seqno = gpiod_edge_event_get_global_seqno(edge);
    }
    return n;
}

int cgpio_request_get_values(cgpio_request *request, int *values, size_t count)
{
    enum gpiod_line_value read[CGPIO_MAX_LINES];
    size_t i;

    if (request == NULL || values == NULL || count > request->count) {
        errno = EINVAL;
        return -1;
    }
    if (count == 0)
        return 0;
    /* All requested lines in request order, logical (active-low applied); no allocation. */
    if (gpiod_line_request_get_values(request->request, read) < 0)
        return -1;
    for (i = 0; i < count; i++)
        values[i] = read[i] == GPIOD_LINE_VALUE_ACTIVE;
    return 0;
}

#else

/* Built against libgpiod v1: cgpio_v1.c implements the shim. */
typedef int cgpio_v2_not_built;

#endif
