-- luarocks make: builds the sonoran module with cargo for the Lua LuaRocks targets (5.1, also
-- LuaJIT; 5.3; 5.4) and installs it into the rocks tree. Needs a Rust toolchain (cargo).
rockspec_format = "3.0"
package = "sonoran"
version = "0.1.0-1"
source = { url = "git+https://github.com/sonoran-rs/sonoran", tag = "v0.1.0" }
description = {
  summary = "A native client of the Sonoran CAD web API: never blocks the game thread, keeps to the rate limits",
  detailed = "require('sonoran'): sonoran.lua's names and shapes, non-blocking calls delivered by client:poll(), push events, the live mirror.",
  license = "MIT",
}
dependencies = { "lua >= 5.1, < 5.5" }
build = {
  type = "command",
  build_command = [[sh scripts/luarocks-build.sh "$(LUA)"]],
  install = { lib = { sonoran = "build/luarocks/sonoran.so" } },
}
