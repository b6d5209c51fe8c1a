/* A stand-in for the Arma 3 server engine, to test sonoran_x64.so on a host without the game.
 *
 * It loads the extension as the engine does (dlopen RTLD_NOW|RTLD_LOCAL, the four RVExtension*
 * symbols), registers a callback with the engine's signature whose queue is small and refuses
 * with -1 when full (and, on purpose, every 5th time anyway), drains that queue once a
 * simulated frame (where the game would fire ExtensionCallback) and calls "poll" each frame as
 * the shipped SQF does. Every answer buffer has guard bytes after it.
 *
 * Checks: no answer overruns its buffer (10,240 bytes, and 64, 1 and 0); every result and
 * event arrives exactly once, its parts in order, each part within the engine's limit; parts
 * join into valid JSON with the expected data (a 911 call, a unit status, a read of 100+
 * units in several parts, the live mirror, 26 push events); refusals are survived; bad
 * arguments get a clear error envelope; a missing or bad sonoran.json is named in the answer;
 * the API key never appears.
 *
 * Usage: sim SO_WITH_CONFIG SO_WITHOUT_CONFIG SO_WITH_BAD_CONFIG MOCK_URL MOCK_BINARY */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int (*engine_callback)(char const *name, char const *function, char const *data);
typedef int (*rv_args_fn)(char *output, unsigned int size, const char *function, const char **argv, unsigned int argc);
typedef void (*rv_fn)(char *output, unsigned int size, const char *function);
typedef void (*rv_version_fn)(char *output, unsigned int size);
typedef void (*rv_register_fn)(engine_callback callback);

#define OUTPUT_SIZE 10240
#define GUARD 256
#define QUEUE_CAPACITY 4
#define API_KEY "demo-api-key"

#include "../c/check.h"

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- the engine's callback queue ------------------------------------------------------- */

typedef struct {
  char *function, *data;
} Delivery;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static Delivery queue[QUEUE_CAPACITY];
static int queue_len;
static long callbacks, refused_full, refused_on_purpose, bad_deliveries, longest_delivery, off_thread;
static pthread_t game_thread;

/* The engine's side of RVExtensionRegisterCallback: takes a copy, or refuses with -1. */
static int engine_cb(char const *name, char const *function, char const *data) {
  pthread_mutex_lock(&queue_lock);
  callbacks++;
  /* The extension calls back only inside callExtension, on the game thread. */
  if (!pthread_equal(pthread_self(), game_thread)) off_thread++;
  int rc = 0;
  size_t len = data ? strlen(data) : 0;
  if ((long)len > longest_delivery) longest_delivery = (long)len;
  if (!name || !function || !data || strcmp(name, "sonoran") != 0 || len + 1 > OUTPUT_SIZE) {
    bad_deliveries++;
  } else if (queue_len == QUEUE_CAPACITY) {
    refused_full++;
    rc = -1;
  } else if (callbacks % 5 == 0) {
    refused_on_purpose++;
    rc = -1;
  } else {
    queue[queue_len].function = strdup(function);
    queue[queue_len].data = strdup(data);
    queue_len++;
  }
  pthread_mutex_unlock(&queue_lock);
  return rc;
}

/* ---- reassembly, as bindings/arma/sqf/fn_onCallback.sqf does it ------------------------ */

typedef struct {
  uint64_t id;
  char function[16];
  long n, got;
  char *text;
  size_t len;
  int complete, taken;
} Message;

static Message *messages;
static size_t message_count, message_room;
static long duplicate_parts, disordered_parts, malformed_parts, key_leaks;

static Message *message(uint64_t id, const char *function) {
  for (size_t i = 0; i < message_count; i++)
    if (messages[i].id == id) return &messages[i];
  if (message_count == message_room) {
    message_room = message_room ? message_room * 2 : 64;
    messages = realloc(messages, message_room * sizeof *messages);
  }
  Message *m = &messages[message_count++];
  memset(m, 0, sizeof *m);
  m->id = id;
  snprintf(m->function, sizeof m->function, "%s", function);
  return m;
}

