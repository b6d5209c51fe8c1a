/*
 * What a game server's CAD plugin does, in C, non-blocking from the server's tick:
 *   - a `/status <n>` chat command sets the player's unit status;
 *   - a panic button sets the unit's panic and opens a 911 call at the player's position;
 *   - every few seconds, one `updates[]` call sends every player's map position;
 *   - once a minute, the call list is refreshed.
 * Nothing here waits for the network: each request is submitted, and its result collected
 * by sonoran_poll on a later tick. The library paces each route at its documented limit.
 *
 * Build and run (see docs/recipes/panic-button.md):
 *   cc examples/c/cad_plugin.c $(pkg-config --cflags --libs sonoran) -o cad_plugin
 *   ./cad_plugin http://127.0.0.1:8080          real time: runs until killed
 *   ./cad_plugin http://127.0.0.1:8080 --demo   one tick per game second, 130 ticks, no pacing
 * With no URL it reads SONORAN_API_URL, SONORAN_COMMUNITY_ID and SONORAN_API_KEY.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sonoran.h"

/* The players on the server: their linked community user id and where they are. */
typedef struct {
  const char *name;
  const char *community_user_id;
  double x, y, z, heading;
  const char *street;
} Player;

static Player players[] = {
    {"John", "license:abc123", 425.1, -979.2, 30.7, 90.0, "Mission Row"},
    {"Brian", "Steam:1234", 1850.0, 3680.5, 34.2, 180.0, "Sandy Shores"},
};
#define PLAYERS (sizeof players / sizeof players[0])

/* Requests in flight: their id and what to call them when they finish. */
typedef struct {
  uint64_t id;
  char label[48];
} Pending;
static Pending pending[64];

static void track(uint64_t id, const char *label) {
  for (size_t i = 0; i < sizeof pending / sizeof pending[0]; i++) {
    if (pending[i].id == 0) {
      pending[i].id = id;
      snprintf(pending[i].label, sizeof pending[i].label, "%s", label);
      return;
    }
  }
  fprintf(stderr, "too many requests in flight\n");
}

/* How many calls a get_calls_v2 answer lists between `key` and `next` (a real plugin would
 * use its JSON parser; this counts the `callId`s). */
static int count_calls(const char *answer, const char *key, const char *next) {
  const char *list = strstr(answer, key);
  if (list == NULL) return 0;
  const char *end = strstr(list, next);
  if (end == NULL) end = list + strlen(list);
  int n = 0;
  for (const char *at = strstr(list, "\"callId\""); at != NULL && at < end; at = strstr(at + 1, "\"callId\"")) n++;
  return n;
}

/* One tick's collection: every finished request is printed and forgotten. */
static int collect(SonoranClient *client) {
  int in_flight = 0;
  for (size_t i = 0; i < sizeof pending / sizeof pending[0]; i++) {
    if (pending[i].id == 0) continue;
    char *result = sonoran_poll(client, pending[i].id);
    if (result == NULL) {
      in_flight++;
      continue;
    }
    if (strcmp(pending[i].label, "call list") == 0 && strstr(result, "\"success\":true")) {
      printf("call list: %d dispatch, %d 911\n", count_calls(result, "\"ActiveCalls\"", "\"EmergencyCalls\""),
             count_calls(result, "\"EmergencyCalls\"", "\"ClosedCalls\""));
    }
    printf("%s -> %.150s\n", pending[i].label, result);
    sonoran_string_free(result);
    pending[i].id = 0;
  }
  return in_flight;
}

/* `/status <n>` typed by player `p`. */
static void status_command(SonoranClient *client, const Player *p, int status) {
  char params[256];
  snprintf(params, sizeof params, "{\"communityUserId\":\"%s\",\"status\":%d}", p->community_user_id, status);
  track(sonoran_submit(client, "set_unit_status_v2", params), "/status");
}

