/*
 * C tests of libsonoran against the mock Sonoran CAD server.
 * Usage: test_sonoran MOCK_URL MOCK_BINARY
 * The mock must run with its v2 rate limit off (sonoran-mock --rate-limit 0); MOCK_BINARY is
 * the sonoran-mock executable, run with --emit to have the mock send push events.
 * Prints one line per failed check and "N passed, N failed" at the end; exits 1 on failure.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sonoran.h"

#include "check.h"

#define KEY "demo-api-key"
static char config[512];

static int has(const char *envelope, const char *needle) {
  return envelope != NULL && strstr(envelope, needle) != NULL;
}

/* Calls, checks that the envelope contains `needle`, frees it. */
static void expect(char *envelope, const char *needle, const char *what) {
  CHECK(has(envelope, needle), "%s: expected %s in %s", what, needle, envelope ? envelope : "(null)");
  CHECK(!has(envelope, KEY), "%s: the API key leaked: %s", what, envelope ? envelope : "(null)");
  sonoran_string_free(envelope);
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* A loopback port that accepts connections (through the backlog) and never answers. */
static int silent_server(char *url, size_t len) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 128) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &size) != 0) {
    perror("silent_server");
    exit(2);
  }
  snprintf(url, len, "http://127.0.0.1:%d", ntohs(addr.sin_port));
  return fd;
}

static SonoranClient *client_at(const char *url) {
  char json[512];
  snprintf(json, sizeof json, "{\"communityId\":\"demo-community\",\"apiKey\":\"" KEY "\",\"apiUrl\":\"%s\",\"timeoutMs\":20000,\"rateLimits\":\"off\"}", url);
  return sonoran_client_new(json);
}

static void test_version_and_config(void) {
  CHECK(strcmp(sonoran_version(), SONORAN_VERSION) == 0, "version %s", sonoran_version());
  CHECK(strcmp(sonoran_last_error(), "") == 0, "no error yet: %s", sonoran_last_error());

  CHECK(sonoran_client_new(NULL) == NULL, "NULL config");
  CHECK(has(sonoran_last_error(), "config_json"), "%s", sonoran_last_error());
  CHECK(sonoran_client_new("{not json") == NULL, "bad JSON");
  CHECK(has(sonoran_last_error(), "not valid JSON"), "%s", sonoran_last_error());
  CHECK(sonoran_client_new("{\"communityId\":\"c\"}") == NULL, "no apiKey");
  CHECK(has(sonoran_last_error(), "`apiKey` is required"), "%s", sonoran_last_error());
  CHECK(sonoran_client_new("{\"communityId\":\"c\",\"apiKey\":\"sekrit-123\",\"apiUrl\":7}") == NULL, "bad apiUrl");
  CHECK(has(sonoran_last_error(), "apiUrl") && !has(sonoran_last_error(), "sekrit-123"), "%s", sonoran_last_error());
  CHECK(sonoran_client_new("[1]") == NULL, "array config");
  const char bad_utf8[] = {'{', '"', (char)0xff, '"', '}', 0};
  CHECK(sonoran_client_new(bad_utf8) == NULL, "invalid UTF-8");
  CHECK(has(sonoran_last_error(), "UTF-8"), "%s", sonoran_last_error());

  SonoranClient *c = sonoran_client_new(config);
  CHECK(c != NULL, "valid config: %s", sonoran_last_error());
  CHECK(strcmp(sonoran_last_error(), "") == 0, "cleared: %s", sonoran_last_error());
  sonoran_client_free(c);
  sonoran_client_free(NULL);
  sonoran_string_free(NULL);
}

static long ident_id_of(const char *envelope) {
  const char *p = envelope ? strstr(envelope, "\"data\":{\"id\":") : NULL;
  return p ? strtol(p + strlen("\"data\":{\"id\":"), NULL, 10) : -1;
}

static void test_operations(SonoranClient *c) {
  expect(sonoran_get_account(c, "{\"username\":\"SonoranBrian\"}"), "\"uuid\":\"91de0ce8-c571-11e9-9714-5600023b2434\"", "get_account");
  expect(sonoran_get_account(c, "{\"apiId\":\"Steam:1234\"}"), "\"username\":\"SonoranBrian\"", "get_account by apiId");
  expect(sonoran_get_account(c, "{\"username\":\"Nobody\"}"), "\"kind\":\"not_found\"", "get_account unknown");
  expect(sonoran_get_accounts(c, NULL), "\"pagination\":{\"limit\":100,\"offset\":0,\"total\":2}", "get_accounts NULL params");
  expect(sonoran_get_accounts(c, "{\"status\":4}"), "BannedBob", "get_accounts status");
  expect(sonoran_get_account_identifiers(c, "{\"apiId\":\"Steam:1234\"}"), "\"unitNum\":\"E-7\"", "get_account_identifiers");
  expect(sonoran_get_account_units(c, "{\"accountUuid\":\"00000000-0000-0000-0000-000000000000\"}"), "\"coordinates\":{", "get_account_units");
  expect(sonoran_get_account_units(c, "{\"accountUuid\":\"00000000-0000-0000-0000-000000000000\",\"serverId\":9}"),
         "\"kind\":\"not_found\"", "get_account_units unknown server");
  expect(sonoran_call(c, "get_account", "{\"account\":\"00000000-0000-0000-0000-000000000000\"}"), "\"username\":\"JohnDoe\"", "sonoran_call");

  char *added = sonoran_modify_identifier(
      c, "{\"apiId\":\"license:abc123\",\"action\":\"ADD\",\"identifier\":{\"status\":2,\"data\":{\"unitNum\":\"C-3\",\"name\":\"C Test\"}}}");
  long id = ident_id_of(added);
  CHECK(has(added, "\"success\":true") && id > 0, "ADD: %s", added);
  sonoran_string_free(added);
  char params[256];
  snprintf(params, sizeof params, "{\"apiId\":\"license:abc123\",\"action\":1,\"identId\":%ld,\"identifier\":{\"data\":{\"unitNum\":\"C-4\"}}}", id);
  expect(sonoran_modify_identifier(c, params), "\"unitNum\":\"C-4\"", "EDIT");
  expect(sonoran_get_account_units(c, "{\"accountUuid\":\"00000000-0000-0000-0000-000000000000\"}"), "\"unitNum\":\"C-4\"", "EDIT visible in v2");
  snprintf(params, sizeof params, "{\"apiId\":\"license:abc123\",\"action\":\"REMOVE\",\"identId\":%ld}", id);
  char removed[64];
  snprintf(removed, sizeof removed, "\"data\":\"Identifier %ld removed!\"", id);
  expect(sonoran_modify_identifier(c, params), removed, "REMOVE");
}