/* Whether `s` is well-formed UTF-8 (so a part was cut on a character boundary). */
static int valid_utf8(const unsigned char *s) {
  while (*s) {
    int extra = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0) return 0;
    for (int k = 1; k <= extra; k++)
      if ((s[k] & 0xC0) != 0x80) return 0;
    s += extra + 1;
  }
  return 1;
}

static long split_characters;

/* One delivery: `<id>|<i>|<n>|<part>`. */
static void take_part(const char *function, const char *data) {
  char *end;
  uint64_t id = strtoull(data, &end, 10);
  if (*end != '|') goto malformed;
  long i = strtol(end + 1, &end, 10);
  if (*end != '|') goto malformed;
  long n = strtol(end + 1, &end, 10);
  if (*end != '|' || id == 0 || i < 1 || n < 1 || i > n) goto malformed;
  const char *part = end + 1;
  size_t len = strlen(part);
  if (len > 10000) goto malformed;
  if (strstr(data, API_KEY)) key_leaks++;
  if (!valid_utf8((const unsigned char *)part)) split_characters++;
  Message *m = message(id, function);
  if (m->complete) {
    duplicate_parts++;
    return;
  }
  if (i != m->got + 1 || (m->n && m->n != n) || strcmp(m->function, function) != 0) {
    disordered_parts++;
    return;
  }
  m->n = n;
  m->text = realloc(m->text, m->len + len + 1);
  memcpy(m->text + m->len, part, len + 1);
  m->len += len;
  m->got = i;
  if (m->got == m->n) m->complete = 1;
  return;
malformed:
  malformed_parts++;
}

/* ---- a small JSON validator, so "reassembles to valid JSON" is checked, not assumed ---- */

static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  return p;
}

static const char *json_string(const char *p) {
  if (*p++ != '"') return NULL;
  while (*p && *p != '"') {
    if ((unsigned char)*p < 0x20) return NULL;
    if (*p == '\\') {
      p++;
      if (*p == 'u') {
        for (int k = 1; k <= 4; k++)
          if (!strchr("0123456789abcdefABCDEF", p[k]) || !p[k]) return NULL;
        p += 4;
      } else if (!*p || !strchr("\"\\/bfnrt", *p)) {
        return NULL;
      }
    }
    p++;
  }
  return *p == '"' ? p + 1 : NULL;
}

static const char *json_value(const char *p, int depth) {
  if (depth > 256) return NULL;
  p = json_ws(p);
  if (*p == '{' || *p == '[') {
    char close = *p == '{' ? '}' : ']';
    p = json_ws(p + 1);
    if (*p == close) return p + 1;
    for (;;) {
      if (close == '}') {
        p = json_string(json_ws(p));
        if (!p) return NULL;
        p = json_ws(p);
        if (*p++ != ':') return NULL;
      }
      p = json_value(p, depth + 1);
      if (!p) return NULL;
      p = json_ws(p);
      if (*p == close) return p + 1;
      if (*p++ != ',') return NULL;
    }
  }
  if (*p == '"') return json_string(p);
  if (!strncmp(p, "true", 4)) return p + 4;
  if (!strncmp(p, "false", 5)) return p + 5;
  if (!strncmp(p, "null", 4)) return p + 4;
  char *end;
  strtod(p, &end);
  return end == p ? NULL : end;
}

static int valid_json(const char *text) {
  const char *end = text ? json_value(text, 0) : NULL;
  return end && *json_ws(end) == '\0';
}

/* ---- calling the extension as SQF's callExtension does -------------------------------- */

static rv_args_fn rv_args;
static rv_fn rv_plain;
static long answers, overruns;

/* How long the game thread waits in callExtension: the first command (which makes the
 * client from sonoran.json), then every "call" and "poll". */
static double first_us = -1, call_max_us, call_total_us, poll_max_us, poll_total_us;
static long call_count, poll_count;

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* `text` as `str` makes an SQF string: quoted, inner quotes doubled. Caller frees. */
static char *sqf(const char *text) {
  size_t n = strlen(text);
  char *out = malloc(2 * n + 3), *o = out;
  *o++ = '"';
  for (const char *c = text; *c; c++) {
    if (*c == '"') *o++ = '"';
    *o++ = *c;
  }
  *o++ = '"';
  *o = '\0';
  return out;
}

