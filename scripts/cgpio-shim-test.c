/*
 * cgpio-shim-test.c: host tests of the CGPIOShim without GPIO hardware.
 * Built and run for libgpiod v1 and v2 by scripts/test-cgpio-shim.sh.
 *
 * It includes the shim's sources, so it can also test the read path
 * white-box: a pipe stands in for the kernel's event fd and carries the
 * kernel's own event structs (struct gpioevent_data for v1,
 * struct gpio_v2_line_event for v2), which libgpiod reads and the shim
 * converts, exactly as it would from /dev/gpiochipN's request fds.
 *
 *   cgpio-shim-test            run the tests
 *   cgpio-shim-test CHIP       also list CHIP's lines through the shim (in the gpio-sim rig)
 */
#include "../Sources/CGPIOShim/cgpio_v1.c"
#include "../Sources/CGPIOShim/cgpio_v2.c"

#include <errno.h>
#include <linux/gpio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cgpio-check.h"


/*
 * Allocation counter: test-cgpio-shim.sh links with -Wl,--wrap=malloc,...
 * and a static libgpiod, so calls from the shim and from libgpiod land here.
 */
static unsigned long allocations;
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *pointer, size_t size);

void *__wrap_malloc(size_t size)
{
    allocations++;
    return __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    allocations++;
    return __real_calloc(count, size);
}

void *__wrap_realloc(void *pointer, size_t size)
{
    allocations++;
    return __real_realloc(pointer, size);
}


