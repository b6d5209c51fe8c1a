/*
 * A Garry's Mod host, simulated: loads LuaJIT as the game loads lua_shared.so (dlopen by path,
 * RTLD_NOW | RTLD_LOCAL, so no Lua symbol is in the global namespace), makes a Lua state, loads
 * the binary module as the game does (dlopen, RTLD_LOCAL), calls gmod13_open (under a
 * protected call, as the game's `require` does), checks the global `sonoran`, runs SCRIPT, and
 * then runs frames: each calls hook.Run("Think"), as the game does every server tick, with a
 * sleep between. When the script sets SIM_DONE it calls gmod13_close, the script's
 * sim_after_close(), and closes the state (a map change); then the whole cycle again in a new
 * state. Before those, a state where opening fails must get a Lua error. Not linked against any Lua: every Lua function comes from dlsym on lua_shared.so.
 *
 * Usage: sim LUA_SHARED_SO MODULE SCRIPT MOCK_URL MOCK_BIN
 * Exits 0 only if every cycle's script reports success.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The parts of the Lua 5.1 C API the host uses (LuaJIT's ABI; no header, nothing linked). */
typedef struct lua_State lua_State;
typedef int (*lua_CFunction)(lua_State *L);
#define LUA_GLOBALSINDEX (-10002)
#define LUA_TNIL 0
#define LUA_TTABLE 5

static struct {
  lua_State *(*newstate)(void);
  void (*openlibs)(lua_State *L);
  int (*loadfile)(lua_State *L, const char *filename);
  int (*loadstring)(lua_State *L, const char *s);
  int (*pcall)(lua_State *L, int nargs, int nresults, int errfunc);
  void (*close)(lua_State *L);
  void (*getfield)(lua_State *L, int idx, const char *k);
  void (*setfield)(lua_State *L, int idx, const char *k);
  void (*pushstring)(lua_State *L, const char *s);
  void (*pushinteger)(lua_State *L, long n);
  void (*pushcclosure)(lua_State *L, lua_CFunction fn, int n);
  const char *(*tolstring)(lua_State *L, int idx, size_t *len);
  int (*toboolean)(lua_State *L, int idx);
  int (*type)(lua_State *L, int idx);
  void (*settop)(lua_State *L, int idx);
  int (*gettop)(lua_State *L);
} lua;

static int (*gmod13_open)(lua_State *L);
static int (*gmod13_close)(lua_State *L);

/* What the game defines before any script runs, reduced to what the script uses: the hook
 * library (hook.Add, hook.Remove, hook.Run) and a `require` that, for a binary module already
 * opened by the host, answers nothing (the module set its global), as the game's does. */
static const char *GAME_PRELUDE =
    "hook = { hooks = {} }\n"
    "function hook.Add(event, id, fn) hook.hooks[event] = hook.hooks[event] or {}; hook.hooks[event][id] = fn end\n"
    "function hook.Remove(event, id) if hook.hooks[event] then hook.hooks[event][id] = nil end end\n"
    "function hook.Run(event, ...) for _, fn in pairs(hook.hooks[event] or {}) do fn(...) end end\n"
    "local lua_require = require\n"
    "function require(name)\n"
    "  if name == 'sonoran' then assert(type(sonoran) == 'table', 'the sonoran module is not open'); return end\n"
    "  return lua_require(name)\n"
    "end\n";

static void *need(void *library, const char *name) {
  void *symbol = dlsym(library, name);
  if (!symbol) {
    fprintf(stderr, "sim: %s: %s\n", name, dlerror());
    exit(2);
  }
  return symbol;
}

/* dlopens the module as the game does and finds its two entry points. */
static void *load_module(const char *module_path) {
  void *module = dlopen(module_path, RTLD_NOW | RTLD_LOCAL);
  if (!module) {
    fprintf(stderr, "sim: dlopen %s: %s\n", module_path, dlerror());
    exit(2);
  }
  gmod13_open = (int (*)(lua_State *))need(module, "gmod13_open");
  gmod13_close = (int (*)(lua_State *))need(module, "gmod13_close");
  return module;
}

