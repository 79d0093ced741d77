/*
 * cgpio_wait.c: the reader thread's waiting, the same for libgpiod v1 and v2.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <time.h>

#include "cgpio_shim.h"

int cgpio_wake_create(void)
{
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

int cgpio_poll(struct pollfd *fds, size_t count, long long timeout_ns)
{
    struct timespec timeout;

    if (timeout_ns < 0)
        timeout_ns = 0;
    timeout.tv_sec = (time_t)(timeout_ns / 1000000000LL);
    timeout.tv_nsec = (long)(timeout_ns % 1000000000LL);
    return ppoll(fds, (nfds_t)count, &timeout, NULL);
}

int cgpio_precise_timers(void)
{
    /* 1 ns: the smallest slack prctl takes (0 means "the default"). */
    return prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
}
