//! The Lua C API, reached through the game's `lua_shared` library.
//!
//! mlua (in `module` mode) calls `lua_settop`, `luaL_checkstack`, ... as undefined symbols that a
//! Lua host is expected to export. Garry's Mod loads LuaJIT inside `lua_shared.so` with
//! `RTLD_LOCAL`, so those symbols are in no global scope and a plain module fails to load. This
//! file defines each of them in the module itself as a trampoline, `jmp *slot(%rip)`: one
//! indirect jump through a table filled by [`resolve`] with `dlsym` on the library that owns
//! the Lua state. A jump (not a call) leaves the arguments, the return value and the stack as
//! the caller made them, so the trampoline needs no signature: variadic functions
//! (`lua_pushfstring`, `luaL_error`) and functions that never return (`lua_error`, which
//! unwinds) go through it unchanged.
//!
//! The trampolines are `.hidden`: they satisfy mlua's references at link time and are exported
//! by nothing (the library exports only `gmod13_open` and `gmod13_close`). Until [`resolve`]
//! has run, every slot points at [`unresolved`], which aborts with a message rather than
//! jumping to address 0.

use std::ffi::{c_void, CStr};

#[cfg(not(any(target_arch = "x86_64", target_arch = "x86")))]
compile_error!("the Lua C API trampolines exist for x86-64 and i686 only (the Garry's Mod server platforms)");
use std::sync::atomic::{AtomicPtr, Ordering};

/// Where a slot points before [`resolve`] fills it: a Lua C API call before `gmod13_open` is
/// a bug of this crate, and aborting with its name is better than jumping to address 0.
extern "C" fn unresolved() -> ! {
    // Only a write and an abort: no Lua state to report to, and no unwinding out of here.
    let message = b"sonoran: a Lua C API function was called before gmod13_open resolved it\n";
    // SAFETY: writes a valid buffer of its length to standard error, then aborts.
    unsafe {
        libc::write(2, message.as_ptr().cast(), message.len());
        libc::abort()
    }
}

macro_rules! trampolines {
    ($($name:ident),* $(,)?) => {
        /// One slot per trampoline: the address its `jmp` goes to.
        #[repr(C)]
        #[allow(non_snake_case)]
        pub struct Slots {
            $($name: AtomicPtr<c_void>,)*
        }

        /// The table the trampolines jump through.
        static SLOTS: Slots = Slots {
            $($name: AtomicPtr::new(unresolved as *mut c_void),)*
        };

        /// Every trampoline's name, NUL-terminated, with its slot, in the table's order.
        fn slots() -> Vec<(&'static CStr, &'static AtomicPtr<c_void>)> {
            vec![$(
                (
                    // SAFETY: the literal ends with the NUL concat! adds and has no other.
                    unsafe { CStr::from_bytes_with_nul_unchecked(concat!(stringify!($name), "\0").as_bytes()) },
                    &SLOTS.$name,
                ),
            )*]
        }

        $(
            // x86-64: a RIP-relative indirect jump; no register is touched.
            #[cfg(target_arch = "x86_64")]
            std::arch::global_asm!(
                concat!(".globl ", stringify!($name)),
                concat!(".hidden ", stringify!($name)),
                concat!(".type ", stringify!($name), ",@function"),
                ".p2align 3",
                concat!(stringify!($name), ":"),
                "jmp qword ptr [rip + {slots} + {offset}]",
                concat!(".size ", stringify!($name), ", . - ", stringify!($name)),
                slots = sym SLOTS,
                offset = const std::mem::offset_of!(Slots, $name),
            );
            // i686 (the 32-bit server's gmsv_sonoran_linux.dll): no RIP-relative addressing,
            // so the stub finds its own address (call/pop into eax, a scratch register that
            // cdecl passes no argument in) and jumps through the slot at a fixed distance.
            // Not built nor run on this project's build machine (no i686 std): the release
            // workflow that builds it must run tests/gmod with a 32-bit LuaJIT.
            #[cfg(target_arch = "x86")]
            std::arch::global_asm!(
                concat!(".globl ", stringify!($name)),
                concat!(".hidden ", stringify!($name)),
                concat!(".type ", stringify!($name), ",@function"),
                ".p2align 3",
                concat!(stringify!($name), ":"),
                "call 2f",
                "2: pop eax",
                "jmp dword ptr [eax + {slots} - 2b + {offset}]",
                concat!(".size ", stringify!($name), ", . - ", stringify!($name)),
                slots = sym SLOTS,
                offset = const std::mem::offset_of!(Slots, $name),
            );
        )*
    };
}

// Every Lua C API function mlua references: the undefined `lua*` symbols of the module
// without this table (mlua 0.12.2, LuaJIT). build.rs's `-z defs` fails the link, naming the
// function, when a newer mlua references one missing here.
trampolines! {
    luaL_callmeta, luaL_checktype, luaL_error, luaL_getmetafield, luaL_loadbuffer, luaL_ref,
    luaL_unref, lua_call, lua_checkstack, lua_close, lua_concat, lua_cpcall, lua_createtable,
    lua_error, lua_gc, lua_getallocf, lua_getfield, lua_getinfo, lua_getmetatable, lua_getstack,
    lua_gettable, lua_gettop, lua_insert, lua_isnumber, lua_isstring, lua_newthread,
    lua_newuserdata, lua_next, lua_objlen, lua_pcall, lua_pushboolean, lua_pushcclosure,
    lua_pushfstring, lua_pushinteger, lua_pushlightuserdata, lua_pushlstring, lua_pushnil,
    lua_pushnumber, lua_pushstring, lua_pushthread, lua_pushvalue, lua_rawequal, lua_rawget,
    lua_rawgeti, lua_rawset, lua_rawseti, lua_remove, lua_replace, lua_setfenv, lua_setfield,
    lua_setmetatable, lua_settable, lua_settop, lua_toboolean, lua_tolstring, lua_tonumber,
    lua_topointer, lua_tothread, lua_touserdata, lua_type, lua_typename, lua_xmove,
}

/// Fills every slot with `dlsym(library, name)`. `library` is a `dlopen` handle of the Lua
/// library that owns the state. Fails, naming them, when some names are missing, and then
/// changes no slot: a half-filled table would crash later instead of failing now.
///
/// # Safety
/// `library` must be a valid handle from `dlopen`, of a LuaJIT 2.1 (Lua 5.1 C API) library.
pub unsafe fn resolve(library: *mut c_void) -> Result<(), String> {
    let slots = slots();
    let mut found = Vec::with_capacity(slots.len());
    let mut missing = Vec::new();
    for (name, _) in &slots {
        // SAFETY: `library` is a valid handle (the caller's promise); `name` is NUL-terminated.
        let address = unsafe { libc::dlsym(library, name.as_ptr()) };
        if address.is_null() {
            missing.push(name.to_string_lossy());
        }
        found.push(address);
    }
    if !missing.is_empty() {
        return Err(format!("the Lua library lacks {}", missing.join(", ")));
    }
    for ((_, slot), address) in slots.iter().zip(found) {
        slot.store(address, Ordering::Release);
    }
    Ok(())
}

/// Whether [`resolve`] has filled the table (the calls through it are safe).
pub fn resolved() -> bool {
    SLOTS.lua_settop.load(Ordering::Acquire) != unresolved as *mut c_void
}
