/* The panel helper from C, end to end against the mock: the pages' four example panels
 * (fire alarm, door locks, tow and impound, fleet) opened with their definitions, their
 * example states published, CAD actions pressed through the mock and each handled once on
 * this thread and acknowledged; the poll/ack form and the callback form; NULL and bad input.
 *
 * Usage: test_panels MOCK_URL MOCK_BINARY PANELS_DIR, where PANELS_DIR holds
 * <name>.options.json and <name>.state.json for each example (scripts/test.sh writes them
 * from mock/tests/fixtures/panels). Runs under valgrind and AddressSanitizer. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sonoran.h"

#include "check.h"

static const char *mock_url, *mock_bin, *panels_dir;

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

static char *read_file(const char *name, const char *suffix) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.%s.json", panels_dir, name, suffix);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)size + 1);
  size_t got = fread(text, 1, (size_t)size, f);
  text[got] = '\0';
  fclose(f);
  return text;
}

/* The number after `key` in `json` (-1 when absent). */
static long number_after(const char *json, const char *key) {
  const char *at = json ? strstr(json, key) : NULL;
  return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

static long status_number(SonoranPanel *panel, const char *key) {
  char *status = sonoran_panel_status(panel);
  long n = number_after(status, key);
  sonoran_string_free(status);
  return n;
}

/* A CAD user pressing `count` times (the mock's --panel-action with "count"). */
static void press(const char *panel_key, const char *instance, const char *action_id, int n, int count) {
  char command[2048];
  snprintf(command, sizeof command,
           "'%s' --url '%s' --panel-action '{\"serverId\":1,\"panelKey\":\"%s\",\"instanceKey\":\"%s\","
           "\"actionId\":\"%s\",\"values\":{\"n\":%d},\"count\":%d}' >/dev/null",
           mock_bin, mock_url, panel_key, instance, action_id, n, count);
  CHECK(system(command) == 0, "pressed %s %s", panel_key, action_id);
}

static int hub_connected(SonoranClient *c) {
  char *status = sonoran_events_status(c);
  int connected = status && strstr(status, "\"state\":\"connected\"") != NULL;
  sonoran_string_free(status);
  return connected;
}

/* The callback form's handler: counts its calls and answers a result the host keeps. */
typedef struct {
  int calls;
  char last_id[64];
} handled;

static const char *on_action(const char *action_json, void *user_data) {
  handled *h = user_data;
  h->calls++;
  const char *id = strstr(action_json, "\"id\":\"");
  if (id) {
    snprintf(h->last_id, sizeof h->last_id, "%.36s", id + 6);
  }
  return "{\"success\":true,\"message\":\"Done\",\"result\":{\"ok\":true}}";
}

static const struct {
  const char *name, *key, *instance, *action;
} EXAMPLES[] = {
    {"fire-alarm", "example.fire-alarms", NULL, "alarm.set-active"},
    {"door-locks", "example.door-locks", NULL, "door.set-locked"},
    {"tow-impound", "example.tow-requests", NULL, "tow.accept"},
    {"fleet-management", "example.fleet-management", NULL, "fleet.repair"},
};
#define EXAMPLE_COUNT (sizeof EXAMPLES / sizeof EXAMPLES[0])
/* 1,000 CAD actions in all, with the hub up. */
#define PRESSES 250

static void test_the_pages_example_panels(void) {
  char config[512];
  /* Pacing off, as the mock's limit is: 1,000 acknowledgements at the route's 240 a minute
   * would take four minutes and outlive the actions. */
  snprintf(config, sizeof config,
           "{\"communityId\":\"demo-community\",\"apiKey\":\"demo-api-key\",\"apiUrl\":\"%s\",\"rateLimits\":\"off\"}", mock_url);
  SonoranClient *c = sonoran_client_new(config);
  CHECK(c != NULL, "client: %s", sonoran_last_error());
  SonoranPanel *panels[EXAMPLE_COUNT];
  handled counts[EXAMPLE_COUNT];
  char instances[EXAMPLE_COUNT][81];
  memset(counts, 0, sizeof counts);
  for (size_t i = 0; i < EXAMPLE_COUNT; i++) {
    char *options = read_file(EXAMPLES[i].name, "options");
    char *state = read_file(EXAMPLES[i].name, "state");
    const char *instance = strstr(options, "\"instance\":\"");
    snprintf(instances[i], sizeof instances[i], "%s", instance ? instance + 12 : "default");
    char *end = strchr(instances[i], '"');
    if (end) *end = '\0';
    panels[i] = sonoran_panel_open(c, options);
    CHECK(panels[i] != NULL, "%s opened: %s", EXAMPLES[i].name, sonoran_last_error());
    char *set = sonoran_panel_set_state(panels[i], NULL, state);
    CHECK(strstr(set, "\"success\":true") != NULL, "%s state kept: %s", EXAMPLES[i].name, set);
    sonoran_string_free(set);
    free(options);
    free(state);
  }
  for (int tries = 0; tries < 1000 && !hub_connected(c); tries++) sleep_ms(10);
  CHECK(hub_connected(c), "the first panel started push events");
  for (size_t i = 0; i < EXAMPLE_COUNT; i++) {
    for (int tries = 0; tries < 1000 && status_number(panels[i], "\"statesSent\":") < 1; tries++) sleep_ms(10);
    CHECK(status_number(panels[i], "\"statesSent\":") == 1, "%s: the example state landed", EXAMPLES[i].name);
    /* The start-up poll answered: what is pressed from now on comes by push alone. */
    for (int tries = 0; tries < 3000; tries++) {
      char *status = sonoran_panel_status(panels[i]);
      int settled = number_after(status, "\"polls\":") == 1 && strstr(status, "\"polling\":false") != NULL;
      sonoran_string_free(status);
      if (settled) break;
      sleep_ms(10);
    }
    press(EXAMPLES[i].key, instances[i], EXAMPLES[i].action, 1, PRESSES);
  }
  /* The game loop: every panel's actions handled on this thread, once a tick. */
  for (int tick = 0; tick < 3000; tick++) {
    int done = 1;
    for (size_t i = 0; i < EXAMPLE_COUNT; i++) {
      CHECK(sonoran_panel_run(panels[i], on_action, &counts[i]) >= 0, "run");
      if (status_number(panels[i], "\"acked\":") < PRESSES) done = 0;
    }
    if (done) break;
    sleep_ms(10);
  }
  for (size_t i = 0; i < EXAMPLE_COUNT; i++) {
    char *status = sonoran_panel_status(panels[i]);
    CHECK(counts[i].calls == PRESSES, "%s: %d handler calls for %d actions: %s", EXAMPLES[i].name, counts[i].calls, PRESSES, status);
    CHECK(number_after(status, "\"acked\":") == PRESSES, "%s: each acknowledged: %s", EXAMPLES[i].name, status);
    CHECK(number_after(status, "\"polls\":") == 1, "%s: no recovery poll beyond the start: %s", EXAMPLES[i].name, status);
    /* The fire alarm is the mock's seeded panel: the poll page's example action (expiresAt
     * 2026-08-25T18:03:00Z) comes with the start-up poll and is past its lifetime, so it is
     * dropped as expired, never handed out. */
    long expected_expired = i == 0 ? 1 : 0;
    CHECK(number_after(status, "\"duplicates\":") == 0 && number_after(status, "\"expired\":") <= expected_expired, "%s: %s",
          EXAMPLES[i].name, status);
    sonoran_string_free(status);
  }
  /* The poll/ack form, on the door locks: one action taken, its result given. */
  press(EXAMPLES[1].key, instances[1], "door.set-locked", 99, 1);
  char *action = NULL;
  for (int tries = 0; tries < 1000 && !(action = sonoran_panel_poll_action(panels[1])); tries++) sleep_ms(10);
  CHECK(action && strstr(action, "\"values\":{\"n\":99}"), "the pressed action: %s", action ? action : "(none)");
  if (action) {
    char id[40] = {0};
    const char *at = strstr(action, "\"id\":\"");
    if (at) snprintf(id, sizeof id, "%.36s", at + 6);
    char *refused = sonoran_panel_ack(panels[1], id, "{\"success\":true,\"message\":\"x");
    CHECK(strstr(refused, "\"kind\":\"invalid_argument\"") != NULL, "a broken result is refused: %s", refused);
    sonoran_string_free(refused);
    char *acked = sonoran_panel_ack(panels[1], id, "{\"success\":true,\"message\":\"Locked\"}");
    CHECK(strstr(acked, "\"success\":true") != NULL, "acknowledged: %s", acked);
    sonoran_string_free(acked);
    char *twice = sonoran_panel_ack(panels[1], id, NULL);
    CHECK(strstr(twice, "actionId") != NULL, "one result per action: %s", twice);
    sonoran_string_free(twice);
    sonoran_string_free(action);
  }
  for (int tries = 0; tries < 1000 && status_number(panels[1], "\"acked\":") < PRESSES + 1; tries++) sleep_ms(10);
  CHECK(status_number(panels[1], "\"acked\":") == PRESSES + 1, "the poll/ack form's result acknowledged");
  /* A state over 512 KiB is refused before it is kept. */
  size_t big = 600 * 1024;
  char *huge = malloc(big + 32);
  memcpy(huge, "{\"blob\":\"", 9);
  memset(huge + 9, 'x', big);
  memcpy(huge + 9 + big, "\"}", 3);
  char *refused = sonoran_panel_set_state(panels[0], NULL, huge);
  CHECK(strstr(refused, "\"kind\":\"invalid_argument\"") && strstr(refused, "state"), "600 KiB refused: %.200s", refused);
  sonoran_string_free(refused);
  free(huge);
  for (size_t i = 0; i < EXAMPLE_COUNT; i++) sonoran_panel_close(panels[i]);
  sonoran_client_free(c);
}

static void test_null_and_bad_input(void) {
  CHECK(sonoran_panel_open(NULL, "{\"panelKey\":\"doors\"}") == NULL, "NULL client");
  CHECK(strstr(sonoran_last_error(), "client") != NULL, "names the client: %s", sonoran_last_error());
  char config[512];
  snprintf(config, sizeof config, "{\"communityId\":\"demo-community\",\"apiKey\":\"demo-api-key\",\"apiUrl\":\"%s\"}", mock_url);
  SonoranClient *c = sonoran_client_new(config);
  CHECK(sonoran_panel_open(c, NULL) == NULL && strstr(sonoran_last_error(), "options_json"), "NULL options: %s", sonoran_last_error());
  CHECK(sonoran_panel_open(c, "{\"panelKey\":\"Bad Key\",\"startEvents\":false}") == NULL, "bad key");
  CHECK(strstr(sonoran_last_error(), "panelKey") != NULL, "names panelKey: %s", sonoran_last_error());
  CHECK(sonoran_panel_open(c, "{\"panelKey\":\"doors\",\"instnce\":\"x\"}") == NULL && strstr(sonoran_last_error(), "instnce"),
        "unknown option named: %s", sonoran_last_error());
  CHECK(sonoran_panel_open(c, "{\"panelKey\":\"\xff\"}") == NULL && strstr(sonoran_last_error(), "UTF-8"), "bad UTF-8: %s",
        sonoran_last_error());
  char *env = sonoran_panel_set_state(NULL, NULL, "{}");
  CHECK(strstr(env, "\"kind\":\"invalid_argument\"") && strstr(env, "panel"), "NULL panel: %s", env);
  sonoran_string_free(env);
  CHECK(sonoran_panel_poll_action(NULL) == NULL, "no action of a NULL panel");
  CHECK(sonoran_panel_run(NULL, on_action, NULL) == -1, "run of a NULL panel");
  env = sonoran_panel_status(NULL);
  CHECK(strstr(env, "\"success\":false") != NULL, "status of NULL: %s", env);
  sonoran_string_free(env);
  SonoranPanel *p = sonoran_panel_open(c, "{\"panelKey\":\"doors\",\"startEvents\":false}");
  CHECK(p != NULL, "opened: %s", sonoran_last_error());
  CHECK(sonoran_panel_run(p, NULL, NULL) == -1, "a NULL handler");
  env = sonoran_panel_set_state(p, NULL, "not json");
  CHECK(strstr(env, "state_json") != NULL, "names state_json: %s", env);
  sonoran_string_free(env);
  env = sonoran_panel_ack(p, NULL, NULL);
  CHECK(strstr(env, "action_id") != NULL, "names action_id: %s", env);
  sonoran_string_free(env);
  /* The panel outlives its client. */
  sonoran_client_free(c);
  env = sonoran_panel_status(p);
  CHECK(strstr(env, "\"panelKey\":\"doors\"") != NULL, "status after the client is freed: %s", env);
  sonoran_string_free(env);
  sonoran_panel_close(p);
  sonoran_panel_close(NULL);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s MOCK_URL MOCK_BINARY PANELS_DIR\n", argv[0]);
    return 2;
  }
  mock_url = argv[1];
  mock_bin = argv[2];
  panels_dir = argv[3];
  test_null_and_bad_input();
  test_the_pages_example_panels();
  printf("panels: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
