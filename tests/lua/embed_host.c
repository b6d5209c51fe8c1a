/*
 * A game server that embeds Lua and registers the sonoran module itself, as hosts do:
 *   luaL_requiref(L, "sonoran", luaopen_sonoran, 0)     (Lua 5.3, 5.4)
 *   package.preload.sonoran = luaopen_sonoran             (LuaJIT and 5.1, as Luanti-style hosts do)
 * It runs tests/lua/embed_tick.lua, then calls its on_tick() from a simulated tick loop
 * until the script reports done. Exits 0 only if every callback ran exactly once.
 * Usage: embed_host SCRIPT MOCK_URL
 */
#define _POSIX_C_SOURCE 200809L
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <time.h>

#ifndef LUA_OK
#define LUA_OK 0 /* Lua 5.1 and LuaJIT name no success code */
#endif

int luaopen_sonoran(lua_State *L);

/* The module under the name "sonoran", as require() will find it. */
static void register_sonoran(lua_State *L) {
#if LUA_VERSION_NUM >= 502
  luaL_requiref(L, "sonoran", luaopen_sonoran, 0);
  lua_pop(L, 1);
#else
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "preload");
  lua_pushcfunction(L, luaopen_sonoran);
  lua_setfield(L, -2, "sonoran");
  lua_pop(L, 2);
#endif
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s SCRIPT MOCK_URL\n", argv[0]);
    return 2;
  }
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  register_sonoran(L);
  lua_pushstring(L, argv[2]);
  lua_setglobal(L, "MOCK_URL");
  if (luaL_dofile(L, argv[1]) != LUA_OK) {
    fprintf(stderr, "script: %s\n", lua_tostring(L, -1));
    lua_close(L);
    return 1;
  }
  int done = 0, tick = 0;
  for (; tick < 5000 && !done; tick++) {
    lua_getglobal(L, "on_tick");
    if (lua_pcall(L, 0, 1, 0) != LUA_OK) {
      fprintf(stderr, "on_tick: %s\n", lua_tostring(L, -1));
      lua_close(L);
      return 1;
    }
    done = lua_toboolean(L, -1);
    lua_pop(L, 1);
    struct timespec frame = {0, 2 * 1000 * 1000};
    nanosleep(&frame, NULL);
  }
  lua_getglobal(L, "report");
  lua_pcall(L, 0, 1, 0);
  int ok = done && lua_toboolean(L, -1);
  printf("embedded host: %d ticks, every callback exactly once: %s\n", tick, ok ? "yes" : "no");
  lua_close(L); /* collects the client */
  return ok ? 0 : 1;
}
