/* What wagond's sandbox allows, seen from inside it (packaging/boot-test):
 * mlockall, a SCHED_FIFO thread at the asked priority, a writable and
 * executable mapping. One line each, "name: ok" or "name: <errno text>". */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void *idle(void *unused) { (void)unused; return NULL; }

int main(int argc, char **argv) {
    int priority = argc > 1 ? atoi(argv[1]) : 50;
    if (argc < 3 || strcmp(argv[2], "nolock") != 0)
        printf("mlockall: %s\n", mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) ? strerror(errno) : "ok");
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setinheritsched(&attributes, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attributes, SCHED_FIFO);
    struct sched_param parameters = { .sched_priority = priority };
    pthread_attr_setschedparam(&attributes, &parameters);
    pthread_t thread;
    int result = pthread_create(&thread, &attributes, idle, NULL);
    printf("sched_fifo_%d: %s\n", priority, result ? strerror(result) : "ok");
    if (result == 0) pthread_join(thread, NULL);
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap_wx: %s\n", page == MAP_FAILED ? strerror(errno) : "ok");
    return 0;
}