/* Calls `function` with `argc` engine arguments (already as the engine passes them) into a
 * buffer of `size` bytes followed by guard bytes; checks the guard and the NUL; copies the
 * answer to `answer` (of OUTPUT_SIZE bytes). Returns the return code. */
static int call_sized(unsigned int size, char *answer, const char *function, int argc, const char **argv) {
  unsigned char *buffer = malloc(size + GUARD);
  memset(buffer, 0xAB, size + GUARD);
  double started = now_us();
  int rc = rv_args((char *)buffer, size, function, argv, (unsigned int)argc);
  double took = now_us() - started;
  if (first_us < 0 && strcmp(function, "call") == 0 && rc == 2) {
    first_us = took;
  } else if (strcmp(function, "call") == 0) {
    call_count++;
    call_total_us += took;
    if (took > call_max_us) call_max_us = took;
  } else if (strcmp(function, "poll") == 0) {
    poll_count++;
    poll_total_us += took;
    if (took > poll_max_us) poll_max_us = took;
  }
  answers++;
  int intact = 1;
  for (int i = 0; i < GUARD; i++) intact &= buffer[size + i] == 0xAB;
  if (!intact) overruns++;
  CHECK(intact, "%s: the answer overran its %u-byte buffer", function, size);
  if (size > 0) {
    int terminated = memchr(buffer, 0, size) != NULL;
    CHECK(terminated, "%s: no NUL within the %u-byte buffer", function, size);
    snprintf(answer, OUTPUT_SIZE, "%s", terminated ? (char *)buffer : "");
  } else {
    answer[0] = '\0';
  }
  if (strstr(answer, API_KEY)) key_leaks++;
  free(buffer);
  return rc;
}

static int call_ext(char *answer, const char *function, int argc, const char **argv) {
  return call_sized(OUTPUT_SIZE, answer, function, argc, argv);
}

/* One argument given as plain text (quoted here). */
static int call1(char *answer, const char *function, const char *arg) {
  char *quoted = sqf(arg);
  const char *argv[] = {quoted};
  int rc = call_ext(answer, function, 1, argv);
  free(quoted);
  return rc;
}

/* "call" [operation, params]: the id, or 0 (with a FAIL) when not pending. */
static uint64_t submit(const char *operation, const char *params) {
  char answer[OUTPUT_SIZE];
  char *op = sqf(operation), *p = sqf(params);
  const char *argv[] = {op, p};
  int rc = call_ext(answer, "call", 2, argv);
  free(op);
  free(p);
  CHECK(rc == 2 && strtoull(answer, NULL, 10) > 0, "call %s: rc %d, answer %.200s", operation, rc, answer);
  return rc == 2 ? strtoull(answer, NULL, 10) : 0;
}

/* ---- the frame loop ------------------------------------------------------------------- */

static long frames, polls_waiting_max;

/* One frame: the engine hands its queue to ExtensionCallback handlers, then the SQF
 * per-frame handler calls "poll". */
static void frame(void) {
  Delivery taken[QUEUE_CAPACITY];
  pthread_mutex_lock(&queue_lock);
  int n = queue_len;
  memcpy(taken, queue, sizeof taken);
  queue_len = 0;
  pthread_mutex_unlock(&queue_lock);
  for (int i = 0; i < n; i++) {
    take_part(taken[i].function, taken[i].data);
    free(taken[i].function);
    free(taken[i].data);
  }
  char answer[OUTPUT_SIZE];
  int rc = call_ext(answer, "poll", 0, NULL);
  long waiting = -1, in_flight = -1, events = -1, delivered = -1, refused = -1;
  int got = sscanf(answer, "[%ld,%ld,%ld,%ld,%ld]", &waiting, &in_flight, &events, &delivered, &refused);
  if (rc != 0 || got != 5) CHECK(0, "poll: rc %d, answer %.200s", rc, answer);
  /* The extension's own count of refusals is the engine's. */
  pthread_mutex_lock(&queue_lock);
  long engine_refused = refused_full + refused_on_purpose;
  pthread_mutex_unlock(&queue_lock);
  if (got == 5 && refused != engine_refused) CHECK(0, "poll says %ld refused, the engine refused %ld", refused, engine_refused);
  if (waiting > polls_waiting_max) polls_waiting_max = waiting;
  frames++;
  sleep_ms(2);
}

