/* The live mirror from C, against a mock of its own with the documented rate limits: seeded
 * by one read, CAD-side changes (the mock's control routes) and the client's own dispatch
 * writes shown without a request, versions, notices among the events, reads that go on while
 * a delayed read is on the wire, stop; NULL and bad input.
 *
 * Usage: test_mirror MOCK_URL MOCK_BINARY. Runs under valgrind and AddressSanitizer. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sonoran.h"

#include "check.h"

static const char *mock_url, *mock_bin;
static int resynced_notices, gap_notices;

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

/* The number after `key` in `json` (-1 when absent). */
static long long number_after(const char *json, const char *key) {
  const char *at = json ? strstr(json, key) : NULL;
  return at ? strtoll(at + strlen(key), NULL, 10) : -1;
}

/* A CAD-side change: POSTs `data` to the mock's control route `path`; answers the first
 * number after `key` in its answer (-1 when none). */
static long long control(const char *path, const char *data, const char *key) {
  char command[2048], out[8192] = "";
  snprintf(command, sizeof command, "'%s' --url '%s' --control '%s' --data '%s'", mock_bin, mock_url, path, data);
  FILE *pipe = popen(command, "r");
  size_t got = pipe ? fread(out, 1, sizeof out - 1, pipe) : 0;
  out[got] = '\0';
  int rc = pipe ? pclose(pipe) : -1;
  CHECK(rc == 0, "control %s: %s", path, out);
  if (!key) return 0;
  const char *at = strstr(out, key);
  if (!at) return -1;
  at += strlen(key);
  while (*at && (*at < '0' || *at > '9')) at++;
  return strtoll(at, NULL, 10);
}

/* Takes the waiting events, counting the mirror's notices (a game's tick would handle them). */
static void drain_events(SonoranClient *c) {
  for (;;) {
    char *event = sonoran_events_poll(c);
    int none = event == NULL || strstr(event, "\"data\":null") != NULL;
    if (event && strstr(event, "\"type\":\"MIRROR_RESYNCED\"")) resynced_notices++;
    if (event && strstr(event, "\"type\":\"MIRROR_GAP\"")) gap_notices++;
    sonoran_string_free(event);
    if (none) return;
  }
}

/* Whether the mirror's status holds `needle`. */
static int status_has(SonoranClient *c, const char *needle) {
  char *status = sonoran_mirror_status(c);
  int has = status && strstr(status, needle) != NULL;
  sonoran_string_free(status);
  return has;
}

/* Ticks (events drained, 10 ms apart) until the status holds `needle`, at most 40 s. */
static int tick_until_status(SonoranClient *c, const char *needle) {
  for (int i = 0; i < 4000; i++) {
    drain_events(c);
    if (status_has(c, needle)) return 1;
    sleep_ms(10);
  }
  return 0;
}

static int holds(char *(*read)(const SonoranClient *, int64_t), SonoranClient *c, int64_t id, const char *needle) {
  char *got = read(c, id);
  int has = got && strstr(got, needle) != NULL;
  sonoran_string_free(got);
  return has;
}