static const char *top_message(lua_State *L) {
  const char *message = lua.tolstring(L, -1, NULL);
  return message ? message : "(not a string)";
}

/* Runs the chunk on the top of the stack (or reports the load error); 1 if it ran. */
static int run_loaded(lua_State *L, int load_status, const char *what) {
  if (load_status != 0 || lua.pcall(L, 0, 0, 0) != 0) {
    fprintf(stderr, "sim: %s: %s\n", what, top_message(L));
    lua.settop(L, 0);
    return 0;
  }
  return 1;
}

/* Calls the global function `name` with no arguments; 1 if it ran and answered true. Prints
 * its second answer (a summary) when it has one. */
static int call_check(lua_State *L, const char *name) {
  lua.getfield(L, LUA_GLOBALSINDEX, name);
  if (lua.pcall(L, 0, 2, 0) != 0) {
    fprintf(stderr, "sim: %s: %s\n", name, top_message(L));
    lua.settop(L, 0);
    return 0;
  }
  int ok = lua.toboolean(L, -2);
  const char *summary = lua.tolstring(L, -1, NULL);
  if (summary) printf("%s\n", summary);
  lua.settop(L, 0);
  return ok;
}

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

/* One map: a state, the module opened and closed in it; 1 on success. `unload_first`: unload
 * the module before closing the state (the order a host may use), which only works because
 * the module keeps itself loaded. */
static int cycle(int number, const char *module_path, const char *script, const char *mock_url,
                 const char *mock_bin, int unload_first) {
  printf("-- cycle %d (module unloaded %s the state closes)\n", number, unload_first ? "before" : "after");
  lua_State *L = lua.newstate();
  lua.openlibs(L);
  int ok = run_loaded(L, lua.loadstring(L, GAME_PRELUDE), "game prelude");
  lua.pushstring(L, mock_url);
  lua.setfield(L, LUA_GLOBALSINDEX, "MOCK_URL");
  lua.pushstring(L, mock_bin);
  lua.setfield(L, LUA_GLOBALSINDEX, "MOCK_BIN");
  lua.pushinteger(L, number);
  lua.setfield(L, LUA_GLOBALSINDEX, "SIM_CYCLE");

  void *module = load_module(module_path);
  /* The module must not have put a Lua symbol in the global namespace either. */
  if (dlsym(RTLD_DEFAULT, "lua_settop") || dlsym(RTLD_DEFAULT, "luaL_newstate")) {
    fprintf(stderr, "sim: a Lua C API symbol is global after loading the module\n");
    ok = 0;
  }

  /* gmod13_open as `require` runs it: a C function called by Lua, so a Lua error it raises
   * comes back here as an error instead of ending the process. */
  lua.pushcclosure(L, gmod13_open, 0);
  if (lua.pcall(L, 0, 0, 0) != 0) {
    fprintf(stderr, "sim: gmod13_open: %s\n", top_message(L));
    ok = 0;
    lua.settop(L, 0);
  }
  lua.getfield(L, LUA_GLOBALSINDEX, "sonoran");
  int has_module = lua.type(L, -1) == LUA_TTABLE;
  lua.settop(L, 0);
  printf("global sonoran is a table: %s\n", has_module ? "yes" : "no");
  ok = ok && has_module;

  if (ok) ok = run_loaded(L, lua.loadfile(L, script), script);
  int frame = 0, done = 0;
  for (; ok && frame < 6000 && !done; frame++) {
    lua.getfield(L, LUA_GLOBALSINDEX, "hook");
    lua.getfield(L, -1, "Run");
    lua.pushstring(L, "Think");
    if (lua.pcall(L, 1, 0, 0) != 0) {
      fprintf(stderr, "sim: Think (frame %d): %s\n", frame, top_message(L));
      ok = 0;
    }
    lua.settop(L, 0);
    lua.getfield(L, LUA_GLOBALSINDEX, "SIM_DONE");
    done = lua.toboolean(L, -1);
    lua.settop(L, 0);
    sleep_ms(5);
  }
  printf("frames: %d, the script finished: %s\n", frame, done ? "yes" : "no");
  ok = ok && done && call_check(L, "sim_report");

  /* The map ends: the game closes the module, then the state. */
  gmod13_close(L);
  if (lua.gettop(L) != 0) {
    fprintf(stderr, "sim: gmod13_close left %d values on the stack\n", lua.gettop(L));
    ok = 0;
  }
  ok = call_check(L, "sim_after_close") && ok;
  /* A second close (a host that calls it twice) must do nothing. */
  gmod13_close(L);
  if (unload_first) {
    dlclose(module);
    lua.close(L);
  } else {
    lua.close(L);
    dlclose(module);
  }
  printf("cycle %d: %s\n", number, ok ? "ok" : "FAILED");
  return ok;
}

