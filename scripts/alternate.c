/*
 * Runs two commands alternately, N times each, and prints the median, mean
 * and 10th/90th percentiles of each one's wall time in milliseconds:
 *
 *   cc -O2 -o target/alternate scripts/alternate.c
 *   target/alternate 600 ./old check --isolated empty.txt -- ./new check --isolated empty.txt
 *
 * On a virtual machine whose speed drifts by 10-20 % over minutes, two
 * hyperfine runs one after the other measure the drift as much as the
 * change; run by run alternation (ABBA order) gives both the same machine.
 * Output goes to /dev/null; a non-zero exit (findings) is not an error.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double run(char **argv) {
    int devnull = open("/dev/null", O_WRONLY);
    double start = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(devnull, 1);
        dup2(devnull, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    double took = now_ms() - start;
    close(devnull);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        fprintf(stderr, "alternate: cannot run %s\n", argv[0]);
        exit(2);
    }
    return took;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *name, double *times, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) sum += times[i];
    qsort(times, n, sizeof(double), by_value);
    printf("%s  median %.3f  mean %.3f  p10 %.3f  p90 %.3f ms\n", name, times[n / 2], sum / n, times[n / 10],
           times[n * 9 / 10]);
}

int main(int argc, char **argv) {
    char **first = argv + 2, **second = NULL;
    int n = argc > 1 ? atoi(argv[1]) : 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            argv[i] = NULL;
            second = argv + i + 1;
        }
    }
    if (n < 10 || second == NULL || first[0] == NULL || second[0] == NULL) {
        fprintf(stderr, "usage: alternate RUNS (>= 10) COMMAND... -- COMMAND...\n");
        return 2;
    }
    double *a = malloc(n * sizeof(double)), *b = malloc(n * sizeof(double));
    for (int i = 0; i < 10; i++) {
        run(first);
        run(second);
    }
    for (int i = 0; i < n; i++) {
        if (i % 2 == 0) {
            a[i] = run(first);
            b[i] = run(second);
        } else {
            b[i] = run(second);
            a[i] = run(first);
        }
    }
    report("first ", a, n);
    report("second", b, n);
    return 0;
}