static Message *find(uint64_t id) {
  for (size_t i = 0; i < message_count; i++)
    if (messages[i].id == id) return &messages[i];
  return NULL;
}

/* Runs frames until message `id` is complete (or `ms` pass); takes it (once). */
static const char *wait_result(uint64_t id, long ms) {
  long long deadline = now_ms() + ms;
  while (now_ms() < deadline) {
    Message *m = find(id);
    if (m && m->complete) {
      CHECK(!m->taken, "message %" PRIu64 " taken twice", id);
      m->taken = 1;
      CHECK(strcmp(m->function, "result") == 0, "message %" PRIu64 " came as %s", id, m->function);
      return m->text;
    }
    frame();
  }
  CHECK(0, "no result for id %" PRIu64 " within %ld ms", id, ms);
  return "";
}

/* Counts complete event messages not yet taken, taking them; counts those holding `needle`. */
static int take_events(const char *needle, int *matching) {
  int count = 0;
  for (size_t i = 0; i < message_count; i++) {
    Message *m = &messages[i];
    if (!m->complete || m->taken || strcmp(m->function, "event") != 0) continue;
    m->taken = 1;
    count++;
    CHECK(valid_json(m->text), "event %" PRIu64 " is not JSON: %.200s", m->id, m->text);
    if (needle && matching && strstr(m->text, needle)) (*matching)++;
  }
  return count;
}

static long long number_after(const char *json, const char *key) {
  const char *at = json ? strstr(json, key) : NULL;
  return at ? strtoll(at + strlen(key), NULL, 10) : -1;
}

static int count_of(const char *text, const char *needle) {
  int n = 0;
  for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle)) n++;
  return n;
}

static const char *mock_url, *mock_bin;

static void run_mock(const char *fmt, ...) {
  char args[1024], command[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(args, sizeof args, fmt, ap);
  va_end(ap);
  snprintf(command, sizeof command, "'%s' --url '%s' %s >/dev/null", mock_bin, mock_url, args);
  int rc = system(command);
  CHECK(rc == 0, "mock command failed: %s", command);
}

/* ---- the tests ------------------------------------------------------------------------ */

static void *load(const char *path, rv_args_fn *args, rv_fn *plain, rv_version_fn *version, rv_register_fn *reg) {
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
    exit(2);
  }
  *(void **)args = dlsym(lib, "RVExtensionArgs");
  *(void **)plain = dlsym(lib, "RVExtension");
  *(void **)version = dlsym(lib, "RVExtensionVersion");
  *(void **)reg = dlsym(lib, "RVExtensionRegisterCallback");
  CHECK(*args && *plain && *version && *reg, "%s lacks an RVExtension* symbol", path);
  return lib;
}

/* A copy with no sonoran.json anywhere, and one with a bad field: clear errors, no crash. */
static void config_errors(const char *no_config, const char *bad_config) {
  rv_args_fn args;
  rv_fn plain;
  rv_version_fn version;
  rv_register_fn reg;
  char answer[OUTPUT_SIZE];
  rv_args_fn keep = rv_args;

  load(no_config, &args, &plain, &version, &reg);
  rv_args = args;
  int rc = call1(answer, "call", "get_account_units");
  CHECK(rc == 1 && strstr(answer, "\"kind\":\"invalid_argument\"") && strstr(answer, "no sonoran.json: looked for "),
        "missing config: rc %d %.300s", rc, answer);
  rc = call_ext(answer, "poll", 0, NULL);
  CHECK(rc == 0 && strcmp(answer, "[0,0,0,0,0]") == 0, "poll without a client: rc %d %s", rc, answer);

  load(bad_config, &args, &plain, &version, &reg);
  rv_args = args;
  rc = call1(answer, "events_status", "x");
  CHECK(rc == 1 && strstr(answer, "of \\\"events_status\\\" are 1 given"), "arity before config: %.300s", answer);
  rc = call_ext(answer, "events_status", 0, NULL);
  CHECK(rc == 1 && strstr(answer, "sonoran.json: `timeoutMs`") && !strstr(answer, "bad-config-key"),
        "bad config: rc %d %.300s", rc, answer);
  rv_args = keep;
}