static double seconds_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_error_paths(void)
{
    cgpio_line_config lines[3];
    cgpio_chip *chip;

    errno = 0;
    chip = cgpio_chip_open("/dev/nonexistent");
    CHECK(chip == NULL && errno == ENOENT);

    errno = 0;
    chip = cgpio_chip_open("/dev/null"); /* a character device, but not a GPIO chip */
    CHECK(chip == NULL && errno != 0);
    printf("# /dev/null: %s\n", strerror(errno));

    errno = 0;
    chip = cgpio_chip_open(NULL);
    CHECK(chip == NULL && errno == EINVAL);

    cgpio_chip_close(NULL);
    cgpio_request_release(NULL);

    memset(lines, 0, sizeof(lines));
    errno = 0;
    CHECK(cgpio_request_lines(NULL, "t", lines, 1, 0) == NULL && errno == EINVAL);
    errno = 0;
    CHECK(cgpio_chip_info(NULL, NULL, 0, NULL, 0, NULL) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(cgpio_line_info_get(NULL, 0, NULL) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(cgpio_chip_find_line(NULL, "GPIO17") == -1 && errno == EINVAL);

    /* What cgpio_request_lines refuses before asking the kernel. */
    CHECK(cgpio_check_line_configs(lines, 1) == 0);
    errno = 0;
    CHECK(cgpio_check_line_configs(lines, 0) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(cgpio_check_line_configs(NULL, 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(cgpio_check_line_configs(lines, CGPIO_MAX_LINES + 1) == -1 && errno == EINVAL);
    lines[1].offset = 1;
    lines[2].offset = 0; /* the same line twice */
    errno = 0;
    CHECK(cgpio_check_line_configs(lines, 3) == -1 && errno == EINVAL);
    lines[2].offset = 2;
    CHECK(cgpio_check_line_configs(lines, 3) == 0);
    lines[2].bias = 7;
    errno = 0;
    CHECK(cgpio_check_line_configs(lines, 3) == -1 && errno == EINVAL);
}

static void test_copy_string(void)
{
    char small[4];

    cgpio_copy_string(small, sizeof(small), "GPIO17");
    CHECK(strcmp(small, "GPI") == 0);
    cgpio_copy_string(small, sizeof(small), NULL);
    CHECK(strcmp(small, "") == 0);
    cgpio_copy_string(NULL, 0, "x"); /* a caller that wants no name */
}

static int make_pipe(int fds[2])
{
    if (pipe(fds) < 0)
        return -1;
    return cgpio_set_nonblocking(fds[0]);
}

#ifdef GPIOD_LINE_BULK_MAX_LINES

/* v1: one fd per line, events of that line only, 16 per read at most. */
static void write_v1_event(int fd, uint64_t timestamp, int rising)
{
    struct gpioevent_data data;

    memset(&data, 0, sizeof(data));
    data.timestamp = timestamp;
    data.id = rising ? GPIOEVENT_EVENT_RISING_EDGE : GPIOEVENT_EVENT_FALLING_EDGE;
    if (write(fd, &data, sizeof(data)) != (ssize_t)sizeof(data))
        abort();
}

static void test_read_path(void)
{
    cgpio_request request;
    cgpio_event events[64];
    int a[2], b[2], fds[4], i, n;
    double start, elapsed;
    unsigned long before;

    CHECK(make_pipe(a) == 0 && make_pipe(b) == 0);
    memset(&request, 0, sizeof(request));
    request.count = 2;
    request.offsets[0] = 17;
    request.offsets[1] = 27;
    request.fds[0] = a[0];
    request.fds[1] = b[0];

    CHECK(cgpio_request_fds(&request, fds, 4) == 2 && fds[0] == a[0] && fds[1] == b[0]);
    CHECK(cgpio_request_fds(&request, fds, 1) == 1);
    CHECK(cgpio_request_realtime(&request) == 0);

    /* Nothing pending: 0, not a block and not an error. */
    CHECK(cgpio_request_read(&request, 0, events, 64) == 0);
    CHECK(cgpio_request_read(&request, 0, events, 0) == 0);
    errno = 0;
    CHECK(cgpio_request_read(&request, 2, events, 64) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(cgpio_request_read(&request, 0, NULL, 4) == -1 && errno == EINVAL);

    write_v1_event(a[1], UINT64_C(1700000000000000000), 1);
    write_v1_event(a[1], UINT64_C(1700000000001200000), 0);
    write_v1_event(b[1], UINT64_C(1700000000000500000), 1);
    n = cgpio_request_read(&request, 0, events, 64);
    CHECK(n == 2);
    CHECK(events[0].offset == 17 && events[0].rising == 1 &&
          events[0].timestamp_ns == UINT64_C(1700000000000000000));
    CHECK(events[1].offset == 17 && events[1].rising == 0 &&
          events[1].timestamp_ns == UINT64_C(1700000000001200000));
    CHECK(events[0].line_seqno == 0 && events[0].global_seqno == 0);
    n = cgpio_request_read(&request, 1, events, 64);
    CHECK(n == 1 && events[0].offset == 27 && events[0].rising == 1);

    /* More than one v1 read (16) is pending: the shim reads on until a short read. */
    for (i = 0; i < 40; i++)
        write_v1_event(a[1], (uint64_t)(1000 + i), i % 2 == 0);
    n = cgpio_request_read(&request, 0, events, 5);
    CHECK(n == 5 && events[4].timestamp_ns == 1004);
    n = cgpio_request_read(&request, 0, events, 64);
    CHECK(n == 35 && events[0].timestamp_ns == 1005 && events[34].timestamp_ns == 1039);
    CHECK(events[0].rising == 0 && events[1].rising == 1);
    CHECK(cgpio_request_read(&request, 0, events, 64) == 0);

    /* Exactly 16 pending: one full read, then one that finds nothing. */
    for (i = 0; i < 16; i++)
        write_v1_event(a[1], (uint64_t)(2000 + i), 1);
    CHECK(cgpio_request_read(&request, 0, events, 64) == 16);

    /* Cost of one read of one event, and the read path allocates nothing. */
    before = allocations;
    start = seconds_now();
    for (i = 0; i < 100000; i++) {
        write_v1_event(a[1], 1, 1);
        if (cgpio_request_read(&request, 0, events, 64) != 1)
            break;
    }
    elapsed = seconds_now() - start;
    CHECK(i == 100000);
    CHECK(allocations == before);
    printf("# v1 write+read of 1 event through a pipe: %.2f us\n", elapsed / 100000 * 1e6);

    /* A broken fd: -1 and the reason. */
    close(a[1]);
    write_v1_event(b[1], 3000, 1);
    close(b[0]);
    errno = 0;
    CHECK(cgpio_request_read(&request, 1, events, 64) == -1 && errno == EBADF);
    close(a[0]);
    close(b[1]);
}

#else

/* libgpiod v2's internal constructor (in libgpiod.a): wraps a pipe as a request. */
struct gpiod_line_request *gpiod_line_request_from_uapi(struct gpio_v2_line_request *uapi_req,
                                                        const char *chip_name);

static void write_v2_events(int fd, size_t count, uint64_t t0, unsigned int seq0)
{
    struct gpio_v2_line_event data[64];
    size_t i;

    memset(data, 0, sizeof(data));
    for (i = 0; i < count; i++) {
        data[i].timestamp_ns = t0 + i * 1000;
        data[i].id = i % 2 == 0 ? GPIO_V2_LINE_EVENT_RISING_EDGE : GPIO_V2_LINE_EVENT_FALLING_EDGE;
        data[i].offset = i % 2 == 0 ? 17 : 27;
        data[i].seqno = seq0 + (unsigned int)i;
        data[i].line_seqno = seq0 / 2 + (unsigned int)i / 2 + 1;
    }
    if (write(fd, data, count * sizeof(data[0])) != (ssize_t)(count * sizeof(data[0])))
        abort();
}

static cgpio_request *fake_request(int fd)
{
    struct gpio_v2_line_request uapi;
    cgpio_request *request = calloc(1, sizeof(*request));

    memset(&uapi, 0, sizeof(uapi));
    uapi.num_lines = 2;
    uapi.offsets[0] = 17;
    uapi.offsets[1] = 27;
    uapi.fd = fd;
    request->request = gpiod_line_request_from_uapi(&uapi, "gpiochip0");
    request->buffer = gpiod_edge_event_buffer_new(CGPIO_V2_EVENT_BUFFER);
    request->capacity = gpiod_edge_event_buffer_get_capacity(request->buffer);
    request->count = 2;
    request->fd = gpiod_line_request_get_fd(request->request);
    return request;
}

static void test_read_path(void)
{
    cgpio_request *request;
    cgpio_event events[64];
    int p[2], fds[2], n, i;
    double start, elapsed;
    unsigned long before;

    CHECK(make_pipe(p) == 0);
    request = fake_request(p[0]);
    CHECK(request->request != NULL && request->buffer != NULL && request->capacity == 1024);

    CHECK(cgpio_request_fds(request, fds, 2) == 1 && fds[0] == p[0]);
    CHECK(cgpio_request_fds(request, fds, 0) == 0);
    CHECK(cgpio_request_realtime(request) == 0);
    CHECK(cgpio_request_read(request, 0, events, 64) == 0);
    errno = 0;
    CHECK(cgpio_request_read(request, 1, events, 64) == -1 && errno == EINVAL);

    /* Events of both lines on one fd, with sequence numbers. */
    write_v2_events(p[1], 4, UINT64_C(1700000000000000000), 1);
    n = cgpio_request_read(request, 0, events, 64);
    CHECK(n == 4);
    CHECK(events[0].offset == 17 && events[0].rising == 1 &&
          events[0].timestamp_ns == UINT64_C(1700000000000000000) &&
          events[0].global_seqno == 1 && events[0].line_seqno == 1);
    CHECK(events[1].offset == 27 && events[1].rising == 0 &&
          events[1].timestamp_ns == UINT64_C(1700000000000001000) && events[1].global_seqno == 2);
    CHECK(events[3].global_seqno == 4 && events[3].line_seqno == 2);

    /* max smaller than what is pending: the rest stays for the next read. */
    write_v2_events(p[1], 10, 5000, 5);
    CHECK(cgpio_request_read(request, 0, events, 3) == 3 && events[2].global_seqno == 7);
    CHECK(cgpio_request_read(request, 0, events, 64) == 7 && events[6].global_seqno == 14);
    CHECK(cgpio_request_read(request, 0, events, 64) == 0);

    /* Cost of one read of one event, and the read path allocates nothing. */
    before = allocations;
    start = seconds_now();
    for (i = 0; i < 100000; i++) {
        write_v2_events(p[1], 1, 1, 1);
        if (cgpio_request_read(request, 0, events, 64) != 1)
            break;
    }
    elapsed = seconds_now() - start;
    CHECK(i == 100000);
    CHECK(allocations == before);
    printf("# v2 write+read of 1 event through a pipe: %.2f us (1024-event buffer)\n",
           elapsed / 100000 * 1e6);

    close(p[1]);
    cgpio_request_release(request); /* closes p[0] */
}

#endif

/* In the gpio-sim rig: print what the shim sees of a real chip. */
static int list_chip(const char *path)
{
    char name[64], label[64];
    unsigned int lines, i;
    cgpio_line_info info;
    cgpio_chip *chip = cgpio_chip_open(path);

    if (chip == NULL) {
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (cgpio_chip_info(chip, name, sizeof(name), label, sizeof(label), &lines) < 0) {
        fprintf(stderr, "cannot read chip info of %s: %s\n", path, strerror(errno));
        cgpio_chip_close(chip);
        return 1;
    }
    printf("%s [%s] %u lines (libgpiod v%d)\n", name, label, lines, cgpio_api_version());
    for (i = 0; i < lines; i++) {
        if (cgpio_line_info_get(chip, i, &info) < 0) {
            fprintf(stderr, "line %u: %s\n", i, strerror(errno));
            continue;
        }
        printf("  line %3u: \"%s\" %s%s%s bias=%d consumer=\"%s\"\n", info.offset, info.name,
               info.output ? "output" : "input", info.active_low ? " active-low" : "",
               info.used ? " used" : "", info.bias, info.consumer);
    }
    cgpio_chip_close(chip);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long start = allocations;

    CHECK(cgpio_api_version() == EXPECT_API);
    test_error_paths();
    test_copy_string();
    test_read_path();
    CHECK(allocations > start); /* the counter is wired in (v2's fake request allocated) */
    if (argc > 1 && list_chip(argv[1]) != 0)
        failed++;
    printf("cgpio-shim v%d: %d passed, %d failed\n", cgpio_api_version(), passed, failed);
    return failed == 0 ? 0 : 1;
}
