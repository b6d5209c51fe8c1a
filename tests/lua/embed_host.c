/*
 * A game server that embeds Lua 5.4 and registers the sonoran module itself, as hosts do:
 *   luaL_requiref(L, "sonoran", luaopen_sonoran, 0)
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

int luaopen_sonoran(lua_State *L);

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s SCRIPT MOCK_URL\n", argv[0]);
    return 2;
  }
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  luaL_requiref(L, "sonoran", luaopen_sonoran, 0);
  lua_pop(L, 1);
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
