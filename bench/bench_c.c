/*
 * What libsonoran costs a C host, measured through the C ABI of a dlopen'ed libsonoran.so.
 * Usage: bench_c LIBSONORAN_SO MOCK_URL MODE [N] [REPEATS]
 * Modes (each prints one JSON object per line, read by bench/run.py):
 *   dlopen            time to dlopen the library and create a client (run in a fresh process)
 *   seq N R           R runs of N sequential blocking get_account_units calls: calls/s
 *   submit N R        per-call caller-thread cost of sonoran_submit + the sonoran_poll that
 *                     returns the result; between polls the thread sleeps 50 µs, as a (very
 *                     fast) game loop would between ticks, rather than spinning on a core
 *   inflight N R      R runs of N calls kept 64 in flight (submit 64, poll until done): calls/s
 *   idle              CPU used and threads kept by a live client with nothing to do, over 5 s
 *   rss N1 N2         RSS after N1 and after N2 sequential calls
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

typedef struct SonoranClient SonoranClient;
static SonoranClient *(*client_new)(const char *);
static void (*client_free)(SonoranClient *);
static const char *(*last_error)(void);
static void (*string_free)(char *);
static char *(*get_account_units)(const SonoranClient *, const char *);
static uint64_t (*submit)(const SonoranClient *, const char *, const char *);
static char *(*poll_result)(const SonoranClient *, uint64_t);

static const char *PARAMS = "{\"accountUuid\":\"00000000-0000-0000-0000-000000000000\"}";

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap_us(long us) {
  struct timespec ts = {0, us * 1000};
  nanosleep(&ts, NULL);
}

static void *must(void *symbol, const char *name) {
  if (!symbol) {
    fprintf(stderr, "bench_c: %s: %s\n", name, dlerror());
    exit(2);
  }
  return symbol;
}

static SonoranClient *load(const char *lib, const char *url) {
  void *handle = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
  must(handle, lib);
  *(void **)&client_new = must(dlsym(handle, "sonoran_client_new"), "sonoran_client_new");
  *(void **)&client_free = must(dlsym(handle, "sonoran_client_free"), "sonoran_client_free");
  *(void **)&last_error = must(dlsym(handle, "sonoran_last_error"), "sonoran_last_error");
  *(void **)&string_free = must(dlsym(handle, "sonoran_string_free"), "sonoran_string_free");
  *(void **)&get_account_units = must(dlsym(handle, "sonoran_get_account_units"), "sonoran_get_account_units");
  *(void **)&submit = must(dlsym(handle, "sonoran_submit"), "sonoran_submit");
  *(void **)&poll_result = must(dlsym(handle, "sonoran_poll"), "sonoran_poll");
  char config[512];
  snprintf(config, sizeof config,
           "{\"communityId\":\"demo-community\",\"apiKey\":\"demo-api-key\",\"apiUrl\":\"%s\",\"rateLimits\":\"off\"}", url);
  SonoranClient *client = client_new(config);
  if (!client) {
    fprintf(stderr, "bench_c: %s\n", last_error());
    exit(2);
  }
  return client;
}

static void call_once(SonoranClient *c) {
  char *envelope = get_account_units(c, PARAMS);
  if (!envelope || strncmp(envelope, "{\"success\":true", 15) != 0) {
    fprintf(stderr, "bench_c: call failed: %s\n", envelope ? envelope : "(null)");
    exit(1);
  }
  string_free(envelope);
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static long rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "VmRSS: %ld", &kib) == 1) break;
  if (f) fclose(f);
  return kib;
}

static long cpu_ticks(void) {
  FILE *f = fopen("/proc/self/stat", "r");
  long utime = 0, stime = 0;
  if (f) {
    /* fields 14 and 15; the command (field 2) has no spaces here */
    if (fscanf(f, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld", &utime, &stime) != 2) utime = stime = 0;
    fclose(f);
  }
  return utime + stime;
}

