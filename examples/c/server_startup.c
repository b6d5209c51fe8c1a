/*
 * A game server's start-up with libsonoran, in C: which plan the community has, which game
 * servers it has configured (registering this one if it is missing), the postals of the map,
 * then a heartbeat with the player count every hour, sent from the game loop without ever
 * waiting for the network.
 *
 * Build and run against the mock (see docs/guides/c-plugin.md):
 *   cc examples/c/server_startup.c $(pkg-config --cflags --libs sonoran) -o server_startup
 *   ./server_startup http://127.0.0.1:8080 --demo
 * --demo runs three simulated hours at a tick per simulated minute, so three heartbeats go
 * out at once. With no URL it reads SONORAN_API_URL, SONORAN_COMMUNITY_ID, SONORAN_API_KEY.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sonoran.h"

#define SERVER_ID 1
#define HEARTBEAT_EVERY_S 3600

static const char *env_or(const char *name, const char *fallback) {
  const char *value = getenv(name);
  return value && *value ? value : fallback;
}

/* Prints `what -> envelope`, frees it, and says whether the call succeeded. */
static int report(const char *what, char *envelope) {
  printf("%s -> %s\n", what, envelope ? envelope : "(null)");
  int ok = envelope && strstr(envelope, "{\"success\":true") == envelope;
  sonoran_string_free(envelope);
  return ok;
}

/* The game's player count (a stand-in). */
static int player_count(long tick) { return 10 + (int)(tick % 7); }

int main(int argc, char **argv) {
  const char *url = argc > 1 && strncmp(argv[1], "--", 2) != 0 ? argv[1] : env_or("SONORAN_API_URL", "https://api.sonorancad.com");
  int demo = argc > 1 && strcmp(argv[argc - 1], "--demo") == 0;
  char config[512];
  snprintf(config, sizeof config, "{\"communityId\":\"%s\",\"apiKey\":\"%s\",\"apiUrl\":\"%s\",\"defaultServerId\":%d}",
           env_or("SONORAN_COMMUNITY_ID", "demo-community"), env_or("SONORAN_API_KEY", "demo-api-key"), url, SERVER_ID);
  SonoranClient *client = sonoran_client_new(config);
  if (client == NULL) {
    fprintf(stderr, "sonoran_client_new: %s\n", sonoran_last_error());
    return 1;
  }

  /* Start-up (blocking calls are fine before the game loop runs). */
  /* 1. The plan: some calls need a higher one, and its name says which the community has. */
  char *version = sonoran_get_version_v2(client, "{}");
  const char *name = version ? strstr(version, "\"name\":\"") : NULL;
  if (name) printf("plan: %.*s\n", (int)strcspn(name + 8, "\""), name + 8);
  if (!report("version", version)) {
    sonoran_client_free(client);
    return 1;
  }

  /* 2. The servers: register this one if the community does not have it yet. */
  char *servers = sonoran_get_servers_v2(client, "{}");
  int configured = servers && strstr(servers, "{\"id\":1,") != NULL;
  int count = 0;
  for (const char *at = servers; at && (at = strstr(at, "{\"id\":")) != NULL; at++) count++;
  printf("servers: %d configured, this one %s\n", count, configured ? "among them" : "missing");
  report("servers", servers);
  if (!configured) {
    report("register", sonoran_set_servers_v2(client, "{\"servers\":[{\"id\":1,\"name\":\"Main Server\",\"mapIp\":\"127.0.0.1\"}]}"));
  }

  /* 3. The map's postals. */
  report("postals", sonoran_set_postals_v2(client,
                                           "{\"postals\":[{\"code\":\"100\",\"x\":425.1,\"y\":-979.2},"
                                           "{\"code\":\"101\",\"x\":300.0,\"y\":-900.5},{\"code\":\"102\",\"x\":-75.3,\"y\":-818.0}]}"));

  /* The game loop: a heartbeat every hour, submitted and collected on later ticks. */
  long seconds_per_tick = demo ? 60 : 1, ticks = demo ? 3 * 60 : -1;
  long last_beat = -HEARTBEAT_EVERY_S;
  uint64_t pending = 0;
  int sent = 0;
  for (long tick = 0; ticks < 0 || tick < ticks || pending; tick++) {
    long now = tick * seconds_per_tick;
    if (!pending && now - last_beat >= HEARTBEAT_EVERY_S && (ticks < 0 || tick < ticks)) {
      char params[64];
      snprintf(params, sizeof params, "{\"playerCount\":%d}", player_count(tick));
      pending = sonoran_submit(client, "heartbeat_v2", params);
      last_beat = now;
      sent++;
    }
    if (pending) {
      char *result = sonoran_poll(client, pending);
      if (result) {
        report("heartbeat", result);
        pending = 0;
      }
    }
    struct timespec tick_time = {0, demo ? 5 * 1000 * 1000 : 1000 * 1000 * 1000};
    nanosleep(&tick_time, NULL);
  }
  printf("heartbeats sent: %d\n", sent);
  sonoran_client_free(client);
  return 0;
}