static void bad_arguments(void) {
  char answer[OUTPUT_SIZE];
  int rc = call_ext(answer, "teleport", 0, NULL);
  CHECK(rc == 1 && strstr(answer, "\"success\":false") && strstr(answer, "`teleport` is not a function of sonoran"), "unknown: %s", answer);
  const char *unquoted[] = {"get_account_units"};
  rc = call_ext(answer, "call", 1, unquoted);
  CHECK(rc == 1 && strstr(answer, "`operation` must be an SQF string"), "unquoted: %s", answer);
  const char *undoubled[] = {"\"get\"units\""};
  rc = call_ext(answer, "call", 1, undoubled);
  CHECK(rc == 1 && strstr(answer, "not doubled"), "undoubled quote: %s", answer);
  const char *three[] = {"\"a\"", "\"{}\"", "\"c\""};
  rc = call_ext(answer, "call", 3, three);
  CHECK(rc == 1 && strstr(answer, "are 3 given"), "arity: %s", answer);
  rc = call_ext(answer, "call", 0, NULL);
  CHECK(rc == 1 && strstr(answer, "are 0 given"), "no arguments: %s", answer);
  char *op = sqf("get_account_units"), *bad = sqf("{\"serverId\":");
  const char *bad_json[] = {op, bad};
  rc = call_ext(answer, "call", 2, bad_json);
  CHECK(rc == 1 && strstr(answer, "`params` is not valid JSON"), "bad JSON: %s", answer);
  free(op);
  free(bad);
  const char *not_utf8[] = {"\"\xff\xfe\""};
  rc = call_ext(answer, "call", 1, not_utf8);
  CHECK(rc == 1 && strstr(answer, "not valid UTF-8"), "bad UTF-8: %s", answer);
  /* The form without arguments. */
  char plain[OUTPUT_SIZE + GUARD];
  memset(plain, 0xAB, sizeof plain);
  rv_plain(plain, OUTPUT_SIZE, "version");
  CHECK(strcmp(plain, "0.1.0") == 0 && (unsigned char)plain[OUTPUT_SIZE] == 0xAB, "RVExtension version: %s", plain);
  /* Errors the core finds come through the callback under the id, like results. */
  uint64_t id = submit("no_such_operation", "");
  const char *result = wait_result(id, 5000);
  CHECK(strstr(result, "\"kind\":\"invalid_argument\"") && strstr(result, "no_such_operation"), "unknown operation: %s", result);
  id = submit("set_unit_status_v2", "{\"communityUserId\":\"license:abc123\"}");
  result = wait_result(id, 5000);
  CHECK(strstr(result, "\"kind\":\"invalid_argument\"") && strstr(result, "status"), "missing status: %s", result);
}

static void calls(void) {
  uint64_t e911 = submit("create_emergency_call_v2",
                         "{\"serverId\":1,\"isEmergency\":true,\"caller\":\"John Doe\",\"location\":\"101 Alta Street\","
                         "\"description\":\"Structure fire with \\\"visible\\\" smoke \xc3\xa9\",\"metaData\":{\"x\":\"425.1\",\"y\":\"-979.2\"}}");
  uint64_t status = submit("set_unit_status_v2", "{\"serverId\":1,\"communityUserId\":\"license:abc123\",\"status\":2}");
  const char *result = wait_result(e911, 10000);
  CHECK(valid_json(result) && strstr(result, "\"success\":true") && strstr(result, "\"callId\":") &&
            strstr(result, "\"caller\":\"John Doe\"") && strstr(result, "\\\"visible\\\" smoke \xc3\xa9"),
        "911 call: %.300s", result);
  result = wait_result(status, 10000);
  CHECK(valid_json(result) && strstr(result, "\"success\":true") && strstr(result, "\"updated\":1"), "unit status: %.300s", result);
  /* A result of 3-byte characters in several parts: each part cut between characters. */
  enum { EUROS = 5000 };
  char *long_text = malloc(EUROS * 3 + 256), *w = long_text;
  w += sprintf(w, "{\"serverId\":1,\"isEmergency\":false,\"caller\":\"Z\",\"location\":\"a\",\"description\":\"");
  for (int i = 0; i < EUROS; i++) w += sprintf(w, "\xe2\x82\xac");
  sprintf(w, "\"}");
  uint64_t euros = submit("create_emergency_call_v2", long_text);
  const char *echoed = wait_result(euros, 10000);
  Message *m = find(euros);
  /* The description came back whole: all the euro signs, then its closing quote. */
  char *needle = long_text + strlen(long_text) - 2 - 3 * EUROS;
  needle[3 * EUROS + 1] = '\0';
  CHECK(m && m->n >= 2 && valid_json(echoed) && strstr(echoed, needle) != NULL,
        "5000 euro signs: %ld parts, %zu bytes: %.200s", m ? m->n : 0, strlen(echoed), echoed);
  free(long_text);
}