/* The panic button of player `p`: panic on the unit, and a 911 call where they stand. */
static void panic_button(SonoranClient *client, const Player *p) {
  char params[512];
  snprintf(params, sizeof params, "{\"communityUserId\":\"%s\",\"isPanic\":true}", p->community_user_id);
  track(sonoran_submit(client, "set_unit_panic_v2", params), "panic");
  snprintf(params, sizeof params,
           "{\"isEmergency\":true,\"caller\":\"%s\",\"location\":\"%s\",\"description\":\"Panic button pressed\","
           "\"metaData\":{\"x\":\"%.1f\",\"y\":\"%.1f\",\"z\":\"%.1f\"}}",
           p->name, p->street, p->x, p->y, p->z);
  track(sonoran_submit(client, "create_emergency_call_v2", params), "911 call");
}

/* Every player's position in one update_unit_locations_v2 call. */
static void flush_locations(SonoranClient *client) {
  char params[2048];
  size_t used = (size_t)snprintf(params, sizeof params, "{\"updates\":[");
  for (size_t i = 0; i < PLAYERS && used < sizeof params; i++) {
    const Player *p = &players[i];
    used += (size_t)snprintf(params + used, sizeof params - used,
                             "%s{\"communityUserId\":\"%s\",\"location\":\"%s\",\"coordinates\":{\"x\":%.2f,\"y\":%.2f,\"z\":%.2f,\"w\":%.1f}}",
                             i ? "," : "", p->community_user_id, p->street, p->x, p->y, p->z, p->heading);
  }
  if (used < sizeof params) snprintf(params + used, sizeof params - used, "]}");
  track(sonoran_submit(client, "update_unit_locations_v2", params), "locations");
}

static const char *env_or(const char *name, const char *fallback) {
  const char *value = getenv(name);
  return value && *value ? value : fallback;
}

int main(int argc, char **argv) {
  int demo = argc > 2 && strcmp(argv[2], "--demo") == 0;
  char config[512];
  snprintf(config, sizeof config, "{\"communityId\":\"%s\",\"apiKey\":\"%s\",\"apiUrl\":\"%s\",\"defaultServerId\":1%s}",
           env_or("SONORAN_COMMUNITY_ID", "demo-community"), env_or("SONORAN_API_KEY", "demo-api-key"),
           argc > 1 ? argv[1] : env_or("SONORAN_API_URL", "http://127.0.0.1:8080"),
           demo ? ",\"rateLimits\":\"off\"" : "");
  SonoranClient *client = sonoran_client_new(config);
  if (client == NULL) {
    fprintf(stderr, "sonoran_client_new: %s\n", sonoran_last_error());
    return 1;
  }
  /* One tick per game second here; a real server ticks faster and checks the clock. */
  const int flush_every = 5, calls_every = 60, last_tick = demo ? 130 : -1;
  for (int second = 0; last_tick < 0 || second <= last_tick; second++) {
    /* The game's own work: players move. */
    for (size_t i = 0; i < PLAYERS; i++) {
      players[i].x += 1.5;
      players[i].heading = (double)((int)(players[i].heading + 10) % 360);
    }
    if (second == 3) status_command(client, &players[0], 4);   /* John types `/status 4` */
    if (second == 10) panic_button(client, &players[0]);       /* John presses panic */
    if (second % flush_every == 0) flush_locations(client);
    if (second % calls_every == 0) track(sonoran_submit(client, "get_calls_v2", "{}"), "call list");
    collect(client);
    struct timespec tick = {demo ? 0 : 1, demo ? 10 * 1000 * 1000 : 0};
    nanosleep(&tick, NULL);
  }
  /* Shutting down: collect what is still in flight (a few ticks at most). */
  for (int i = 0; i < 500 && collect(client) > 0; i++) {
    struct timespec tick = {0, 10 * 1000 * 1000};
    nanosleep(&tick, NULL);
  }
  sonoran_client_free(client);
  return 0;
}
