/*
 * One game server of three sharing a key (tests/shared/run.sh, and the benchmark): bursts get_units_v2 and
 * set_unit_status_v2 through the shared limiter, collects every result without waiting for
 * the network, and prints how many succeeded. Exit 0 when every call succeeded.
 *
 *   burst MOCK_URL REDIS_URL NAME [GETS] [STATUSES] [INTERVAL_MS]
 *
 * With INTERVAL_MS, the status changes are spread one per interval (polling in between), so
 * that some are made while Redis is away and some after it is back; the library logs at info.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sonoran.h"

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: burst MOCK_URL REDIS_URL NAME [GETS] [STATUSES] [INTERVAL_MS]\n");
    return 2;
  }
  int gets = argc > 4 ? atoi(argv[4]) : 2, statuses = argc > 5 ? atoi(argv[5]) : 12;
  long interval_ms = argc > 6 ? atol(argv[6]) : 0;
  /* REDIS_URL "none": each process paces itself (the benchmark's comparison). */
  char shared[300] = "";
  if (strcmp(argv[2], "none") != 0) snprintf(shared, sizeof shared, ",\"sharedLimiter\":\"%s\"", argv[2]);
  char config[512];
  snprintf(config, sizeof config,
           "{\"communityId\":\"demo-community\",\"apiKey\":\"demo-api-key\",\"apiUrl\":\"%s\"%s,\"timeoutMs\":150000,\"logLevel\":\"%s\"}",
           argv[1], shared, interval_ms > 0 ? "info" : "warn");
  if (interval_ms > 0) sonoran_set_log_callback(SONORAN_LOG_INFO, NULL, NULL); /* stderr, from info */
  SonoranClient *client = sonoran_client_new(config);
  if (client == NULL) {
    fprintf(stderr, "sonoran_client_new: %s\n", sonoran_last_error());
    return 1;
  }
  uint64_t ids[256];
  int n = 0;
  char params[128];
  for (int i = 0; i < gets && n < 256; i++) {
    snprintf(params, sizeof params, "{\"limit\":%d}", 10 + i); /* different reads: not shared */
    ids[n++] = sonoran_submit(client, "get_units_v2", params);
  }
  for (int i = 0; i < statuses && n < 256; i++) {
    snprintf(params, sizeof params, "{\"identIds\":[%d],\"status\":%d}", i % 2 ? 12 : 1, 2 + i % 2);
    ids[n++] = sonoran_submit(client, "set_unit_status_v2", params);
    if (interval_ms > 0) {
      struct timespec gap = {interval_ms / 1000, (interval_ms % 1000) * 1000 * 1000};
      nanosleep(&gap, NULL);
    }
  }
  int ok = 0, failed = 0, left = n;
  struct timespec tick = {0, 20 * 1000 * 1000};
  while (left > 0) {
    for (int i = 0; i < n; i++) {
      if (ids[i] == 0) continue;
      char *envelope = sonoran_poll(client, ids[i]);
      if (envelope == NULL) continue;
      if (strncmp(envelope, "{\"success\":true", 15) == 0) ok++;
      else { failed++; printf("%s failed: %s\n", argv[3], envelope); }
      sonoran_string_free(envelope);
      ids[i] = 0;
      left--;
    }
    nanosleep(&tick, NULL);
  }
  printf("%s: %d ok, %d failed\n", argv[3], ok, failed);
  sonoran_client_free(client);
  return failed == 0 ? 0 : 1;
}