static int threads(void) {
  DIR *d = opendir("/proc/self/task");
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)))
    if (e->d_name[0] != '.') n++;
  if (d) closedir(d);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s LIBSONORAN_SO MOCK_URL MODE [N] [REPEATS]\n", argv[0]);
    return 2;
  }
  const char *lib = argv[1], *url = argv[2], *mode = argv[3];
  long n = argc > 4 ? atol(argv[4]) : 1000;
  long repeats = argc > 5 ? atol(argv[5]) : 5;

  if (strcmp(mode, "dlopen") == 0) {
    double t0 = now_s();
    SonoranClient *c = load(lib, url);
    double t1 = now_s();
    printf("{\"dlopen_client_ms\": %.3f}\n", (t1 - t0) * 1e3);
    client_free(c);
    return 0;
  }

  SonoranClient *c = load(lib, url);
  for (int i = 0; i < 50; i++) call_once(c); /* warm the connection and the allocator */

  if (strcmp(mode, "seq") == 0) {
    for (long r = 0; r < repeats; r++) {
      double t0 = now_s();
      for (long i = 0; i < n; i++) call_once(c);
      printf("{\"seq_calls_per_s\": %.1f}\n", n / (now_s() - t0));
    }
  } else if (strcmp(mode, "submit") == 0) {
    double *costs = malloc(sizeof(double) * n * repeats);
    double *submits = malloc(sizeof(double) * n * repeats);
    double *polls = malloc(sizeof(double) * n * repeats);
    double *cpu = malloc(sizeof(double) * n * repeats);
    long k = 0;
    for (long r = 0; r < repeats; r++)
      for (long i = 0; i < n; i++) {
        double c0 = cpu_now_s();
        double t0 = now_s();
        uint64_t id = submit(c, "get_account_units", PARAMS);
        double submitted = now_s() - t0, polled = 0;
        double cpu_used = cpu_now_s() - c0;
        char *envelope = NULL;
        while (!envelope) {
          double q0 = cpu_now_s();
          double p0 = now_s();
          envelope = poll_result(c, id);
          if (envelope) {
            polled = now_s() - p0;
            cpu_used += cpu_now_s() - q0;
          } else {
            nap_us(50);
          }
        }
        string_free(envelope);
        submits[k] = submitted * 1e6;
        polls[k] = polled * 1e6;
        cpu[k] = cpu_used * 1e6;
        costs[k++] = (submitted + polled) * 1e6;
      }
    qsort(costs, k, sizeof(double), compare);
    qsort(submits, k, sizeof(double), compare);
    qsort(polls, k, sizeof(double), compare);
    qsort(cpu, k, sizeof(double), compare);
    printf("{\"submit_poll_us_p50\": %.2f, \"submit_poll_us_p99\": %.2f, \"submit_poll_us_max\": %.2f, \"calls\": %ld, "
           "\"submit_us_p50\": %.2f, \"submit_us_p99\": %.2f, \"poll_us_p50\": %.2f, \"poll_us_p99\": %.2f, "
           "\"cpu_us_p50\": %.2f, \"cpu_us_p99\": %.2f}\n",
           costs[k / 2], costs[(long)(k * 0.99)], costs[k - 1], k, submits[k / 2], submits[(long)(k * 0.99)], polls[k / 2],
           polls[(long)(k * 0.99)], cpu[k / 2], cpu[(long)(k * 0.99)]);
    free(cpu);
    free(costs);
    free(submits);
    free(polls);
  } else if (strcmp(mode, "tick") == 0) {
    /* At tick cadence: submit, the game's other work for GAP ms (walking 16 MiB, as a frame
     * does), then the poll that returns the envelope; the thread's CPU time of each. */
    static const struct { const char *name, *operation, *params; } cases[] = {
        {"small", "get_account", "{\"username\":\"SonoranBrian\"}"},
        {"medium", "get_account_units", "{\"accountUuid\":\"91de0ce8-c571-11e9-9714-5600023b2434\"}"},
        {"large", "get_accounts", "{\"limit\":100}"},
        {"refused", "get_accounts", "{\"limit\":0}"}, /* invalid: completes inside the submit */
    };
    static const long gaps[] = {1, 10, 90};
    enum { WORK = 16 << 20 };
    volatile unsigned char *work = calloc(WORK, 1);
    double *submits = malloc(sizeof(double) * n), *polls = malloc(sizeof(double) * n), *both = malloc(sizeof(double) * n);
    for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
      if (repeats == 1 && gaps[g] != 10) continue; /* quick: the 10 ms gap only */
      for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        for (long i = 0; i < n; i++) {
          double c0 = cpu_now_s();
          uint64_t id = submit(c, cases[k].operation, cases[k].params);
          double c1 = cpu_now_s();
          double until = now_s() + gaps[g] / 1e3;
          size_t at = 0;
          while (now_s() < until)
            for (int j = 0; j < 4096; j++, at = (at + 4099) % WORK) work[at] += 1;
          char *envelope = NULL;
          double polled = 0;
          while (!envelope) {
            double p0 = cpu_now_s();
            envelope = poll_result(c, id);
            if (envelope) polled = cpu_now_s() - p0;
            else nap_us(1000);
          }
          string_free(envelope);
          submits[i] = (c1 - c0) * 1e6;
          polls[i] = polled * 1e6;
          both[i] = submits[i] + polls[i];
        }
        qsort(submits, n, sizeof(double), compare);
        qsort(polls, n, sizeof(double), compare);
        qsort(both, n, sizeof(double), compare);
        printf("{\"gap_ms\": %ld, \"case\": \"%s\", \"submit_us_p50\": %.1f, \"submit_us_p99\": %.1f, \"poll_us_p50\": %.1f, "
               "\"poll_us_p99\": %.1f, \"both_us_p50\": %.1f, \"both_us_p99\": %.1f}\n",
               gaps[g], cases[k].name, submits[n / 2], submits[(long)(n * 0.99)], polls[n / 2], polls[(long)(n * 0.99)],
               both[n / 2], both[(long)(n * 0.99)]);
      }
    }
    /* The floor under a cold submit: after the same 10 ms of work, the same refused call
     * twice in a row (the first pays for cold caches and TLB, the second is the work), and
     * the one system call any hand-over to another thread makes (an eventfd write). */
    int wake = eventfd(0, EFD_NONBLOCK);
    double *first = malloc(sizeof(double) * n), *second = malloc(sizeof(double) * n), *wakes = malloc(sizeof(double) * n);
    for (long i = 0; i < n; i++) {
      double times[3];
      for (int round = 0; round < 3; round++) {
        double until = now_s() + 10 / 1e3;
        size_t at = 0;
        while (now_s() < until)
          for (int j = 0; j < 4096; j++, at = (at + 4099) % WORK) work[at] += 1;
        double c0 = cpu_now_s();
        if (round < 2) {
          string_free(poll_result(c, submit(c, "get_accounts", "{\"limit\":0}")));
          if (round == 0) string_free(poll_result(c, submit(c, "get_accounts", "{\"limit\":0}")));
        } else {
          uint64_t one = 1;
          if (write(wake, &one, sizeof one) < 0) perror("eventfd");
        }
        times[round] = (cpu_now_s() - c0) * 1e6;
      }
      /* round 0: first + second; round 1: first alone */
      first[i] = times[1];
      second[i] = times[0] - times[1];
      wakes[i] = times[2];
      uint64_t drained;
      if (read(wake, &drained, sizeof drained) < 0) perror("eventfd");
    }
    qsort(first, n, sizeof(double), compare);
    qsort(second, n, sizeof(double), compare);
    qsort(wakes, n, sizeof(double), compare);
    printf("{\"case\": \"cold_vs_warm\", \"first_us_p50\": %.1f, \"second_us_p50\": %.1f, \"wake_us_p50\": %.1f}\n", first[n / 2],
           second[n / 2], wakes[n / 2]);
    free(first);
    free(second);
    free(wakes);
    close(wake);
    /* sonoran_client_new after the first: the caller's CPU time. */
    double *news = malloc(sizeof(double) * 20);
    for (int i = 0; i < 20; i++) {
      char config[256];
      snprintf(config, sizeof config, "{\"communityId\":\"c\",\"apiKey\":\"k\",\"apiUrl\":\"%s\"}", url);
      double c0 = cpu_now_s();
      SonoranClient *extra = client_new(config);
      news[i] = (cpu_now_s() - c0) * 1e3;
      client_free(extra);
    }
    qsort(news, 20, sizeof(double), compare);
    printf("{\"case\": \"client_new\", \"cpu_ms_p50\": %.2f, \"cpu_ms_p99\": %.2f}\n", news[10], news[19]);
    free(news);
    free(submits);
    free(polls);
    free(both);
    free((void *)work);
  } else if (strcmp(mode, "inflight") == 0) {
    enum { WIDTH = 64 };
    for (long r = 0; r < repeats; r++) {
      double t0 = now_s();
      long done = 0;
      while (done < n) {
        uint64_t ids[WIDTH];
        int left = WIDTH;
        for (int i = 0; i < WIDTH; i++) ids[i] = submit(c, "get_account_units", PARAMS);
        while (left > 0)
          for (int i = 0; i < WIDTH; i++) {
            if (!ids[i]) continue;
            char *envelope = poll_result(c, ids[i]);
            if (!envelope) continue;
            if (strncmp(envelope, "{\"success\":true", 15) != 0) {
              fprintf(stderr, "bench_c: in-flight call failed: %s\n", envelope);
              return 1;
            }
            string_free(envelope);
            ids[i] = 0;
            left--;
          }
        done += WIDTH;
      }
      printf("{\"inflight64_calls_per_s\": %.1f}\n", done / (now_s() - t0));
    }
  } else if (strcmp(mode, "idle") == 0) {
    long hz = sysconf(_SC_CLK_TCK);
    long before = cpu_ticks();
    double t0 = now_s();
    sleep(5);
    double seconds = now_s() - t0;
    long used = cpu_ticks() - before;
    printf("{\"idle_cpu_percent\": %.2f, \"threads\": %d, \"idle_seconds\": %.1f}\n", 100.0 * used / hz / seconds, threads(), seconds);
  } else if (strcmp(mode, "rss") == 0) {
    long first = n, second = repeats;
    for (long i = 50; i < first; i++) call_once(c);
    long rss_first = rss_kib();
    for (long i = first; i < second; i++) call_once(c);
    printf("{\"rss_kib_first\": %ld, \"rss_kib_second\": %ld, \"first\": %ld, \"second\": %ld}\n", rss_first, rss_kib(), first, second);
  } else {
    fprintf(stderr, "bench_c: unknown mode %s\n", mode);
    return 2;
  }
  client_free(c);
  return 0;
}