static void large_read(void) {
  run_mock("--control /_mock/units/seed --data '{\"count\":120}'");
  uint64_t id = submit("get_units_v2", "{\"serverId\":1,\"limit\":100}");
  const char *result = wait_result(id, 15000);
  Message *m = find(id);
  CHECK(m && m->n >= 2, "a read of 100 units came in %ld part(s), %zu bytes", m ? m->n : 0, strlen(result));
  CHECK(valid_json(result) && strstr(result, "\"success\":true") && count_of(result, "\"accId\"") >= 100,
        "100 units: %zu bytes, %d units, %.200s", strlen(result), count_of(result, "\"accId\""), result);
  printf("large read: %zu bytes in %ld parts\n", strlen(result), m ? m->n : 0);
}

/* Many results at once through a queue of 4 that also refuses every 5th: all arrive, once. */
static void burst(void) {
  enum { N = 40 };
  uint64_t ids[N];
  char params[128];
  for (int i = 0; i < N; i++) {
    /* Different limits: equal reads would share one request. */
    snprintf(params, sizeof params, "{\"serverId\":1,\"limit\":%d}", i % 2 ? 100 - i : 1 + i);
    ids[i] = submit(i % 3 ? "get_units_v2" : "get_servers_v2", i % 3 ? params : "");
  }
  int ok = 0;
  for (int i = 0; i < N; i++) ok += strstr(wait_result(ids[i], 20000), "\"success\":true") != NULL;
  CHECK(ok == N, "burst: %d of %d succeeded", ok, N);
}

/* cancel: a pending call completes as cancelled, once; budget answers at once. */
static void cancel_and_budget(void) {
  char answer[OUTPUT_SIZE];
  run_mock("--control '/_mock/fault?endpoint=get_servers_v2' --data 'delay:3000,times:1'");
  uint64_t id = submit("get_servers_v2", "");
  char id_text[32];
  snprintf(id_text, sizeof id_text, "%" PRIu64, id);
  const char *argv[] = {id_text};
  int rc = call_ext(answer, "cancel", 1, argv);
  CHECK(rc == 0 && strstr(answer, "\"cancelled\":true"), "cancel: rc %d %s", rc, answer);
  const char *result = wait_result(id, 5000);
  CHECK(strstr(result, "\"kind\":\"cancelled\""), "cancelled result: %s", result);
  rc = call_ext(answer, "cancel", 1, argv);
  CHECK(rc == 0 && strstr(answer, "\"cancelled\":false"), "cancel again: %s", answer);
  const char *bad[] = {"\"soon\""};
  rc = call_ext(answer, "cancel", 1, bad);
  CHECK(rc == 1 && strstr(answer, "`id` must be an integer"), "cancel soon: %s", answer);
  rc = call1(answer, "budget", "get_units_v2");
  CHECK(rc == 0 && strstr(answer, "\"success\":true"), "budget: rc %d %s", rc, answer);
  rc = call1(answer, "budget", "no_such_operation");
  CHECK(rc == 1 && strstr(answer, "no_such_operation"), "budget of nothing: %s", answer);
}