/* A failing open: a state whose globals refuse new names (a script's strict mode). gmod13_open
 * must raise a Lua error naming the cause (to `require`), not crash; the state stays usable. */
static int failing_open(const char *module_path) {
  lua_State *L = lua.newstate();
  lua.openlibs(L);
  int ok = run_loaded(L, lua.loadstring(L, "setmetatable(_G, { __newindex = function(_, k) error('strict: new global ' .. k, 2) end })"),
                      "strict globals");
  void *module = load_module(module_path);
  lua.pushcclosure(L, gmod13_open, 0);
  int raised = lua.pcall(L, 0, 0, 0) != 0;
  const char *message = raised ? top_message(L) : "";
  int named = strstr(message, "strict: new global sonoran") != NULL;
  printf("a failing open is a Lua error: %s (%s)\n", raised && named ? "yes" : "no", message);
  lua.settop(L, 0);
  ok = ok && raised && named && run_loaded(L, lua.loadstring(L, "assert(rawget(_G, 'sonoran') == nil)"), "after the failed open");
  gmod13_close(L);
  lua.close(L);
  dlclose(module);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s LUA_SHARED_SO MODULE SCRIPT MOCK_URL MOCK_BIN\n", argv[0]);
    return 2;
  }
  void *lua_shared = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lua_shared) {
    fprintf(stderr, "sim: dlopen %s: %s\n", argv[1], dlerror());
    return 2;
  }
  if (dlsym(RTLD_DEFAULT, "luaL_newstate")) {
    fprintf(stderr, "sim: luaL_newstate is global: the test would not show the module finds lua_shared\n");
    return 2;
  }
  *(void **)&lua.newstate = need(lua_shared, "luaL_newstate");
  *(void **)&lua.openlibs = need(lua_shared, "luaL_openlibs");
  *(void **)&lua.loadfile = need(lua_shared, "luaL_loadfile");
  *(void **)&lua.loadstring = need(lua_shared, "luaL_loadstring");
  *(void **)&lua.pcall = need(lua_shared, "lua_pcall");
  *(void **)&lua.close = need(lua_shared, "lua_close");
  *(void **)&lua.getfield = need(lua_shared, "lua_getfield");
  *(void **)&lua.setfield = need(lua_shared, "lua_setfield");
  *(void **)&lua.pushstring = need(lua_shared, "lua_pushstring");
  *(void **)&lua.pushinteger = need(lua_shared, "lua_pushinteger");
  *(void **)&lua.pushcclosure = need(lua_shared, "lua_pushcclosure");
  *(void **)&lua.tolstring = need(lua_shared, "lua_tolstring");
  *(void **)&lua.toboolean = need(lua_shared, "lua_toboolean");
  *(void **)&lua.type = need(lua_shared, "lua_type");
  *(void **)&lua.settop = need(lua_shared, "lua_settop");
  *(void **)&lua.gettop = need(lua_shared, "lua_gettop");

  int ok = failing_open(argv[2]);
  /* Two maps: the module is opened again in a new state after the first one closed. */
  for (int number = 1; number <= 2; number++) {
    ok = cycle(number, argv[2], argv[3], argv[4], argv[5], number == 1) && ok;
  }
  dlclose(lua_shared);
  printf("simulated Garry's Mod host: %s\n", ok ? "every cycle passed" : "FAILED");
  return ok ? 0 : 1;
}