static void test_bad_input(SonoranClient *c) {
  const char bad_utf8[] = {'{', '"', 'a', 'p', 'i', 'I', 'd', '"', ':', '"', (char)0xc3, (char)0x28, '"', '}', 0};
  expect(sonoran_get_account(NULL, "{\"username\":\"x\"}"), "\"reason\":\"`client` is NULL\"", "NULL client");
  expect(sonoran_get_account_units(c, NULL), "`accountUuid` is required", "NULL params where required");
  expect(sonoran_get_account(c, bad_utf8), "`params_json` is not valid UTF-8", "invalid UTF-8");
  expect(sonoran_get_accounts(c, "{\"limit\":"), "`params` is not valid JSON", "invalid JSON");
  expect(sonoran_get_accounts(c, "[1,2,3]"), "`params` must be a JSON object", "array params");
  expect(sonoran_get_accounts(c, "{\"limit\":\"ten\"}"), "`limit` must be an integer", "wrong type");
  expect(sonoran_get_accounts(c, "{\"limit\":1000}"), "`limit` must be between 1 and 100", "out of range");
  expect(sonoran_get_accounts(c, "{\"colour\":1}"), "`colour` is not a parameter of get_accounts", "unknown key");
  expect(sonoran_get_account(c, "{}"), "give exactly one of", "no target");
  expect(sonoran_call(c, "get_everything", "{}"), "`get_everything` is not an operation", "unknown operation");
  expect(sonoran_call(c, NULL, "{}"), "`operation` is NULL", "NULL operation");
  expect(sonoran_call(c, bad_utf8 + 9, "{}"), "`operation` is not valid UTF-8", "bad operation UTF-8");
  expect(sonoran_modify_identifier(c, "{\"apiId\":\"a\",\"action\":2}"), "`identId` is required for REMOVE", "REMOVE without identId");
  /* every bad-input envelope says invalid_argument */
  expect(sonoran_get_accounts(c, "[]"), "\"kind\":\"invalid_argument\"", "kind");
}

static void test_submit_poll_wait(SonoranClient *c) {
  uint64_t id = sonoran_submit(c, "get_account", "{\"username\":\"SonoranBrian\"}");
  CHECK(id > 0, "id %llu", (unsigned long long)id);
  char *env = NULL;
  for (int tick = 0; tick < 5000 && env == NULL; tick++) { /* a game loop: poll once per tick */
    env = sonoran_poll(c, id);
    if (env == NULL) sleep_ms(1);
  }
  expect(env, "\"username\":\"SonoranBrian\"", "submit/poll");
  expect(sonoran_poll(c, id), "already collected", "polled twice");
  expect(sonoran_poll(c, 999999), "\"kind\":\"invalid_argument\"", "unknown id");

  id = sonoran_submit(c, "get_accounts", "{\"limit\":1}");
  expect(sonoran_wait(c, id, 10000), "\"total\":2", "submit/wait");

  CHECK(sonoran_submit(NULL, "get_accounts", NULL) == 0, "NULL client submit");
  expect(sonoran_poll(NULL, 1), "`client` is NULL", "NULL client poll");
  id = sonoran_submit(c, "get_accounts", "{\"limit\":0}");
  CHECK(id > 0, "invalid params still get an id");
  expect(sonoran_poll(c, id), "`limit` must be between 1 and 100", "invalid params result at once");
  id = sonoran_submit(c, NULL, NULL);
  expect(sonoran_poll(c, id), "`operation` is NULL", "NULL operation submit");
  CHECK(sonoran_cancel(NULL, 1) == 0, "NULL client cancel");
  CHECK(sonoran_cancel(c, 424242) == 0, "unknown id cancel");
}

static void test_cancel(void) {
  char url[64];
  int fd = silent_server(url, sizeof url);
  SonoranClient *c = client_at(url);
  uint64_t id = sonoran_submit(c, "get_accounts", NULL);
  sleep_ms(20);
  CHECK(sonoran_poll(c, id) == NULL, "pending against a silent server");
  CHECK(sonoran_wait(c, id, 50) == NULL, "wait times out");
  CHECK(sonoran_cancel(c, id) == 1, "cancel a pending request");
  expect(sonoran_wait(c, id, 10000), "\"kind\":\"cancelled\"", "cancelled result");
  CHECK(sonoran_cancel(c, id) == 0, "cancel twice");
  sonoran_client_free(c);
  close(fd);
}

typedef struct {
  atomic_int calls;
  char first[256];
} callback_state;

static void on_done(uint64_t request_id, const char *envelope, void *user_data) {
  callback_state *state = user_data;
  (void)request_id;
  if (atomic_fetch_add(&state->calls, 1) == 0) {
    strncpy(state->first, envelope, sizeof state->first - 1);
  }
}

static void test_callback(SonoranClient *c) {
  callback_state state = {0};
  uint64_t id = sonoran_submit_with_callback(c, "get_account", "{\"username\":\"JohnDoe\"}", on_done, &state);
  CHECK(id > 0, "callback id");
  for (int i = 0; i < 5000 && atomic_load(&state.calls) == 0; i++) sleep_ms(1);
  CHECK(atomic_load(&state.calls) == 1, "callback ran once: %d", atomic_load(&state.calls));
  CHECK(has(state.first, "\"success\":true,\"status\":200,\"data\":{\"uuid\":\"00000000"), "%s", state.first);

  callback_state invalid = {0};
  sonoran_submit_with_callback(c, "get_account", "{}", on_done, &invalid);
  CHECK(atomic_load(&invalid.calls) == 1, "invalid params: callback ran before submit returned");
  CHECK(has(invalid.first, "invalid_argument"), "%s", invalid.first);

  /* NULL callback: the result is kept for sonoran_poll */
  id = sonoran_submit_with_callback(c, "get_accounts", NULL, NULL, NULL);
  expect(sonoran_wait(c, id, 10000), "\"success\":true", "NULL callback falls back to poll");
}

/* 8 threads x 200 submissions on one client: every id completes exactly once. */
#define THREADS 8
#define PER_THREAD 200
#define MAX_IDS 4096
static atomic_int completions[MAX_IDS];
static atomic_int successes;

static void count_completion(uint64_t id, const char *envelope, void *user_data) {
  (void)user_data;
  if (id < MAX_IDS) atomic_fetch_add(&completions[id], 1);
  if (strstr(envelope, "\"success\":true")) atomic_fetch_add(&successes, 1);
}

typedef struct {
  SonoranClient *client;
  uint64_t ids[PER_THREAD];
  int polled[PER_THREAD];
} worker_args;

static void *submitter(void *p) {
  worker_args *w = p;
  for (int i = 0; i < PER_THREAD; i++) {
    /* half with callbacks, half polled, one in ten invalid */
    const char *params = (i % 10 == 0) ? "{\"limit\":0}" : "{\"limit\":5}";
    w->polled[i] = i % 2;
    w->ids[i] = w->polled[i] ? sonoran_submit(w->client, "get_accounts", params)
                             : sonoran_submit_with_callback(w->client, "get_accounts", params, count_completion, NULL);
  }
  /* collect the polled ones on the same thread, as a tick loop would */
  for (int i = 0; i < PER_THREAD; i++) {
    if (!w->polled[i]) continue;
    char *env = sonoran_wait(w->client, w->ids[i], 30000);
    if (env && w->ids[i] < MAX_IDS) atomic_fetch_add(&completions[w->ids[i]], 1);
    sonoran_string_free(env);
  }
  return NULL;
}