/* Small buffers: an answer that does not fit goes through the callback under an id. */
static void small_buffers(void) {
  char answer[OUTPUT_SIZE];
  int rc = call_sized(64, answer, "teleport", 0, NULL);
  CHECK(rc == 2 && strtoull(answer, NULL, 10) > 0, "64-byte error: rc %d %s", rc, answer);
  const char *result = wait_result(strtoull(answer, NULL, 10), 5000);
  CHECK(strstr(result, "`teleport` is not a function"), "deferred error: %s", result);
  char *op = sqf("get_servers_v2");
  const char *argv[] = {op};
  rc = call_sized(64, answer, "call", 1, argv);
  CHECK(rc == 2, "64-byte call: rc %d %s", rc, answer);
  result = wait_result(strtoull(answer, NULL, 10), 5000);
  CHECK(strstr(result, "\"success\":true"), "64-byte call result: %.200s", result);
  rc = call_sized(1, answer, "call", 1, argv);
  CHECK(rc == 3 && answer[0] == '\0', "1-byte call: rc %d '%s'", rc, answer);
  rc = call_sized(0, answer, "call", 1, argv);
  CHECK(rc == 3, "0-byte call: rc %d", rc);
  free(op);
  /* Those two results still arrive, once each, under ids SQF never saw: main counts them. */
}

