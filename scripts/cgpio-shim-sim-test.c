/*
 * cgpio-shim-sim-test.c: the CGPIOShim against a real kernel's gpio-sim.
 * Needs CONFIG_GPIO_SIM, configfs at /sys/kernel/config and root: run it in
 * the gpio-sim rig's guest. The same body runs for libgpiod v1 and v2
 * (built by scripts/test-cgpio-shim.sh as .build-gpiod2/shim-test/sim-test-v1
 * and sim-test-v2, static). Prints "N passed, N failed"; exits 1 on failure.
 *
 * It creates one simulated chip (label "cgpio-shim", 4 lines named east.A,
 * east.B, west.A, west.B), drives its lines through sysfs "pull" and checks
 * what the shim reports: chip and line info, names, EBUSY, logical levels
 * with active-low, bias, both edges in order with kernel timestamps, v2
 * sequence numbers, realtime timestamps, debounce, a burst, a request that
 * outlives its chip handle, and the chip's removal (ENODEV).
 */
#include "../Sources/CGPIOShim/cgpio_v1.c"
#include "../Sources/CGPIOShim/cgpio_v2.c"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cgpio-check.h"

#define SIM "/sys/kernel/config/gpio-sim/cgpio-shim"

static char chip_name[32], dev_name[64], chip_path[64];


static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    int ok;

    if (f == NULL)
        return -1;
    ok = fputs(text, f) >= 0;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

static int read_text(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    size_t n;

    if (f == NULL)
        return -1;
    n = fread(buf, 1, size - 1, f);
    fclose(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
        n--;
    buf[n] = '\0';
    return 0;
}

static uint64_t now_ns(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

/* Sets the simulated external pull of a line: 1 pull-up (high), 0 pull-down. */
static int pull(unsigned int offset, int high)
{
    char path[192];

    snprintf(path, sizeof(path), "/sys/devices/platform/%s/%s/sim_gpio%u/pull", dev_name,
             chip_name, offset);
    return write_text(path, high ? "pull-up" : "pull-down");
}

static int create_sim(void)
{
    static const char *names[] = { "east.A", "east.B", "west.A", "west.B" };
    char path[128];
    unsigned int i;

    if (mkdir(SIM, 0755) < 0 || mkdir(SIM "/bank0", 0755) < 0)
        return -1;
    if (write_text(SIM "/bank0/num_lines", "4") < 0 ||
        write_text(SIM "/bank0/label", "cgpio-shim") < 0)
        return -1;
    for (i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), SIM "/bank0/line%u", i);
        if (mkdir(path, 0755) < 0)
            return -1;
        snprintf(path, sizeof(path), SIM "/bank0/line%u/name", i);
        if (write_text(path, names[i]) < 0)
            return -1;
    }
    if (write_text(SIM "/live", "1") < 0)
        return -1;
    if (read_text(SIM "/bank0/chip_name", chip_name, sizeof(chip_name)) < 0 ||
        read_text(SIM "/dev_name", dev_name, sizeof(dev_name)) < 0)
        return -1;
    snprintf(chip_path, sizeof(chip_path), "/dev/%s", chip_name);
    return 0;
}

static void remove_sim(void)
{
    char path[128];
    unsigned int i;

    write_text(SIM "/live", "0");
    for (i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), SIM "/bank0/line%u", i);
        rmdir(path);
    }
    rmdir(SIM "/bank0");
    rmdir(SIM);
}

/* Polls the request's fds and reads until `want` events came or 2 s passed. */
static int collect(cgpio_request *request, cgpio_event *events, int want, int max)
{
    struct pollfd pfds[4];
    int fds[4], nfds, got = 0, i, n, rounds;

    nfds = cgpio_request_fds(request, fds, 4);
    for (i = 0; i < nfds; i++) {
        pfds[i].fd = fds[i];
        pfds[i].events = POLLIN;
    }
    for (rounds = 0; rounds < 20 && got < want; rounds++) {
        if (poll(pfds, (nfds_t)nfds, 100) <= 0)
            continue;
        for (i = 0; i < nfds && got < max; i++) {
            if (!(pfds[i].revents & POLLIN))
                continue;
            n = cgpio_request_read(request, (size_t)i, events + got, (size_t)(max - got));
            if (n < 0)
                return -1;
            got += n;
        }
    }
    return got;
}

static const cgpio_event *find_event(const cgpio_event *events, int n, unsigned int offset, int nth)
{
    int i;

    for (i = 0; i < n; i++)
        if (events[i].offset == offset && nth-- == 0)
            return &events[i];
    return NULL;
}

