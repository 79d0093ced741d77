/*
 * pulse-player: plays a native pulse log into two gpio-sim lines with the
 * log's own timing, for the rig's guest tests.
 *
 *   pulse-player LOG SYSFS_LINE_A SYSFS_LINE_B
 *
 * SYSFS_LINE_* is a line's gpio-sim directory (sim_path LABEL LINE); the
 * player writes "pull-up" for level 1 and "pull-down" for level 0 to its
 * `pull` file at the edge's time relative to the first edge, sleeping on
 * CLOCK_MONOTONIC absolute deadlines so delays do not add up. Prints how
 * many edges it played and its worst lateness.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int open_pull(const char *dir) {
    char path[512];
    snprintf(path, sizeof path, "%s/pull", dir);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) { fprintf(stderr, "pulse-player: cannot open %s: %s\n", path, strerror(errno)); exit(74); }
    return fd;
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: pulse-player LOG SYSFS_LINE_A SYSFS_LINE_B\n"); return 64; }
    FILE *log = fopen(argv[1], "r");
    if (!log) { fprintf(stderr, "pulse-player: cannot open %s: %s\n", argv[1], strerror(errno)); return 66; }
    int fds[2] = { open_pull(argv[2]), open_pull(argv[3]) };
    char line[256];
    long long first = -1;
    int64_t start = 0, worst = 0;
    long played = 0, number = 0;
    while (fgets(line, sizeof line, log)) {
        number++;
        if (line[0] == '#' || strncmp(line, "t_ns", 4) == 0 || line[0] == '\n') continue;
        long long t; char channel[32]; int level;
        if (sscanf(line, "%lld,%31[^,],%d", &t, channel, &level) != 3 || (strcmp(channel, "A") && strcmp(channel, "B"))) {
            fprintf(stderr, "%s:%ld: expected t_ns,A|B,level\n", argv[1], number);
            return 65;
        }
        if (first < 0) { first = t; start = now_ns() + 100000000; }
        int64_t deadline = start + (t - first);
        struct timespec ts = { .tv_sec = deadline / 1000000000, .tv_nsec = deadline % 1000000000 };
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
        const char *pull = level ? "pull-up" : "pull-down";
        if (pwrite(fds[channel[0] == 'B'], pull, strlen(pull), 0) < 0) {
            fprintf(stderr, "pulse-player: write: %s\n", strerror(errno));
            return 74;
        }
        int64_t late = now_ns() - deadline;
        if (late > worst) worst = late;
        played++;
    }
    printf("played %ld edges, worst lateness %.3f ms\n", played, worst / 1e6);
    return 0;
}
