/*
 * cgpio_shim.h: one small C API over libgpiod v1 and v2.
 *
 * wagond's Swift code (GPIOInput) sees only this header. cgpio_v1.c and
 * cgpio_v2.c implement it; exactly one of them compiles, chosen from the
 * libgpiod header: v1's <gpiod.h> defines GPIOD_LINE_BULK_MAX_LINES, v2's
 * does not. Every function that can fail returns -1 (or NULL) and leaves
 * errno set, so callers can report "cannot request line 'east.A' on
 * gpiochip0: Device or resource busy".
 *
 * Levels are logical: with active_low set, a rising event means the line
 * became active (a wheel arrived), whatever the electrical level did.
 */
#ifndef CGPIO_SHIM_H
#define CGPIO_SHIM_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cgpio_chip cgpio_chip;
typedef struct cgpio_request cgpio_request;

enum cgpio_bias {
    CGPIO_BIAS_AS_IS = 0,
    CGPIO_BIAS_DISABLED = 1,
    CGPIO_BIAS_PULL_UP = 2,
    CGPIO_BIAS_PULL_DOWN = 3,
};

typedef struct {
    unsigned int offset;
    char name[48];       /* "" if the line has no name */
    char consumer[48];   /* "" if unused */
    int used;            /* requested by someone (kernel or user space) */
    int output;          /* 1 output, 0 input */
    int active_low;
    int bias;            /* enum cgpio_bias; AS_IS when unknown (v1 < 1.5) */
} cgpio_line_info;

typedef struct {
    unsigned int offset;   /* line offset on the chip */
    int rising;            /* 1: became active (logical), 0: became inactive */
    uint64_t timestamp_ns; /* kernel timestamp, CLOCK_MONOTONIC unless realtime was asked and granted */
    uint64_t line_seqno;   /* v2: per-line sequence number, from 1; 0 when unknown (v1) */
    uint64_t global_seqno; /* v2: per-request sequence number; 0 when unknown (v1) */
} cgpio_event;

typedef struct {
    unsigned int offset;
    int active_low;
    int bias;                 /* enum cgpio_bias */
    unsigned int debounce_us; /* kernel debounce; v2 only, ignored by v1 (0: none) */
} cgpio_line_config;

/* 1 or 2: the libgpiod API this build uses. */
int cgpio_api_version(void);

/* Opens a chip by path (/dev/gpiochip0). NULL and errno on failure. */
cgpio_chip *cgpio_chip_open(const char *path);
void cgpio_chip_close(cgpio_chip *chip);

/* Chip name (gpiochip0), label (pinctrl-bcm2711) and number of lines.
 * Any output may be NULL (or size 0); strings are truncated, always NUL-terminated. 0 or -1. */
int cgpio_chip_info(cgpio_chip *chip, char *name, size_t name_size,
                    char *label, size_t label_size, unsigned int *num_lines);

int cgpio_line_info_get(cgpio_chip *chip, unsigned int offset, cgpio_line_info *info);

/* Offset of the line with this name, or -1 (errno ENOENT) if none. */
int cgpio_chip_find_line(cgpio_chip *chip, const char *name);

/*
 * Requests lines as inputs with edge detection on both edges. With
 * realtime_clock, v2 asks for CLOCK_REALTIME timestamps; v1 ignores it.
 * The request stays valid after the chip is closed.
 */
cgpio_request *cgpio_request_lines(cgpio_chip *chip, const char *consumer,
                                   const cgpio_line_config *lines, size_t count,
                                   int realtime_clock);
void cgpio_request_release(cgpio_request *request);

/* Whether timestamps of this request are CLOCK_REALTIME (1) or MONOTONIC (0). */
int cgpio_request_realtime(cgpio_request *request);

/*
 * File descriptors to poll for events: v1 has one per line (in the order
 * requested), v2 one for the request. Returns how many, at most max.
 */
int cgpio_request_fds(cgpio_request *request, int *fds, size_t max);

/*
 * Reads up to max pending events from the fd at fd_index without blocking
 * longer than the kernel needs (call after poll said it is readable).
 * Returns the number read, 0 if none was pending, -1 and errno on error
 * (ENODEV when the chip went away).
 */
int cgpio_request_read(cgpio_request *request, size_t fd_index, cgpio_event *events, size_t max);

/* Current logical values of the first count requested lines (count at most
 * the number requested), in request order. 0, or -1 and errno. */
int cgpio_request_get_values(cgpio_request *request, int *values, size_t count);

/*
 * The reader's wake-up, outside libgpiod: an eventfd (non-blocking,
 * close-on-exec) that another thread writes to kick the reader out of its
 * poll; -1 and errno on failure.
 */
int cgpio_wake_create(void);

/*
 * poll() with a nanosecond timeout (ppoll: poll's milliseconds are too
 * coarse for a promise due in 0.6 ms). Same results as poll().
 */
int cgpio_poll(struct pollfd *fds, size_t count, long long timeout_ns);

/*
 * The calling thread's timers fire on time instead of up to 50 µs late
 * (the default timer slack of a thread that is not real-time). 0, or -1.
 */
int cgpio_precise_timers(void);

#ifdef __cplusplus
}
#endif

#endif