static void events_and_mirror(void) {
  char answer[OUTPUT_SIZE];
  int rc = call1(answer, "events", "{\"serverId\":1,\"queue\":3}");
  CHECK(rc == 1 && strstr(answer, "`queue` is not an events option"), "bad events option: %s", answer);
  /* No waitMs (it would hold the game thread): frames run until the hub session is up. */
  rc = call1(answer, "events", "{\"serverId\":1}");
  CHECK(rc == 0 && strstr(answer, "\"hub\":{"), "events: rc %d %.300s", rc, answer);
  long long up_by = now_ms() + 10000;
  while (!strstr(answer, "\"state\":\"connected\"") && now_ms() < up_by) {
    frame();
    rc = call_ext(answer, "events_status", 0, NULL);
  }
  CHECK(strstr(answer, "\"state\":\"connected\""), "the hub session did not come up: %.300s", answer);
  run_mock("--emit all --server-id 1");
  int events = 0, e911 = 0;
  long long deadline = now_ms() + 15000;
  while (events < 26 && now_ms() < deadline) {
    frame();
    events += take_events("\"type\":\"EVENT_911\"", &e911);
  }
  CHECK(events == 26 && e911 >= 1, "events: %d of 26 arrived (%d EVENT_911)", events, e911);

  rc = call1(answer, "locations", "{\"communityUserId\":\"license:abc123\",\"location\":\"Mission Row\",\"coordinates\":{\"x\":441.2,\"y\":-981.9}}");
  CHECK(rc == 0 && strstr(answer, "\"success\":true"), "locations: rc %d %s", rc, answer);
  rc = call1(answer, "locations", "{\"location\":\"Mission Row\"}");
  CHECK(rc == 1 && strstr(answer, "invalid_argument"), "location without a target: %s", answer);
  rc = call_ext(answer, "locations_stats", 0, NULL);
  CHECK(rc == 0 && strstr(answer, "\"queued\""), "locations_stats: %s", answer);

  rc = call1(answer, "mirror", "start");
  CHECK(rc == 0 && strstr(answer, "\"running\":true"), "mirror start: rc %d %.300s", rc, answer);
  deadline = now_ms() + 20000;
  long long version = 0;
  while (version <= 0 && now_ms() < deadline) {
    frame();
    take_events(NULL, NULL);
    rc = call1(answer, "mirror", "version");
    version = number_after(answer, "\"data\":");
  }
  CHECK(version > 0, "the mirror was not seeded: %s", answer);
  rc = call1(answer, "mirror", "units");
  CHECK(rc == 2, "mirror units (120+ units) at 10,240 bytes: rc %d %.100s", rc, answer);
  const char *units = rc == 2 ? wait_result(strtoull(answer, NULL, 10), 5000) : answer;
  CHECK(valid_json(units) && count_of(units, "\"accId\"") >= 100, "mirror units: %d units", count_of(units, "\"accId\""));
  rc = call1(answer, "mirror", "calls");
  CHECK((rc == 0 || rc == 2) && strstr(answer, rc == 0 ? "\"emergencyCalls\"" : ""), "mirror calls: rc %d %.200s", rc, answer);
  if (rc == 2) wait_result(strtoull(answer, NULL, 10), 5000);
  const char *call_args[] = {"\"call\"", "999999"};
  rc = call_ext(answer, "mirror", 2, call_args);
  CHECK(rc == 0 && strstr(answer, "\"data\":null"), "mirror call 999999: %s", answer);
  rc = call_ext(answer, "events_stop", 0, NULL);
  CHECK(rc == 0 && strstr(answer, "\"success\":true"), "events_stop: %.200s", answer);
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s SO SO_WITHOUT_CONFIG SO_WITH_BAD_CONFIG MOCK_URL MOCK_BINARY\n", argv[0]);
    return 2;
  }
  mock_url = argv[4];
  mock_bin = argv[5];
  long long start = now_ms();
  game_thread = pthread_self();

  rv_version_fn version;
  rv_register_fn reg;
  void *lib = load(argv[1], &rv_args, &rv_plain, &version, &reg);
  char out[OUTPUT_SIZE + GUARD];
  memset(out, 0xAB, sizeof out);
  version(out, OUTPUT_SIZE);
  CHECK(strcmp(out, "0.1.0") == 0 && (unsigned char)out[OUTPUT_SIZE] == 0xAB, "RVExtensionVersion: %s", out);
  memset(out, 0xAB, sizeof out);
  version(out, 3);
  CHECK((unsigned char)out[3] == 0xAB, "RVExtensionVersion overran a 3-byte buffer");
  reg(engine_cb);

  bad_arguments();
  calls();
  large_read();
  burst();
  cancel_and_budget();
  small_buffers();
  events_and_mirror();
  config_errors(argv[2], argv[3]);

  /* Let everything in flight land, then nothing may be left half-delivered. */
  for (int i = 0; i < 20; i++) frame();
  long incomplete = 0, untaken = 0;
  for (size_t i = 0; i < message_count; i++) {
    incomplete += !messages[i].complete;
    untaken += messages[i].complete && !messages[i].taken && strcmp(messages[i].function, "result") == 0;
  }
  /* The two results of the calls answered into 1- and 0-byte buffers arrive unasked for. */
  CHECK(incomplete == 0 && untaken == 2, "%ld messages incomplete, %ld results nobody asked for (2 expected)", incomplete, untaken);
  CHECK(duplicate_parts == 0 && disordered_parts == 0 && malformed_parts == 0 && bad_deliveries == 0,
        "parts: %ld duplicate, %ld out of order, %ld malformed, %ld bad deliveries", duplicate_parts, disordered_parts,
        malformed_parts, bad_deliveries);
  CHECK(refused_full > 0 && refused_on_purpose > 0, "refusals were exercised (%ld full, %ld on purpose)", refused_full, refused_on_purpose);
  CHECK(split_characters == 0, "%ld parts were cut inside a UTF-8 character", split_characters);
  CHECK(off_thread == 0, "%ld callbacks came from another thread than the game's", off_thread);
  CHECK(key_leaks == 0, "the API key appeared %ld time(s)", key_leaks);
  CHECK(overruns == 0, "%ld overruns", overruns);

  printf("arma sim: %d checks passed, %d failed; %zu messages, %ld callbacks (%ld refused full, %ld on purpose), "
         "longest part %ld bytes, %ld answers, %ld frames, max %ld parts waiting, %lld ms\n",
         passed, failed, message_count, callbacks, refused_full, refused_on_purpose, longest_delivery, answers, frames,
         polls_waiting_max, now_ms() - start);
  printf("arma sim: time in callExtension: first command (makes the client) %.0f us; call mean %.0f us, max %.0f us "
         "(%ld); poll mean %.0f us, max %.0f us (%ld)\n",
         first_us, call_count ? call_total_us / call_count : 0, call_max_us, call_count, poll_count ? poll_total_us / poll_count : 0,
         poll_max_us, poll_count);
  for (size_t i = 0; i < message_count; i++) free(messages[i].text);
  free(messages);
  (void)lib; /* Like the engine, never unloaded: the extension's threads keep running. */
  return failed ? 1 : 0;
}
