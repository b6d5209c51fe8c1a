/*
 * The tick-cadence benchmark's Lua host: a game server in miniature. It embeds Lua (5.4 or
 * LuaJIT, whichever it is compiled against), lets scripts `require("sonoran")` from
 * package.cpath as real hosts do, and gives them what Lua lacks to measure a game thread:
 *   cpu_ns()      this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), in nanoseconds
 *   work_ms(ms)   the game's other work: ms of CPU work that walks 16 MiB, as a game's
 *                 frame does, so that caches are as cold as they are in a real tick
 *   sleep_ms(ms)  sleeps (the thread gives up its core, as a host waiting for its next tick)
 *   profile(on)   compiled with -DTICK_CALLGRIND: callgrind attributes costs only between
 *                 profile(true) and profile(false) (bench/profile.sh), so a profile holds the
 *                 library's submits and polls and not the game's work around them
 * Usage: tick_host SCRIPT [ARGS...]   (ARGS reach the script as `...`)
 */
#define _POSIX_C_SOURCE 200809L
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef TICK_CALLGRIND
#include <valgrind/callgrind.h>
#endif

static double now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cpu_ns(lua_State *L) {
  lua_pushnumber(L, now_ns(CLOCK_THREAD_CPUTIME_ID));
  return 1;
}

enum { WORK_BYTES = 16 << 20 };
static volatile uint8_t *work_area;

static int work_ms(lua_State *L) {
  double until = now_ns(CLOCK_MONOTONIC) + luaL_checknumber(L, 1) * 1e6;
  size_t at = 0;
  while (now_ns(CLOCK_MONOTONIC) < until) {
    for (int i = 0; i < 4096; i++) {
      work_area[at] += 1;
      at = (at + 4099) % WORK_BYTES; /* strides across lines and pages */
    }
  }
  return 0;
}

static int sleep_ms(lua_State *L) {
  double ms = luaL_checknumber(L, 1);
  struct timespec ts = {(time_t)(ms / 1000), (long)((ms - (double)(time_t)(ms / 1000) * 1000) * 1e6)};
  nanosleep(&ts, NULL);
  return 0;
}

static int profile(lua_State *L) {
#ifdef TICK_CALLGRIND
  static int collecting = 0;
  int on = lua_toboolean(L, 1);
  if (on != collecting) {
    CALLGRIND_TOGGLE_COLLECT;
    collecting = on;
  }
#else
  (void)L;
#endif
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s SCRIPT [ARGS...]\n", argv[0]);
    return 2;
  }
  work_area = calloc(WORK_BYTES, 1);
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  lua_register(L, "cpu_ns", cpu_ns);
  lua_register(L, "work_ms", work_ms);
  lua_register(L, "sleep_ms", sleep_ms);
  lua_register(L, "profile", profile);
  if (luaL_loadfile(L, argv[1]) != 0) {
    fprintf(stderr, "%s\n", lua_tostring(L, -1));
    return 1;
  }
  for (int i = 2; i < argc; i++) lua_pushstring(L, argv[i]);
  if (lua_pcall(L, argc - 2, 0, 0) != 0) {
    fprintf(stderr, "%s\n", lua_tostring(L, -1));
    lua_close(L);
    return 1;
  }
  lua_close(L);
  free((void *)work_area);
  return 0;
}