static void test_threads(void) {
  SonoranClient *c = sonoran_client_new(config);
  static worker_args args[THREADS];
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; t++) {
    args[t].client = c;
    pthread_create(&threads[t], NULL, submitter, &args[t]);
  }
  for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
  int total = THREADS * PER_THREAD;
  for (int i = 0; i < 30000; i++) {
    int done = 0;
    for (int t = 0; t < THREADS; t++)
      for (int k = 0; k < PER_THREAD; k++) done += atomic_load(&completions[args[t].ids[k]]) > 0;
    if (done == total) break;
    sleep_ms(1);
  }
  int once = 0, bad = 0;
  for (int t = 0; t < THREADS; t++)
    for (int k = 0; k < PER_THREAD; k++) {
      uint64_t id = args[t].ids[k];
      if (id > 0 && id < MAX_IDS && atomic_load(&completions[id]) == 1) once++;
      else bad++;
    }
  CHECK(once == total && bad == 0, "%d of %d completed exactly once", once, total);
  CHECK(atomic_load(&successes) == total / 2 - total / 10, "callback successes %d", atomic_load(&successes));
  sonoran_client_free(c);
}

static void test_free_in_flight(void) {
  char url[64];
  int fd = silent_server(url, sizeof url);
  SonoranClient *c = client_at(url);
  callback_state states[50];
  memset(states, 0, sizeof states);
  for (int i = 0; i < 50; i++) {
    sonoran_submit_with_callback(c, "get_accounts", NULL, on_done, &states[i]);
    sonoran_submit(c, "get_account_units", "{\"accountUuid\":\"00000000-0000-0000-0000-000000000000\"}");
  }
  sleep_ms(50);
  sonoran_client_free(c);
  int cancelled = 0;
  for (int i = 0; i < 50; i++) cancelled += atomic_load(&states[i].calls) == 1 && has(states[i].first, "\"kind\":\"cancelled\"");
  CHECK(cancelled == 50, "%d of 50 callbacks ran with cancelled before free returned", cancelled);
  close(fd);
}

/* Log records reach the host's callback, carry the operation and status, never the key. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_text[8192];
static int log_count, log_max_level;

static void on_log(int level, const char *message, void *user_data) {
  pthread_mutex_lock(&log_lock);
  log_count++;
  if (level > log_max_level) log_max_level = level;
  if (user_data == (void *)&log_count && strlen(log_text) + strlen(message) + 2 < sizeof log_text) {
    strcat(log_text, message);
    strcat(log_text, "\n");
  }
  pthread_mutex_unlock(&log_lock);
}

static void test_logging(SonoranClient *c) {
  sonoran_set_log_callback(SONORAN_LOG_DEBUG, on_log, &log_count);
  sonoran_string_free(sonoran_get_account(c, "{\"username\":\"SonoranBrian\"}"));
  sonoran_string_free(sonoran_get_account_units(c, "{\"accountUuid\":\"00000000-0000-0000-0000-000000000000\",\"serverId\":9}"));
  pthread_mutex_lock(&log_lock);
  CHECK(log_count >= 2, "records: %d", log_count);
  CHECK(strstr(log_text, "get_account: HTTP 200") != NULL, "%s", log_text);
  CHECK(strstr(log_text, "get_account_units") && strstr(log_text, "HTTP 404") && strstr(log_text, "traceId 00-"), "%s", log_text);
  CHECK(strstr(log_text, KEY) == NULL, "the key leaked into a log line: %s", log_text);
  CHECK(log_max_level == SONORAN_LOG_DEBUG, "level %d", log_max_level);
  pthread_mutex_unlock(&log_lock);

  /* At WARN, successful calls log nothing. */
  sonoran_set_log_callback(SONORAN_LOG_WARN, on_log, &log_count);
  pthread_mutex_lock(&log_lock);
  int before = log_count;
  pthread_mutex_unlock(&log_lock);
  sonoran_string_free(sonoran_get_accounts(c, NULL));
  pthread_mutex_lock(&log_lock);
  CHECK(log_count == before, "nothing logged at WARN for a success: %d", log_count - before);
  pthread_mutex_unlock(&log_lock);
  sonoran_set_log_callback(SONORAN_LOG_WARN, NULL, NULL); /* back to the default: stderr */
}

/* A log callback may set the log callback (it used to deadlock every client), and a host
 * thread that keeps setting it does not hold up the I/O threads. alarm() turns a hang into
 * a failure. */
static atomic_int reentrant_calls, stop_setting;

static void reentrant_log(int level, const char *message, void *user_data) {
  (void)level;
  (void)message;
  (void)user_data;
  atomic_fetch_add(&reentrant_calls, 1);
  sonoran_set_log_callback(SONORAN_LOG_DEBUG, reentrant_log, NULL);
}

static void *keep_setting_the_log_callback(void *unused) {
  (void)unused;
  while (!atomic_load(&stop_setting)) {
    sonoran_set_log_callback(SONORAN_LOG_DEBUG, reentrant_log, NULL);
    sched_yield();
  }
  return NULL;
}

static void test_log_callback_reentry(SonoranClient *c) {
  alarm(300);
  sonoran_set_log_callback(SONORAN_LOG_DEBUG, reentrant_log, NULL);
  expect(sonoran_get_account(c, "{\"username\":\"SonoranBrian\"}"), "{\"success\":true", "call with a re-entrant log callback");
  CHECK(atomic_load(&reentrant_calls) > 0, "the re-entrant callback ran");
  SonoranClient *other = sonoran_client_new(config);
  pthread_t setter;
  pthread_create(&setter, NULL, keep_setting_the_log_callback, NULL);
  enum { N = 60 };
  uint64_t ids[N];
  for (int i = 0; i < N; i++) ids[i] = sonoran_submit(i % 2 ? c : other, "get_account", "{\"username\":\"SonoranBrian\"}");
  int done = 0;
  for (int i = 0; i < N; i++) {
    char *env = sonoran_wait(i % 2 ? c : other, ids[i], 20000);
    done += has(env, "{\"success\":true");
    sonoran_string_free(env);
  }
  CHECK(done == N, "%d of %d requests completed while a thread kept setting the log callback", done, N);
  atomic_store(&stop_setting, 1);
  pthread_join(setter, NULL);
  sonoran_client_free(other);
  sonoran_set_log_callback(SONORAN_LOG_WARN, NULL, NULL);
  alarm(0);
}

/* The mock's body limit answers 413 and closes while the library still writes an 8 MB
 * body. This process keeps SIGPIPE's default disposition, as C hosts do: a SIGPIPE on a
 * library thread would kill it (status 141). */
static void test_server_closing_mid_body(SonoranClient *c) {
  size_t size = 1000000 * 8 + 64;
  char *params = malloc(size);
  size_t at = (size_t)snprintf(params, size, "{\"groupName\":\"A\",\"identIds\":[");
  for (int i = 0; i < 1000000; i++) at += (size_t)snprintf(params + at, size - at, i ? ",%d" : "%d", 1000000 + i);
  snprintf(params + at, size - at, "]}");
  for (int i = 0; i < 5; i++) {
    char *env = sonoran_idents_to_group(c, params);
    CHECK(has(env, "\"kind\":\"network\"") || has(env, "\"kind\":\"bad_request\""), "an error, not a dead host: %.200s", env ? env : "(null)");
    sonoran_string_free(env);
  }
  free(params);
}

