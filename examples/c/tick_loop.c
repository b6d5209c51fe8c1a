/*
 * A game-server plugin's use of libsonoran, in C.
 *
 * It looks an account up with a blocking call (fine at start-up), then, as a game server's
 * tick would, starts non-blocking requests and collects their results on later ticks
 * without ever waiting for the network.
 *
 * Build and run against the mock (see docs/guides/c-plugin.md):
 *   cc examples/c/tick_loop.c $(pkg-config --cflags --libs sonoran) -o tick_loop
 *   ./tick_loop http://127.0.0.1:8080
 * With no argument it reads SONORAN_API_URL, SONORAN_COMMUNITY_ID and SONORAN_API_KEY.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sonoran.h"

static const char *env_or(const char *name, const char *fallback) {
  const char *value = getenv(name);
  return value && *value ? value : fallback;
}

int main(int argc, char **argv) {
  char config[512];
  snprintf(config, sizeof config, "{\"communityId\":\"%s\",\"apiKey\":\"%s\",\"apiUrl\":\"%s\",\"timeoutMs\":5000}",
           env_or("SONORAN_COMMUNITY_ID", "demo-community"), env_or("SONORAN_API_KEY", "demo-api-key"),
           argc > 1 ? argv[1] : env_or("SONORAN_API_URL", "http://127.0.0.1:8080"));

  SonoranClient *client = sonoran_client_new(config);
  if (client == NULL) {
    fprintf(stderr, "sonoran_client_new: %s\n", sonoran_last_error());
    return 1;
  }
  printf("libsonoran %s\n", sonoran_version());

  /* Blocking: fine outside the game loop. Every result is a JSON envelope we must free. */
  char *account = sonoran_get_account(client, "{\"username\":\"SonoranBrian\"}");
  printf("get_account: %.120s...\n", account);
  int ok = strstr(account, "\"success\":true") != NULL;
  sonoran_string_free(account);
  if (!ok) {
    sonoran_client_free(client);
    return 1;
  }

  /* Non-blocking: submit now, poll once per tick. */
  uint64_t units = sonoran_submit(client, "get_account_units", "{\"accountUuid\":\"91de0ce8-c571-11e9-9714-5600023b2434\"}");
  uint64_t page = sonoran_submit(client, "get_accounts", "{\"limit\":10}");
  uint64_t bad = sonoran_submit(client, "get_accounts", "{\"limit\":1000}");
  uint64_t pending[3] = {units, page, bad};
  const char *names[3] = {"get_account_units", "get_accounts", "get_accounts (bad limit)"};
  int left = 3, tick = 0;
  while (left > 0 && tick < 1000) {
    tick++;
    /* ... the game's own work for this tick ... */
    for (int i = 0; i < 3; i++) {
      if (pending[i] == 0) continue;
      char *result = sonoran_poll(client, pending[i]);
      if (result == NULL) continue; /* not yet: try next tick */
      printf("tick %d: %s -> %.160s\n", tick, names[i], result);
      sonoran_string_free(result);
      pending[i] = 0;
      left--;
    }
    struct timespec frame = {0, 16 * 1000 * 1000}; /* ~60 ticks a second */
    nanosleep(&frame, NULL);
  }
  printf("all results collected: %s\n", left == 0 ? "yes" : "no");
  sonoran_client_free(client);
  return left == 0 ? 0 : 1;
}
