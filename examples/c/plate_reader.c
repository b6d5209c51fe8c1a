/*
 * A plate reader in C: the game's camera reports every plate in view, every tick; each new
 * plate is looked up with one non-blocking `lookup_v2` (sonoran_submit), collected on a later
 * tick (sonoran_poll), so the game never waits for the network.
 *
 * Lookups are paced at 30 requests a minute per API key, shared by every game server of the
 * community. So the reader looks a plate up at most once per CACHE_SECONDS, keeps one lookup
 * in flight and at most MAX_WAITING plates waiting (dropping the oldest), and spends at most
 * BUDGET lookups a minute itself.
 *
 * Build and run against the mock (see docs/guides/c-plugin.md):
 *   cc examples/c/plate_reader.c $(pkg-config --cflags --libs sonoran) -o plate_reader
 *   ./plate_reader http://127.0.0.1:8080
 * With no argument it reads SONORAN_API_URL, SONORAN_COMMUNITY_ID and SONORAN_API_KEY.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sonoran.h"

#define CACHE_SECONDS 300.0
#define MAX_WAITING 8
#define BUDGET 20
#define MAX_PLATES 64

static const char *env_or(const char *name, const char *fallback) {
  const char *value = getenv(name);
  return value && *value ? value : fallback;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct { char plate[16]; double at; } seen[MAX_PLATES];
static int seen_count;
static char waiting[MAX_WAITING][16];
static int waiting_count;
static double sent[BUDGET];
static int sent_count;
static int sightings, lookups, cached, dropped;

/* Called by the camera for every plate in view, every tick. */
static void sighted(const char *raw) {
  char plate[16];
  size_t i = 0;
  for (; raw[i] && i < sizeof plate - 1; i++) plate[i] = (char)toupper((unsigned char)raw[i]);
  plate[i] = 0;
  sightings++;
  for (int s = 0; s < seen_count; s++) {
    if (strcmp(seen[s].plate, plate) == 0) {
      if (now() - seen[s].at < CACHE_SECONDS) {
        cached++;
        return;
      }
      seen[s].at = now();
      goto queue;
    }
  }
  if (seen_count < MAX_PLATES) {
    snprintf(seen[seen_count].plate, sizeof seen[seen_count].plate, "%s", plate);
    seen[seen_count++].at = now();
  }
queue:
  if (waiting_count == MAX_WAITING) {
    memmove(waiting[0], waiting[1], sizeof waiting[0] * (MAX_WAITING - 1));
    waiting_count--;
    dropped++;
  }
  snprintf(waiting[waiting_count++], sizeof waiting[0], "%s", plate);
}

/* The text after `key` in `text` up to the next quote, copied into `out` ("?" when absent).
 * Enough for this demo's flat reads; a real plugin would hand the envelope to a JSON parser. */
static const char *string_after(const char *text, const char *key, char *out, size_t size) {
  const char *at = text ? strstr(text, key) : NULL;
  snprintf(out, size, "?");
  if (at) {
    at += strlen(key);
    size_t n = 0;
    while (at[n] && at[n] != '"' && n < size - 1) n++;
    memcpy(out, at, n);
    out[n] = 0;
  }
  return out;
}

static void report(const char *plate, const char *result) {
  if (strstr(result, "\"success\":true") == NULL) {
    printf("plate %s: lookup failed: %.160s\n", plate, result);
    return;
  }
  if (strstr(result, "\"data\":[]") != NULL) {
    printf("plate %s: no record\n", plate);
    return;
  }
  /* The first record: its name and id, and fields as the page shows them ({label, value, uid}). */
  char name[64], color[64], model[64], first[64], last[64];
  const char *id = strstr(result, "\"id\":");
  printf("plate %s: %s %ld, %s %s, owner %s %s\n", plate, string_after(result, "\"name\":\"", name, sizeof name),
         id ? strtol(id + 5, NULL, 10) : -1L,
         string_after(result, "\"label\":\"Color\",\"value\":\"", color, sizeof color),
         string_after(result, "\"label\":\"Model\",\"value\":\"", model, sizeof model),
         string_after(result, "\"label\":\"First Name\",\"value\":\"", first, sizeof first),
         string_after(result, "\"label\":\"Last Name\",\"value\":\"", last, sizeof last));
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
  /* The demo camera: cars driving past, some staying in view for many ticks. */
  const char *traffic[] = {"ABC123", "XYZ 999", "abc123", "ABC123", "LSPD 01", "XYZ 999", "ABC123", "BOAT 22"};
  const int traffic_count = (int)(sizeof traffic / sizeof traffic[0]);
  uint64_t in_flight = 0;
  char in_flight_plate[16] = "";
  int tick = 0, failures = 0;
  while (tick < 3000) {
    tick++;
    if (tick <= 400) sighted(traffic[(tick / 10) % traffic_count]);
    /* Collect the lookup in flight, if it is done. */
    if (in_flight != 0) {
      char *result = sonoran_poll(client, in_flight);
      if (result != NULL) {
        report(in_flight_plate, result);
        failures += strstr(result, "\"success\":true") == NULL;
        sonoran_string_free(result);
        in_flight = 0;
      }
    }
    /* Start one lookup when none is in flight and the budget allows. */
    while (sent_count > 0 && now() - sent[0] >= 60.0) {
      memmove(sent, sent + 1, sizeof sent[0] * (size_t)(sent_count - 1));
      sent_count--;
    }
    if (in_flight == 0 && waiting_count > 0 && sent_count < BUDGET) {
      char params[128];
      snprintf(in_flight_plate, sizeof in_flight_plate, "%s", waiting[0]);
      memmove(waiting[0], waiting[1], sizeof waiting[0] * (MAX_WAITING - 1));
      waiting_count--;
      snprintf(params, sizeof params, "{\"plate\":\"%s\",\"types\":[5]}", in_flight_plate);
      in_flight = sonoran_submit(client, "lookup_v2", params);
      sent[sent_count++] = now();
      lookups++;
    }
    if (tick > 400 && in_flight == 0 && waiting_count == 0) break;
    struct timespec frame = {0, 4 * 1000 * 1000};
    nanosleep(&frame, NULL);
  }
  printf("done: %d sightings, %d lookups, %d from cache, %d dropped\n", sightings, lookups, cached, dropped);
  sonoran_client_free(client);
  return failures == 0 && in_flight == 0 ? 0 : 1;
}