/* Every operation name, through its own function (where it has one), sonoran_call and
 * sonoran_submit. Writes go to PendingPat, whom the other tests do not count. */
#define PAT "5d6c3a1e-2f4b-4c8d-9e0f-1a2b3c4d5e6f"
typedef char *(*operation_fn)(const SonoranClient *, const char *);
static const struct {
  const char *name;
  operation_fn function;
  const char *params; /* "%ld" is the identifier created by create_identifier_v2 */
} OPERATIONS[] = {
    {"get_account_identifiers", sonoran_get_account_identifiers, "{\"apiId\":\"Steam:1234\"}"},
    {"get_account_units", sonoran_get_account_units, "{\"accountUuid\":\"" PAT "\"}"},
    {"get_account", sonoran_get_account, "{\"username\":\"PendingPat\"}"},
    {"get_accounts", sonoran_get_accounts, "{\"limit\":2}"},
    {"modify_identifier", sonoran_modify_identifier, "{\"account\":\"" PAT "\",\"action\":0,\"identifier\":{\"data\":{\"unitNum\":\"P-1\"}}}"},
    {"get_identifiers", sonoran_get_identifiers, "{\"account\":\"" PAT "\"}"},
    {"set_identifier", sonoran_set_identifier, "{\"account\":\"91de0ce8-c571-11e9-9714-5600023b2434\",\"identId\":1}"},
    {"idents_to_group", sonoran_idents_to_group, "{\"identIds\":[1],\"groupName\":\"CAR 51\"}"},
    {"get_active_units", sonoran_get_active_units, "{\"limit\":1}"},
    {"get_account_v2", sonoran_get_account_v2, "{\"username\":\"PendingPat\"}"},
    {"get_accounts_v2", sonoran_get_accounts_v2, "{\"limit\":2}"},
    {"get_identifiers_v2", sonoran_get_identifiers_v2, "{\"accountUuid\":\"" PAT "\"}"},
    {"create_identifier_v2", sonoran_create_identifier_v2, "{\"accountUuid\":\"" PAT "\",\"unitNum\":\"P-2\",\"status\":100}"},
    {"select_identifier_v2", sonoran_select_identifier_v2, "{\"accountUuid\":\"" PAT "\",\"identId\":%ld}"},
    {"update_identifier_v2", sonoran_update_identifier_v2, "{\"accountUuid\":\"" PAT "\",\"identId\":%ld,\"rank\":\"SGT\"}"},
    {"add_identifiers_to_group_v2", sonoran_add_identifiers_to_group_v2, "{\"groupName\":\"A Shift\",\"identIds\":[%ld]}"},
    {"delete_identifier_v2", sonoran_delete_identifier_v2, "{\"accountUuid\":\"" PAT "\",\"identId\":%ld}"},
    {"get_units_v2", sonoran_get_units_v2, "{\"limit\":1}"},
    /* Units, calls and dispatch: @D is the dispatch call and @E the 911 call created above. */
    {"set_unit_status_v2", sonoran_set_unit_status_v2, "{\"identIds\":[12],\"status\":3}"},
    {"set_unit_panic_v2", sonoran_set_unit_panic_v2, "{\"apiId\":\"license:abc123\",\"isPanic\":false}"},
    {"create_identifier_v2", sonoran_create_identifier_v2, "{\"accountUuid\":\"" PAT "\",\"unitNum\":\"P-K\",\"status\":2}"},
    {"update_unit_locations_v2", sonoran_update_unit_locations_v2, "{\"updates\":[{\"communityUserId\":\"license:pat001\",\"location\":\"Nowhere\",\"coordinates\":{\"x\":1.5,\"y\":-2}}]}"},
    {"kick_unit_v2", sonoran_kick_unit_v2, "{\"communityUserId\":\"license:pat001\",\"reason\":\"C test\"}"},
    {"get_calls_v2", sonoran_get_calls_v2, "{\"closedLimit\":1,\"type\":100}"},
    {"get_current_call_v2", sonoran_get_current_call_v2, "{\"accountUuid\":\"" PAT "\"}"},
    {"create_emergency_call_v2", sonoran_create_emergency_call_v2, "{\"isEmergency\":true,\"caller\":\"C\",\"location\":\"L\",\"description\":\"D\",\"metaData\":{\"x\":\"1\",\"y\":\"2\"}}"},
    {"delete_emergency_call_v2", sonoran_delete_emergency_call_v2, "{\"callId\":@E}"},
    {"create_dispatch_call_v2", sonoran_create_dispatch_call_v2, "{\"origin\":0,\"status\":1,\"priority\":1,\"title\":\"C\",\"communityUserIds\":[]}"},
    {"create_custom_dispatch_call_v2", sonoran_create_custom_dispatch_call_v2, "{\"templateId\":1,\"values\":{\"status\":\"awaiting_deployment\"},\"identIds\":[12]}"},
    {"get_dispatch_templates_v2", sonoran_get_dispatch_templates_v2, "{\"templateId\":1}"},
    {"update_dispatch_call_v2", sonoran_update_dispatch_call_v2, "{\"callId\":@D,\"description\":\"updated\"}"},
    {"attach_units_to_dispatch_call_v2", sonoran_attach_units_to_dispatch_call_v2, "{\"callId\":@D,\"identIds\":[12]}"},
    {"set_dispatch_postal_v2", sonoran_set_dispatch_postal_v2, "{\"callId\":@D,\"postal\":\"9001\"}"},
    {"set_dispatch_primary_v2", sonoran_set_dispatch_primary_v2, "{\"callId\":@D,\"identId\":12,\"trackPrimary\":false}"},
    {"add_dispatch_note_v2", sonoran_add_dispatch_note_v2, "{\"callId\":@D,\"note\":\"from C\"}"},
    {"detach_units_from_dispatch_call_v2", sonoran_detach_units_from_dispatch_call_v2, "{\"identIds\":[12]}"},
    {"close_dispatch_calls_v2", sonoran_close_dispatch_calls_v2, "{\"callIds\":[@D]}"},
    /* Map and configuration: @B is the blip created by create_blip_v2 just above it. */
    {"get_blips_v2", sonoran_get_blips_v2, "{\"serverId\":1}"},
    {"create_blip_v2", sonoran_create_blip_v2, "{\"coordinates\":{\"x\":441.2,\"y\":-981.9,\"z\":0,\"w\":0},\"subType\":\"scene\",\"tooltip\":\"C\",\"radius\":50.0,\"data\":[{\"title\":\"Units\",\"text\":\"2\"}]}"},
    {"update_blip_v2", sonoran_update_blip_v2, "{\"blipId\":@B,\"color\":\"#00a3ff\"}"},
    {"delete_blips_v2", sonoran_delete_blips_v2, "{\"ids\":[@B]}"},
    {"set_available_callouts_v2", sonoran_set_available_callouts_v2, "{\"callouts\":[{\"id\":\"armed_suspect\",\"data\":{\"Enabled\":true}}]}"},
    {"get_pager_config_v2", sonoran_get_pager_config_v2, "{}"},
    {"set_pager_config_v2", sonoran_set_pager_config_v2, "{\"natureWords\":{\"Emergency\":\"Emergency\"},\"maxAddresses\":5,\"maxBodyLength\":250,\"nodes\":[{\"id\":\"root-1\",\"name\":\"Fire\",\"kind\":\"group\",\"children\":[]}]}"},
    {"set_stations_v2", sonoran_set_stations_v2, "{\"locations\":[{\"name\":\"Mission Row\",\"doors\":[\"bay_1\"]}],\"tones\":[],\"unitColors\":[\"#2563eb\"]}"},
    {"set_street_sign_config_v2", sonoran_set_street_sign_config_v2, "{\"signs\":[{\"id\":7,\"coordinates\":{\"x\":420.1,\"y\":-980.4},\"label\":\"Mission Row\"}]}"},
    {"update_street_signs_v2", sonoran_update_street_signs_v2, "{\"ids\":[7],\"text1\":\"ALTA\"}"},
    /* Records, lookups and characters: @R is the record and @C the character created here. */
    {"lookup_v2", sonoran_lookup_v2, "{\"plate\":\"ABC123\",\"types\":[5]}"},
    {"lookup_by_value_v2", sonoran_lookup_by_value_v2, "{\"searchType\":\"NUMBER\",\"value\":\"451\"}"},
    {"lookup_custom_v2", sonoran_lookup_custom_v2, "{\"map\":\"vehicle\",\"value\":\"abc\",\"partial\":true}"},
    {"get_templates_v2", sonoran_get_templates_v2, "{\"recordTypeId\":5}"},
    {"send_record_draft_v2", sonoran_send_record_draft_v2, "{\"recordTypeId\":12,\"replaceValues\":{\"case_number\":\"C-1\"},\"communityUserId\":\"license:pat001\"}"},
    {"create_record_v2", sonoran_create_record_v2, "{\"communityUserId\":\"license:pat001\",\"useDictionary\":true,\"recordTypeId\":12,\"replaceValues\":{\"case_number\":\"C-TEST\"}}"},
    {"update_record_v2", sonoran_update_record_v2, "{\"recordId\":@R,\"useDictionary\":true,\"templateId\":12,\"replaceValues\":{\"case_number\":\"C-TEST-2\"}}"},
    {"remove_record_v2", sonoran_remove_record_v2, "{\"recordId\":@R}"},
    {"create_record_v2", sonoran_create_record_v2, "{\"accountUuid\":\"" PAT "\",\"useDictionary\":true,\"recordTypeId\":7,\"replaceValues\":{\"first\":\"Pat\",\"last\":\"C\"}}"},
    {"get_characters_v2", sonoran_get_characters_v2, "{\"accountUuid\":\"" PAT "\"}"},
    {"set_selected_character_v2", sonoran_set_selected_character_v2, "{\"accountUuid\":\"" PAT "\",\"characterId\":@C}"},
    {"remove_character_v2", sonoran_remove_character_v2, "{\"characterId\":@C}"},
    {"add_character_link_v2", sonoran_add_character_link_v2, "{\"syncId\":\"c-test:1\",\"communityUserId\":\"license:pat001\"}"},
    {"get_character_links_v2", sonoran_get_character_links_v2, "{\"accountUuid\":\"" PAT "\"}"},
    {"remove_character_link_v2", sonoran_remove_character_link_v2, "{\"syncId\":\"c-test:1\",\"accountUuid\":\"" PAT "\"}"},
    /* v2 general: account changes go to BannedBob (license:bob666), so the other tests' accounts stay as seeded. */
    {"ban_user_v2", sonoran_ban_user_v2, "{\"communityUserId\":\"license:bob666\",\"isBan\":true}"},
    {"set_account_permissions_v2", sonoran_set_account_permissions_v2, "{\"communityUserId\":\"license:bob666\",\"add\":[\"DISPATCH\"],\"remove\":[\"civilian\"]}"},
    {"upload_bodycam_recording_v2", sonoran_upload_bodycam_recording_v2, "{\"communityUserId\":\"license:abc123\",\"durationMs\":1000,\"fileBase64\":\"GkXfow==\",\"unitNumber\":\"C-1\"}"},
    {"get_info_v2", sonoran_get_info_v2, "{}"},
    {"check_community_link_v2", sonoran_check_community_link_v2, "{\"communityUserId\":\"license:abc123\"}"},
    {"set_community_link_v2", sonoran_set_community_link_v2, "{\"accountUuid\":\"00000000-0000-0000-0000-000000000000\",\"secretUuid\":\"22222222-2222-2222-2222-222222222222\",\"communityUserId\":\"license:abc123\"}"},
    {"create_community_link_v2", sonoran_create_community_link_v2, "{\"communityUserId\":\"fivem:c-test\"}"},
    {"get_login_page_v2", sonoran_get_login_page_v2, "{\"communityId\":\"demo-community\"}"},
    {"get_penal_codes_v2", sonoran_get_penal_codes_v2, "{}"},
    {"set_penal_codes_v2", sonoran_set_penal_codes_v2, "{\"codes\":[{\"title\":\"Unsafe Lane Change\",\"code\":\"22107\",\"bondAmount\":0}]}"},
    {"apply_permission_key_v2", sonoran_apply_permission_key_v2, "{\"communityUserId\":\"license:bob666\",\"permissionKey\":\"DISPATCH\"}"},
    {"send_photo_v2", sonoran_send_photo_v2, "{\"communityUserId\":\"license:abc123\",\"url\":\"https://cdn.example.com/c.png\"}"},
    {"set_postals_v2", sonoran_set_postals_v2, "{\"postals\":[{\"code\":\"100\",\"x\":425.1,\"y\":-979.2}]}"},
    {"verify_secret_v2", sonoran_verify_secret_v2, "{\"secret\":\"22222222-2222-2222-2222-222222222222\"}"},
    {"heartbeat_v2", sonoran_heartbeat_v2, "{\"serverId\":1,\"playerCount\":3}"},
    {"authorize_street_signs_v2", sonoran_authorize_street_signs_v2, "{\"serverId\":1}"},
    {"get_servers_v2", sonoran_get_servers_v2, "{}"},
    {"set_servers_v2", sonoran_set_servers_v2, "{\"servers\":[{\"id\":1,\"name\":\"Main Server\",\"mapIp\":\"127.0.0.1\"},{\"id\":2,\"name\":\"Server 2\",\"mapIp\":\"127.0.0.1\"}]}"},
    {"get_turn_credentials_v2", sonoran_get_turn_credentials_v2, "{\"userId\":\"unit-1\"}"},
    {"get_version_v2", sonoran_get_version_v2, "{}"},
    {"get_all_accounts", NULL, "{\"limit\":1}"},
    {"get_all_accounts_v2", NULL, "{\"limit\":100}"},
    {"get_all_active_units", NULL, "{\"limit\":1}"},
    {"get_all_units_v2", NULL, "{\"limit\":1}"},
    {"get_all_account_units", NULL, "{\"accountUuid\":\"91de0ce8-c571-11e9-9714-5600023b2434\"}"},
};