static void test_null_and_bad_input(void) {
  char *e = sonoran_mirror_units(NULL);
  CHECK(e && strstr(e, "\"success\":false"), "a NULL client is an error envelope: %s", e);
  sonoran_string_free(e);
  e = sonoran_mirror_start(NULL, NULL);
  CHECK(e && strstr(e, "\"success\":false"), "start on NULL: %s", e);
  sonoran_string_free(e);
  CHECK(sonoran_mirror_version(NULL) == 0, "version of NULL is 0");
  char config[512];
  snprintf(config, sizeof config, "{\"communityId\":\"demo-community\",\"apiKey\":\"demo-api-key\",\"apiUrl\":\"%s\",\"defaultServerId\":1}",
           mock_url);
  SonoranClient *c = sonoran_client_new(config);
  CHECK(c != NULL, "client: %s", sonoran_last_error());
  e = sonoran_mirror_start(c, "{bad");
  CHECK(e && strstr(e, "\"invalid_argument\"") && strstr(e, "options"), "bad JSON names the options: %s", e);
  sonoran_string_free(e);
  e = sonoran_mirror_start(c, "{\"resyncMs\":0}");
  CHECK(e && strstr(e, "\"invalid_argument\"") && strstr(e, "resyncMs"), "a bad option is named: %s", e);
  sonoran_string_free(e);
  e = sonoran_mirror_unit(c, NULL);
  CHECK(e && strstr(e, "\"invalid_argument\"") && strstr(e, "who"), "a NULL who is named: %s", e);
  sonoran_string_free(e);
  e = sonoran_mirror_unit(c, "\xff\xfe");
  CHECK(e && strstr(e, "\"success\":false"), "who that is not UTF-8: %s", e);
  sonoran_string_free(e);
  e = sonoran_mirror_units(c);
  CHECK(e && strstr(e, "\"version\":0") && strstr(e, "\"units\":[]") && strstr(e, "\"complete\":false"),
        "before start: empty, version 0, not complete: %s", e);
  sonoran_string_free(e);
  sonoran_client_free(c);
}