static void test_info(cgpio_chip *chip)
{
    char name[32], label[32];
    unsigned int lines = 0;
    cgpio_line_info info;

    CHECK(cgpio_chip_info(chip, name, sizeof(name), label, sizeof(label), &lines) == 0);
    CHECK(strcmp(name, chip_name) == 0 && strcmp(label, "cgpio-shim") == 0 && lines == 4);
    CHECK(cgpio_chip_find_line(chip, "east.B") == 1 && cgpio_chip_find_line(chip, "west.B") == 3);
    errno = 0;
    CHECK(cgpio_chip_find_line(chip, "GPIO17") == -1 && errno == ENOENT);
    CHECK(cgpio_line_info_get(chip, 0, &info) == 0 && strcmp(info.name, "east.A") == 0 &&
          info.used == 0 && info.output == 0 && info.consumer[0] == '\0');
    errno = 0;
    CHECK(cgpio_line_info_get(chip, 4, &info) == -1 && errno == EINVAL);
}

static void test_edges(cgpio_chip *chip)
{
    cgpio_line_config lines[2] = {
        { .offset = 0, .active_low = 0, .bias = CGPIO_BIAS_AS_IS },
        { .offset = 1, .active_low = 1, .bias = CGPIO_BIAS_PULL_UP },
    };
    cgpio_event events[64];
    const cgpio_event *e;
    cgpio_line_info info;
    cgpio_request *request, *again;
    uint64_t before;
    int values[2] = { -1, -1 }, n, i;

    request = cgpio_request_lines(chip, "shimtest", lines, 2, 0);
    CHECK(request != NULL);
    if (request == NULL)
        return;
    CHECK(cgpio_request_realtime(request) == 0);
    CHECK(cgpio_request_fds(request, (int[4]){ 0 }, 4) == (cgpio_api_version() == 1 ? 2 : 1));

    CHECK(cgpio_line_info_get(chip, 1, &info) == 0 && info.used && info.active_low &&
          info.bias == CGPIO_BIAS_PULL_UP && strcmp(info.consumer, "shimtest") == 0);
    errno = 0;
    again = cgpio_request_lines(chip, "other", lines, 1, 0);
    CHECK(again == NULL && errno == EBUSY);

    /* Line 0 is pulled down (gpio-sim's default), line 1 up by its bias: both inactive. */
    CHECK(cgpio_request_get_values(request, values, 2) == 0 && values[0] == 0 && values[1] == 0);
    CHECK(cgpio_request_read(request, 0, events, 64) == 0);

    /* A wheel over A (active-high) then B (active-low: pulled down = active). */
    before = now_ns(CLOCK_MONOTONIC);
    CHECK(pull(0, 1) == 0);
    CHECK(pull(1, 0) == 0);
    sleep_ms(20);
    CHECK(cgpio_request_get_values(request, values, 2) == 0 && values[0] == 1 && values[1] == 1);
    CHECK(pull(0, 0) == 0);
    CHECK(pull(1, 1) == 0);
    n = collect(request, events, 4, 64);
    CHECK(n == 4);
    e = find_event(events, n, 0, 0);
    CHECK(e != NULL && e->rising == 1);
    e = find_event(events, n, 0, 1);
    CHECK(e != NULL && e->rising == 0);
    e = find_event(events, n, 1, 0);
    CHECK(e != NULL && e->rising == 1); /* logical: active-low line pulled down */
    e = find_event(events, n, 1, 1);
    CHECK(e != NULL && e->rising == 0);
    for (i = 0; i < n; i++) {
        CHECK(events[i].timestamp_ns >= before && events[i].timestamp_ns <= now_ns(CLOCK_MONOTONIC));
        if (cgpio_api_version() == 2) {
            CHECK(events[i].global_seqno == (uint64_t)i + 1);
            CHECK(events[i].line_seqno >= 1 && events[i].line_seqno <= 2);
            if (i > 0)
                CHECK(events[i].timestamp_ns >= events[i - 1].timestamp_ns);
        } else {
            CHECK(events[i].global_seqno == 0 && events[i].line_seqno == 0);
        }
    }
    printf("# v%d: A rise->fall %.3f ms in the guest\n", cgpio_api_version(),
           n == 4 ? (double)(find_event(events, n, 0, 1)->timestamp_ns -
                             find_event(events, n, 0, 0)->timestamp_ns) / 1e6 : -1.0);

    /* A burst of 40 edges on line 0 with nobody reading: in order; v2 shows every one. */
    for (i = 0; i < 40; i++)
        pull(0, i % 2 == 0);
    n = collect(request, events, 40, 64);
    printf("# v%d: burst of 40 edges unread: %d arrived\n", cgpio_api_version(), n);
    CHECK(n >= 1 && n <= (cgpio_api_version() == 1 ? 16 : 40));
    for (i = 1; i < n; i++) {
        CHECK(events[i].timestamp_ns >= events[i - 1].timestamp_ns);
        if (cgpio_api_version() == 2)
            CHECK(events[i].global_seqno == events[i - 1].global_seqno + 1);
    }
    pull(0, 0);
    collect(request, events, 64, 64);
    cgpio_request_release(request);
    CHECK(cgpio_line_info_get(chip, 1, &info) == 0 && info.used == 0);
}