/* `text` with each `@<mark>` replaced by `value`, in place (`text` has room for it). */
static void put_id(char *text, size_t size, char mark, long value) {
  char *at;
  char pattern[3] = {'@', mark, 0};
  while ((at = strstr(text, pattern)) != NULL) {
    char rest[512];
    snprintf(rest, sizeof rest, "%s", at + 2);
    snprintf(at, size - (size_t)(at - text), "%ld%s", value, rest);
  }
}

/* The number after `"key":` in `env`, or -1. */
static long number_after(const char *env, const char *key) {
  const char *at = env ? strstr(env, key) : NULL;
  return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

static void test_every_operation(SonoranClient *c) {
  for (int way = 0; way < 3; way++) { /* own function, sonoran_call, sonoran_submit */
    long created = -1, dispatch = -1, emergency = -1, record = -1, character = -1;
    long blip = -1;
    for (size_t i = 0; i < sizeof OPERATIONS / sizeof OPERATIONS[0]; i++) {
      char params[512];
      snprintf(params, sizeof params, OPERATIONS[i].params, created);
      put_id(params, sizeof params, 'D', dispatch);
      put_id(params, sizeof params, 'E', emergency);
      put_id(params, sizeof params, 'B', blip);
      put_id(params, sizeof params, 'R', record);
      put_id(params, sizeof params, 'C', character);
      char *env;
      if (way == 0 && OPERATIONS[i].function) env = OPERATIONS[i].function(c, params);
      else if (way == 2) env = sonoran_wait(c, sonoran_submit(c, OPERATIONS[i].name, params), 20000);
      else env = sonoran_call(c, OPERATIONS[i].name, params);
      CHECK(has(env, "{\"success\":true"), "%s (way %d): %s", OPERATIONS[i].name, way, env ? env : "(null)");
      const char *id = env ? strstr(env, "\"identId\":") : NULL;
      if (strcmp(OPERATIONS[i].name, "create_identifier_v2") == 0 && id) created = strtol(id + 10, NULL, 10);
      if (strcmp(OPERATIONS[i].name, "create_dispatch_call_v2") == 0) dispatch = number_after(env, "\"callId\":");
      if (strcmp(OPERATIONS[i].name, "create_emergency_call_v2") == 0) emergency = number_after(env, "\"callId\":");
      if (strcmp(OPERATIONS[i].name, "create_blip_v2") == 0) blip = number_after(env, "\"id\":");
      if (strcmp(OPERATIONS[i].name, "create_record_v2") == 0) {
        if (strstr(params, "\"recordTypeId\":7")) character = number_after(env, "\"id\":");
        else record = number_after(env, "\"id\":");
      }
      sonoran_string_free(env);
    }
    CHECK(created > 0, "created an identifier (way %d)", way);
    CHECK(dispatch > 0 && emergency > 0, "created a dispatch call and a 911 call (way %d)", way);
    CHECK(blip > 0, "created a blip (way %d)", way);
    CHECK(record > 0 && character > 0, "created a record and a character (way %d)", way);
  }
}

/* An upload from a file path (read on the library's I/O thread), and the refusals made
   before anything is sent: a missing file, a file of the wrong type. */
static void test_upload_from_a_file(SonoranClient *c) {
  char dir[] = "/tmp/sonoran-c-test-XXXXXX";
  CHECK(mkdtemp(dir) != NULL, "a temporary directory");
  char path[64];
  snprintf(path, sizeof path, "%s/clip.webm", dir);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK(fd >= 0, "a temporary file");
  if (fd < 0) return;
  const char clip[] = "\x1a\x45\xdf\xa3 webm from C";
  CHECK(write(fd, clip, sizeof clip - 1) == (ssize_t)(sizeof clip - 1), "wrote the clip");
  close(fd);
  char params[512];
  snprintf(params, sizeof params, "{\"communityUserId\":\"license:abc123\",\"durationMs\":2500,\"filePath\":\"%s\"}", path);
  char *env = sonoran_upload_bodycam_recording_v2(c, params);
  CHECK(has(env, "{\"success\":true,\"status\":200,\"data\":[\"https://files.example.com/bodycam/"), "upload from a path: %s", env ? env : "(null)");
  sonoran_string_free(env);
  unlink(path);
  rmdir(dir);
  env = sonoran_upload_bodycam_recording_v2(c, params);
  CHECK(has(env, "\"kind\":\"invalid_argument\"") && has(env, "`filePath` cannot be read"), "a missing file: %s", env ? env : "(null)");
  sonoran_string_free(env);
  env = sonoran_call(c, "upload_bodycam_recording_v2", "{\"communityUserId\":\"p\",\"durationMs\":5,\"filePath\":\"/tmp/clip.mp4\"}");
  CHECK(has(env, "\"kind\":\"invalid_argument\"") && has(env, "must name a .webm file"), "wrong type: %s", env ? env : "(null)");
  sonoran_string_free(env);
  /* The login page: public, so a client with a wrong key still reads it. */
  char other[512];
  snprintf(other, sizeof other, "%s", config);
  char *key = strstr(other, KEY);
  if (key) memcpy(key, "XXXX", 4);
  SonoranClient *keyless = sonoran_client_new(other);
  env = sonoran_get_login_page_v2(keyless, "{\"communityId\":\"demo-community\"}");
  CHECK(has(env, "{\"success\":true,\"status\":200,\"data\":{\"comId\":\"demo-community\""), "login page without the key: %s", env ? env : "(null)");
  sonoran_string_free(env);
  env = sonoran_get_version_v2(keyless, "{}");
  CHECK(has(env, "\"kind\":\"unauthorized\""), "other routes need the key: %s", env ? env : "(null)");
  sonoran_string_free(env);
  sonoran_client_free(keyless);
}

/* ---- Push events ---------------------------------------------------------------------- */

static const char *EVENT_TYPES[] = {
    "EVENT_CHAR_SELECTED", "EVENT_COMMUNITY_LINK_VERIFIED", "EVENT_DISPATCH_UNIT_ATTACH",
    "EVENT_DISPATCH_CLOSED", "EVENT_DISPATCH_UNIT_DETACH", "EVENT_DISPATCH_NEW", "EVENT_DISPATCH_NOTE",
    "EVENT_DISPATCH_EDIT", "EVENT_DISPATCH_TOGGLE_BODYCAM", "EVENT_NEW_CALLOUT", "EVENT_911",
    "EVENT_PAGER_REBORN", "EVENT_RECORD_ADD", "EVENT_RECORD_EDIT", "EVENT_RECORD_REMOVE",
    "EVENT_REMOVE_911", "EVENT_STREETSIGN_UPDATED", "EVENT_STATION_ALERT", "EVENT_TONE",
    "EVENT_UNIT_GROUP_ADD", "EVENT_UNIT_GROUP_CHANGE_NAME", "EVENT_UNIT_GROUP_REMOVE",
    "EVENT_UNIT_LOGIN", "EVENT_UNIT_LOGOUT", "EVENT_UNIT_PANIC", "EVENT_UNIT_STATUS"};
#define EVENT_TYPE_COUNT ((int)(sizeof EVENT_TYPES / sizeof EVENT_TYPES[0]))

static const char *mock_url, *mock_bin;

/* Has the mock emit every documented event to server 1, as the CAD would. */
static void emit_all(void) {
  char command[1024];
  snprintf(command, sizeof command, "'%s' --emit all --server-id 1 --url '%s' >/dev/null", mock_bin, mock_url);
  CHECK(system(command) == 0, "%s", command);
}

/* The events seen, in order, as "TYPE via" lines; filled by polling or by the callback. */
typedef struct {
  pthread_mutex_t lock;
  int count, leaked, bad;
  char types[64][48];
  char via[64][16];
} event_log;

static void record_event(event_log *log, const char *json) {
  pthread_mutex_lock(&log->lock);
  if (has(json, KEY)) log->leaked++;
  const char *type = strstr(json, "\"type\":\"");
  const char *via = strstr(json, "\"via\":\"");
  if (!type || !via || !has(json, "\"receivedAtMs\":") || !has(json, "\"data\":") || log->count >= 64) {
    log->bad++;
  } else {
    sscanf(type + 8, "%47[^\"]", log->types[log->count]);
    sscanf(via + 7, "%15[^\"]", log->via[log->count]);
    log->count++;
  }
  pthread_mutex_unlock(&log->lock);
}

static void on_event(const char *event_json, void *user_data) { record_event(user_data, event_json); }

static int events_seen(event_log *log) {
  pthread_mutex_lock(&log->lock);
  int n = log->count;
  pthread_mutex_unlock(&log->lock);
  return n;
}

/* Every documented type arrived once, in the mock's order, by `via`, without the key. */
static void check_every_type(event_log *log, const char *via, const char *how) {
  CHECK(log->count == EVENT_TYPE_COUNT && log->leaked == 0 && log->bad == 0, "%s: %d events (%d leaked the key, %d malformed)", how,
        log->count, log->leaked, log->bad);
  for (int i = 0; i < EVENT_TYPE_COUNT && i < log->count; i++) {
    CHECK(strcmp(log->types[i], EVENT_TYPES[i]) == 0 && strcmp(log->via[i], via) == 0, "%s: event %d is %s by %s", how, i,
          log->types[i], log->via[i]);
  }
}

static void poll_every_type(SonoranClient *c, const char *via, const char *how) {
  event_log log = {.lock = PTHREAD_MUTEX_INITIALIZER};
  emit_all();
  for (int waited = 0; log.count < EVENT_TYPE_COUNT && waited < 5000; waited += 5) {
    char *event;
    while ((event = sonoran_events_poll(c)) != NULL) {
      record_event(&log, event);
      sonoran_string_free(event);
    }
    sleep_ms(5);
  }
  check_every_type(&log, via, how);
}

static void callback_every_type(SonoranClient *c, const char *via, const char *how) {
  event_log log = {.lock = PTHREAD_MUTEX_INITIALIZER};
  sonoran_events_set_callback(c, on_event, &log);
  emit_all();
  for (int waited = 0; events_seen(&log) < EVENT_TYPE_COUNT && waited < 5000; waited += 5) sleep_ms(5);
  sonoran_events_set_callback(c, NULL, NULL); /* after this, `log` is no longer used */
  char *left = sonoran_events_poll(c);
  CHECK(left == NULL, "%s: nothing left for polling: %s", how, left ? left : "");
  sonoran_string_free(left);
  check_every_type(&log, via, how);
}

static void test_events(void) {
  SonoranClient *c = client_at(mock_url);
  /* Misuse is an envelope naming the field, before anything starts. */
  expect(sonoran_events_start(NULL, NULL), "\"kind\":\"invalid_argument\"", "events_start(NULL)");
  expect(sonoran_events_start(c, "{\"serverId\":0}"), "serverId", "serverId 0");
  expect(sonoran_events_start(c, "{\"listen\":\"127.0.0.1:0\",\"queue\":5}"), "`queue` is not an events option", "unknown option");
  expect(sonoran_events_start(c, "{\"listen\":"), "`options` is not valid JSON", "bad JSON");
  CHECK(sonoran_events_poll(NULL) == NULL && sonoran_events_poll(c) == NULL, "nothing to poll yet");
  sonoran_events_set_callback(NULL, on_event, NULL);

  /* Over the hub: the session authenticates for server 1 and the mock sends there. */
  expect(sonoran_events_start(c, "{\"serverId\":1,\"waitMs\":5000}"), "\"state\":\"connected\"", "hub session");
  poll_every_type(c, "websocket", "hub, polled");
  callback_every_type(c, "websocket", "hub, callback");
  expect(sonoran_events_stop(c), "\"state\":\"stopped\"", "events_stop");

  /* Over HTTP: no hub session, a listener registered for server 1 as the CAD's servers say. */
  char *env = sonoran_events_start(c, "{\"websocket\":false,\"listen\":\"127.0.0.1:0\"}");
  const char *at = env ? strstr(env, "\"url\":\"http://127.0.0.1:") : NULL;
  int port = at ? atoi(at + strlen("\"url\":\"http://127.0.0.1:")) : 0;
  CHECK(port > 0 && has(env, "\"hub\":null"), "listener started: %s", env ? env : "(null)");
  sonoran_string_free(env);
  char servers[512];
  snprintf(servers, sizeof servers,
           "{\"servers\":[{\"id\":1,\"name\":\"Main\",\"mapIp\":\"127.0.0.1\",\"listenerPort\":\"%d\"},{\"id\":2,\"name\":\"Second\"}]}", port);
  expect(sonoran_set_servers_v2(c, servers), "{\"success\":true", "listener registered with set_servers_v2");
  poll_every_type(c, "http", "listener, polled");
  callback_every_type(c, "http", "listener, callback");
  expect(sonoran_events_status(c), "\"rejected\":0", "status");
  sonoran_client_free(c);

  /* Freed with a live hub session, a listener and a callback: no crash, no leak. */
  event_log log = {.lock = PTHREAD_MUTEX_INITIALIZER};
  SonoranClient *live = client_at(mock_url);
  expect(sonoran_events_start(live, "{\"serverId\":2,\"listen\":\"127.0.0.1:0\",\"waitMs\":5000}"), "\"state\":\"connected\"", "live session");
  sonoran_events_set_callback(live, on_event, &log);
  sonoran_client_free(live);
}

/* ---- Unit locations --------------------------------------------------------------------- */
/* Moves unit 1, whose position no other test reads: the C and Lua tests share one mock. */

static void test_locations(void) {
  SonoranClient *c = client_at(mock_url);
  CHECK(sonoran_locations_push(NULL, "{}") == 0 && has(sonoran_last_error(), "client"), "NULL client: %s", sonoran_last_error());
  CHECK(sonoran_locations_push(c, NULL) == 0 && has(sonoran_last_error(), "location_json"), "NULL location: %s", sonoran_last_error());
  CHECK(sonoran_locations_push(c, "{\"communityUserId\":") == 0 && has(sonoran_last_error(), "`location_json` is not valid JSON"),
        "bad JSON: %s", sonoran_last_error());
  CHECK(sonoran_locations_push(c, "{\"communityUserId\":\"player-1234\",\"location\":\"A\",\"coordinates\":{\"x\":\"1\",\"y\":2}}") == 0 &&
            has(sonoran_last_error(), "coordinates.x"),
        "a bad field is named: %s", sonoran_last_error());
  char location[256];
  for (int step = 1; step <= 30; step++) {
    snprintf(location, sizeof location,
             "{\"identId\":1,\"location\":\"C step %d\",\"coordinates\":{\"x\":%d,\"y\":1,\"z\":0,\"w\":0}}", step, step);
    CHECK(sonoran_locations_push(c, location) == 1, "push %d: %s", step, sonoran_last_error());
  }
  char *stats = NULL;
  for (int waited = 0; waited < 10000; waited += 20) {
    sonoran_string_free(stats);
    stats = sonoran_locations_stats(c);
    if (has(stats, "\"queued\":0") && has(stats, "\"pushed\":30") && !has(stats, "\"sent\":0,")) break;
    sleep_ms(20);
  }
  CHECK(has(stats, "\"queued\":0") && has(stats, "\"transport\":\"hub\"") && has(stats, "\"failed\":0"), "flushed over the hub: %s",
        stats ? stats : "(null)");
  sonoran_string_free(stats);
  expect(sonoran_get_units_v2(c, "{\"includeOffline\":true}"), "\"location\":\"C step 30\"", "the last position is on the map");
  sonoran_client_free(c);
}

/* ---- Rate-limit budgets ------------------------------------------------------------------ */
/* Only this section paces (the other clients turn rateLimits off), and only its get_units_v2
   call counts against the budget, shared by every client of the key in this process; the
   mock's own limit is off, so the library's count is the only one. */

static void test_budget(void) {
  char paced[512];
  snprintf(paced, sizeof paced, "{\"communityId\":\"demo-community\",\"apiKey\":\"" KEY "\",\"apiUrl\":\"%s\"}", mock_url);
  SonoranClient *c = sonoran_client_new(paced);
  CHECK(c != NULL, "paced client: %s", sonoran_last_error());
  char *before = sonoran_budget(c, "get_units_v2");
  CHECK(has(before, "{\"success\":true,\"status\":null,\"data\":{\"limit\":3,\"periodMs\":60000,\"remaining\":"), "budget: %s",
        before ? before : "(null)");
  CHECK(has(before, "\"resetInMs\":") && has(before, "\"queued\":0}}"), "budget fields: %s", before ? before : "(null)");
  long remaining = number_after(before, "\"remaining\":");
  CHECK(remaining >= 1 && remaining <= 3, "room for one more: %s", before ? before : "(null)");
  expect(sonoran_get_units_v2(c, "{\"limit\":1}"), "\"success\":true", "a paced get_units_v2");
  char *after = sonoran_budget(c, "get_units_v2");
  long left = number_after(after, "\"remaining\":");
  CHECK(left >= 0 && left <= remaining - 1, "one less left (%ld before): %s", remaining, after ? after : "(null)");
  CHECK(number_after(after, "\"resetInMs\":") > 0 && number_after(after, "\"resetInMs\":") <= 60000, "the window resets: %s",
        after ? after : "(null)");
  sonoran_string_free(before);
  sonoran_string_free(after);
  /* get_all_units_v2 walks get_units_v2: the same budget. */
  expect(sonoran_budget(c, "get_all_units_v2"), "\"data\":{\"limit\":3,\"periodMs\":60000,", "get_all_X");
  expect(sonoran_budget(c, "get_everything"), "{\"success\":false,\"kind\":\"invalid_argument\",\"reason\":\"`operation` `get_everything` is not an operation",
         "unknown operation");
  expect(sonoran_budget(NULL, "get_units_v2"), "{\"success\":false,\"kind\":\"invalid_argument\",\"reason\":\"`client` is NULL\"", "NULL client");
  expect(sonoran_budget(c, NULL), "{\"success\":false,\"kind\":\"invalid_argument\",\"reason\":\"`operation` is NULL\"", "NULL operation");
  const char bad_utf8[] = {'g', 'e', 't', (char)0xc3, (char)0x28, 0};
  expect(sonoran_budget(c, bad_utf8), "\"kind\":\"invalid_argument\",\"reason\":\"`operation` is not valid UTF-8", "bad UTF-8");
  sonoran_client_free(c);
  /* Pacing off: no budget. */
  SonoranClient *unpaced = client_at(mock_url);
  expect(sonoran_budget(unpaced, "get_units_v2"), "{\"success\":true,\"status\":null,\"data\":null}", "pacing off");
  sonoran_client_free(unpaced);
  /* The read cache: the second read comes from the first answer, and the envelope says so. */
  char cached[512];
  snprintf(cached, sizeof cached,
           "{\"communityId\":\"demo-community\",\"apiKey\":\"" KEY "\",\"apiUrl\":\"%s\",\"rateLimits\":\"off\",\"cache\":{\"get_calls_v2\":60000}}",
           mock_url);
  SonoranClient *cc = sonoran_client_new(cached);
  CHECK(cc != NULL, "caching client: %s", sonoran_last_error());
  char *first = sonoran_get_calls_v2(cc, "{}");
  CHECK(has(first, "\"success\":true") && !has(first, "\"cached\""), "the first answer is the server's: %s", first ? first : "(null)");
  sonoran_string_free(first);
  expect(sonoran_get_calls_v2(cc, "{}"), "\"cached\":true,\"ageMs\":", "the second from the cache");
  sonoran_client_free(cc);
  snprintf(cached, sizeof cached,
           "{\"communityId\":\"demo-community\",\"apiKey\":\"" KEY "\",\"apiUrl\":\"%s\",\"cache\":{\"kick_unit_v2\":1000}}", mock_url);
  CHECK(sonoran_client_new(cached) == NULL && strstr(sonoran_last_error(), "`cache.kick_unit_v2` is a write") != NULL,
        "a write cannot be cached: %s", sonoran_last_error());
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s MOCK_URL MOCK_BINARY\n", argv[0]);
    return 2;
  }
  mock_url = argv[1];
  mock_bin = argv[2];
  snprintf(config, sizeof config, "{\"communityId\":\"demo-community\",\"apiKey\":\"" KEY "\",\"apiUrl\":\"%s\",\"rateLimits\":\"off\"}", argv[1]);
  test_version_and_config();
  SonoranClient *c = sonoran_client_new(config);
  if (c == NULL) {
    fprintf(stderr, "cannot create client: %s\n", sonoran_last_error());
    return 2;
  }
  test_operations(c);
  test_bad_input(c);
  test_submit_poll_wait(c);
  test_callback(c);
  test_logging(c);
  test_every_operation(c);
  test_upload_from_a_file(c);
  test_log_callback_reentry(c);
  test_server_closing_mid_body(c);
  sonoran_client_free(c);
  test_cancel();
  test_threads();
  test_free_in_flight();
  test_events();
  test_locations();
  test_budget();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