static void test_the_mirror(void) {
  long long first = control("/_mock/units/seed", "{\"count\":8}", "\"identIds\"");
  CHECK(first > 0, "the mock seeded units: %lld", first);
  char config[512];
  snprintf(config, sizeof config, "{\"communityId\":\"demo-community\",\"apiKey\":\"demo-api-key\",\"apiUrl\":\"%s\",\"defaultServerId\":1}",
           mock_url);
  SonoranClient *c = sonoran_client_new(config);
  CHECK(c != NULL, "client: %s", sonoran_last_error());

  char *started = sonoran_mirror_start(c, "{\"minResyncMs\":1000}");
  CHECK(started && strstr(started, "\"success\":true") && strstr(started, "\"running\":true"), "started: %s", started);
  sonoran_string_free(started);
  CHECK(tick_until_status(c, "\"seeded\":true"), "the mirror is seeded");
  CHECK(status_has(c, "\"complete\":true") && status_has(c, "\"lastResyncReasons\":[\"start\"]"), "complete after the start read");

  char needle[128];
  char *units = sonoran_mirror_units(c);
  snprintf(needle, sizeof needle, "\"id\":%lld,", first + 7);
  CHECK(units && strstr(units, "\"success\":true") && strstr(units, needle), "the seeded units are mirrored: %.300s", units);
  uint64_t version = sonoran_mirror_version(c);
  CHECK(version > 0 && (long long)version == number_after(units, "\"version\":"), "the version: %" PRIu64, version);
  sonoran_string_free(units);
  char who[32];
  snprintf(who, sizeof who, "%lld", first);
  char *unit = sonoran_mirror_unit(c, who);
  CHECK(unit && strstr(unit, "\"status\":2"), "unit by identId: %s", unit);
  sonoran_string_free(unit);
  snprintf(who, sizeof who, "license:unit%lld", first);
  unit = sonoran_mirror_unit(c, who);
  CHECK(unit && strstr(unit, "\"communityUserId\":\"license:unit"), "unit by communityUserId: %s", unit);
  sonoran_string_free(unit);
  unit = sonoran_mirror_unit(c, "987654");
  CHECK(unit && strstr(unit, "\"data\":null"), "an unknown unit is null: %s", unit);
  sonoran_string_free(unit);

  /* A CAD-side status change, by its event. */
  char path[128];
  snprintf(path, sizeof path, "/_mock/units/%lld/status", first);
  control(path, "{\"status\":3}", NULL);
  for (int i = 0; i < 4000 && sonoran_mirror_version(c) == version; i++) sleep_ms(10);
  CHECK(sonoran_mirror_version(c) > version, "the version moved");
  snprintf(who, sizeof who, "%lld", first);
  unit = sonoran_mirror_unit(c, who);
  CHECK(unit && strstr(unit, "\"status\":3"), "the new status: %s", unit);
  sonoran_string_free(unit);

  /* The client's own write (the page's example): mirrored from its answer, at once. */
  char *made = sonoran_call(c, "create_dispatch_call_v2",
                            "{\"serverId\":1,\"origin\":0,\"status\":1,\"priority\":1,\"block\":\"100\",\"address\":\"Mission Row\","
                            "\"postal\":\"9001\",\"title\":\"Armed Robbery\",\"code\":\"211\",\"description\":\"Clerk reports a firearm.\","
                            "\"notes\":[],\"communityUserIds\":[\"player-1234\"],\"metaData\":{\"source\":\"integration\",\"x\":\"425.1\","
                            "\"y\":\"-979.2\",\"z\":\"30.7\",\"radius\":\"75\"}}");
  long long call_id = number_after(made, "\"callId\":");
  CHECK(made && strstr(made, "\"success\":true") && call_id > 0, "the call was created: %s", made);
  sonoran_string_free(made);
  CHECK(holds(sonoran_mirror_call, c, call_id, "\"title\":\"Armed Robbery\""), "the own write shows without waiting");
  char *calls = sonoran_mirror_calls(c);
  snprintf(needle, sizeof needle, "\"callId\":%lld", call_id);
  CHECK(calls && strstr(calls, needle) && strstr(calls, "\"emergencyCalls\":["), "calls lists it: %.300s", calls);
  sonoran_string_free(calls);

  /* A 911 call, by its event. */
  long long emergency = control("/_mock/911", "{\"caller\":\"John Doe\",\"location\":\"Legion Square\",\"description\":\"Shots fired\"}",
                                "\"callId\"");
  CHECK(emergency > 0, "the mock opened a 911 call: %lld", emergency);
  int seen = 0;
  for (int i = 0; i < 4000 && !(seen = holds(sonoran_mirror_call, c, emergency, "\"caller\":\"John Doe\"")); i++) sleep_ms(10);
  CHECK(seen, "the 911 call is mirrored");

  /* A unit the mirror never saw changes status: one read, held 3 s on the wire by the mock;
   * reads meanwhile answer the old picture at once. */
  long long late = control("/_mock/units/seed", "{\"count\":1}", "\"identIds\"");
  control("/_mock/fault?endpoint=get_units_v2", "delay:3000,times:1", NULL);
  snprintf(path, sizeof path, "/_mock/units/%lld/status", late);
  control(path, "{\"status\":4}", NULL);
  snprintf(needle, sizeof needle, "\"id\":%lld,", late);
  int during = 0, stale = 0, done = 0;
  for (int i = 0; i < 4000 && !done; i++) {
    drain_events(c);
    units = sonoran_mirror_units(c);
    int pending = status_has(c, "\"resyncPending\":[\"");
    if (pending) {
      during++;
      stale += units && strstr(units, needle) == NULL;
    }
    done = !pending && units && strstr(units, needle) != NULL;
    sonoran_string_free(units);
    sleep_ms(5);
  }
  CHECK(during >= 50 && stale == during, "reads went on during the read, with the old picture: %d %d", during, stale);
  CHECK(done && status_has(c, "\"lastResyncReasons\":[\"unknown_unit\"]"), "the unit is read for");
  /* The read's notice is queued just after the status moves: it comes on this poll or a next one. */
  for (int i = 0; i < 400 && resynced_notices < 2; i++) {
    drain_events(c);
    sleep_ms(5);
  }
  drain_events(c);
  CHECK(resynced_notices == 2 && gap_notices == 0, "MIRROR_RESYNCED for each read: %d, %d gaps", resynced_notices, gap_notices);

  char *stopped = sonoran_mirror_stop(c);
  CHECK(stopped && strstr(stopped, "\"running\":false"), "stopped: %s", stopped);
  sonoran_string_free(stopped);
  units = sonoran_mirror_units(c);
  CHECK(units && strstr(units, needle) && strstr(units, "\"complete\":false"), "still readable, not complete");
  sonoran_string_free(units);
  sonoran_client_free(c);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: test_mirror MOCK_URL MOCK_BINARY\n");
    return 2;
  }
  mock_url = argv[1];
  mock_bin = argv[2];
  test_null_and_bad_input();
  test_the_mirror();
  printf("mirror: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
