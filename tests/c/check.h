/*
 * The C tests' one assertion: CHECK(cond, printf-style message) counts a pass or prints the
 * failure with its line, the condition and the message, and counts it; the test reports
 * `passed` and `failed` at its end.
 * Included by the C tests (tests/c) and the host simulators (tests/arma/sim.c).
 */
#ifndef SONORAN_TEST_CHECK_H
#define SONORAN_TEST_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)                                              \
  do {                                                                \
    if (cond) {                                                       \
      passed++;                                                       \
    } else {                                                          \
      failed++;                                                       \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                   \
      fputc('\n', stderr);                                            \
    }                                                                 \
  } while (0)

#endif