static void test_clock_and_debounce(cgpio_chip *chip)
{
    cgpio_line_config line = { .offset = 2, .active_low = 0, .bias = CGPIO_BIAS_PULL_DOWN,
                               .debounce_us = 0 };
    cgpio_event events[8];
    cgpio_request *request;
    uint64_t before;
    int n;

    request = cgpio_request_lines(chip, "shimtest", &line, 1, 1);
    CHECK(request != NULL);
    if (request == NULL)
        return;
    CHECK(cgpio_request_realtime(request) == (cgpio_api_version() == 2));
    before = now_ns(cgpio_request_realtime(request) ? CLOCK_REALTIME : CLOCK_MONOTONIC);
    pull(2, 1);
    n = collect(request, events, 1, 8);
    CHECK(n == 1 && events[0].rising == 1 && events[0].timestamp_ns >= before &&
          events[0].timestamp_ns < before + UINT64_C(1000000000));
    pull(2, 0);
    collect(request, events, 1, 8);
    cgpio_request_release(request);

    /* 30 ms kernel debounce (v2; v1 ignores it): a 1 ms glitch vanishes, a held level does not. */
    line.offset = 3;
    line.debounce_us = 30000;
    request = cgpio_request_lines(chip, "shimtest", &line, 1, 0);
    CHECK(request != NULL);
    if (request == NULL)
        return;
    pull(3, 1);
    sleep_ms(150);
    pull(3, 0);
    sleep_ms(150);
    n = collect(request, events, 2, 8);
    CHECK(n == 2 && events[0].rising == 1 && events[1].rising == 0);
    if (cgpio_api_version() == 2) {
        pull(3, 1);
        sleep_ms(1);
        pull(3, 0);
        sleep_ms(200);
        n = cgpio_request_read(request, 0, events, 8);
        printf("# v2: 1 ms glitch under 30 ms debounce gave %d events\n", n);
        CHECK(n == 0);
    }
    cgpio_request_release(request);
}

/* The request outlives its chip handle, then the chip goes away under it. */
static void test_removal(void)
{
    cgpio_line_config line = { .offset = 0, .active_low = 0, .bias = CGPIO_BIAS_AS_IS };
    cgpio_event events[8];
    struct pollfd pfd;
    cgpio_chip *chip = cgpio_chip_open(chip_path);
    cgpio_request *request;
    int fds[4], n;

    CHECK(chip != NULL);
    if (chip == NULL)
        return;
    request = cgpio_request_lines(chip, "shimtest", &line, 1, 0);
    cgpio_chip_close(chip);
    CHECK(request != NULL);
    if (request == NULL)
        return;
    pull(0, 1);
    n = collect(request, events, 1, 8);
    CHECK(n == 1 && events[0].rising == 1);

    CHECK(write_text(SIM "/live", "0") == 0);
    CHECK(cgpio_request_fds(request, fds, 4) >= 1);
    pfd.fd = fds[0];
    pfd.events = POLLIN;
    pfd.revents = 0;
    CHECK(poll(&pfd, 1, 1000) == 1 && (pfd.revents & (POLLHUP | POLLERR)));
    errno = 0;
    CHECK(cgpio_request_read(request, 0, events, 8) == -1 && errno == ENODEV);
    errno = 0;
    CHECK(cgpio_request_get_values(request, (int[1]){ 0 }, 1) == -1 && errno == ENODEV);
    cgpio_request_release(request);
    errno = 0;
    CHECK(cgpio_chip_open(chip_path) == NULL);
    printf("# v%d: open after removal: %s\n", cgpio_api_version(), strerror(errno));
}

int main(void)
{
    cgpio_chip *chip;

    remove_sim(); /* leftovers of an interrupted run */
    if (create_sim() < 0) {
        fprintf(stderr, "cannot create the gpio-sim chip under " SIM ": %s\n", strerror(errno));
        return 1;
    }
    printf("# libgpiod v%d, gpio-sim chip %s (%s)\n", cgpio_api_version(), chip_name, dev_name);
    chip = cgpio_chip_open(chip_path);
    CHECK(chip != NULL);
    if (chip != NULL) {
        test_info(chip);
        test_edges(chip);
        test_clock_and_debounce(chip);
        cgpio_chip_close(chip);
    }
    test_removal();
    remove_sim();
    printf("cgpio-shim-sim v%d: %d passed, %d failed\n", cgpio_api_version(), passed, failed);
    return failed == 0 ? 0 : 1;
}
