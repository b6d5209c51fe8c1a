#!/usr/bin/env python3
"""Checks the documentation: every example in README.md and docs/**/*.md is a test.

Usage (from anywhere): scripts/check-docs.py [--update] [--no-build] [--keep] [--links]
  --links: only the links; --keep: keep the work folder; --update: rewrite generated blocks

What it checks:
  * every relative link between the pages (and to files of the repository) resolves, and an
    anchor (`page.md#section`) names a heading of that page;
  * every fenced code block, by its info string: the first word is the language, the others
    are attributes.
      c                 a whole translation unit: gcc -std=c11 -Wall -Werror against
                        include/sonoran.h; with a main, linked against build/c/lib/libsonoran.so
                        and run against the mock
      cpp               the same with g++ -std=c++17 -Wall -Werror
      c fragment        statements, compiled inside `void fragment(SonoranClient *client)` after
                        the standard headers and "sonoran.h", and run: a main makes `client`, a
                        client of the mock, and calls it
      c fragment norun  the same, compiled only
      c declarations    file-scope code after "sonoran.h", compiled only
      c lua54           a whole program embedding Lua 5.4: linked with -llua5.4 and
                        build/lua/5.4/sonoran.so, and run
      lua               a whole script, run under lua5.4 and luajit
      lua fragment      run under both after a prelude defining `Sonoran` (the module) and
                        `client` (a client of the mock); then client:poll() runs until nothing
                        is pending (10 s at most); an error raised in a callback fails the block
      lua norun, lua fragment norun
                        compiled only (load/loadstring), under both
      rust tested=PATH  not compiled here: every line of the block must occur in PATH (an
                        example under examples/, built by `cargo test`), so the page shows code
                        that is tested
      sh, bash, json, toml, ini, text, sqf, cmake, console
                        not checked
    A block with no language, or one not listed, fails the check.
  * the configuration keys' table (docs/reference/configuration.md) names exactly the keys
    src/config.rs reads, and the error kinds' table (docs/concepts/envelope.md) exactly the
    kinds of src/error.rs, in their order;
  * the block between the marks of docs/reference/mock.md is what `sonoran-mock --help`
    prints (--update rewrites it instead);
  * with mdbook on PATH, `mdbook build docs` succeeds.

The mock's URL: programs and scripts get it in the environment variable SONORAN_API_URL (whole
C and C++ programs also as argv[1], as the programs under examples/ take it); the mock's
credentials are demo-community / demo-api-key. The mock is `target/release/sonoran-mock
--port 0 --rate-limit 0`, started here and stopped at the end.

What it needs, built when missing (unless --no-build): build/c/lib/libsonoran.so
(scripts/build-c.sh), build/lua/5.4/sonoran.so and build/lua/jit/sonoran.so
(scripts/build-lua.sh 5.4 jit), target/release/sonoran-mock (cargo build --release -p
sonoran-mock). Python 3.11, standard library only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
UNCHECKED = {"sh", "bash", "json", "toml", "ini", "text", "sqf", "cmake", "console"}
RUN_TIMEOUT = 60
LUAS = {"lua5.4": "5.4", "luajit": "jit"}

C_HEADERS = "#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include \"sonoran.h\"\n"
C_MAIN = """
int main(int argc, char **argv) {
  const char *url = argc > 1 ? argv[1] : getenv("SONORAN_API_URL");
  char config[512];
  snprintf(config, sizeof config, "{\\"communityId\\":\\"demo-community\\",\\"apiKey\\":\\"demo-api-key\\",\\"apiUrl\\":\\"%s\\"}", url);
  SonoranClient *client = sonoran_client_new(config);
  if (!client) {
    fprintf(stderr, "sonoran_client_new: %s\\n", sonoran_last_error());
    return 1;
  }
  fragment(client);
  sonoran_client_free(client);
  return 0;
}
"""
LUA_PRELUDE = """Sonoran = require("sonoran")
client = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key",
  apiUrl = os.getenv("SONORAN_API_URL"), defaultServerId = 1 })
"""
LUA_EPILOGUE = """
local deadline = os.clock() + 10
repeat
  local _, errors = client:poll()
  if errors then error("a callback failed: " .. table.concat(errors, "; ")) end
until client:pending() == 0 or os.clock() > deadline
if client:pending() > 0 then error(client:pending() .. " requests still pending after 10 s") end
"""
LUA_COMPILE = """local path = ...
local f = assert(io.open(path, "rb"))
local text = f:read("*a")
f:close()
local chunk, err = (loadstring or load)(text, "=" .. path)
if not chunk then io.stderr:write(err, "\\n") os.exit(1) end
"""


@dataclass
class Block:
    path: Path
    line: int  # of the opening fence
    lang: str
    attrs: dict[str, str]
    text: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def fail(self, where: str, message: str) -> None:
        self.failures.append(f"{where}: {message}")
        print(f"  FAIL {where}: {message.splitlines()[0] if message else ''}", flush=True)


def pages() -> list[Path]:
    found = [ROOT / "README.md"]
    for path in sorted(DOCS.rglob("*.md")):
        if DOCS / "book" not in path.parents:
            found.append(path)
    return found


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def blocks_of(path: Path) -> list[Block]:
    out: list[Block] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group(1), m.group(2).strip()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1
        words = info.replace(",", " ").split()
        lang = words[0] if words else ""
        attrs: dict[str, str] = {}
        for word in words[1:]:
            key, _, value = word.partition("=")
            attrs[key] = value
        out.append(Block(path, start + 1, lang, attrs, "\n".join(body) + "\n"))
    return out


def strip_code(text: str) -> list[tuple[int, str]]:
    """The page's lines outside fenced blocks, inline code blanked, with their numbers."""
    out = []
    in_fence = None
    for number, line in enumerate(text.split("\n"), 1):
        m = FENCE.match(line)
        if m and (in_fence is None or line.strip().startswith(in_fence)):
            in_fence = m.group(1) if in_fence is None else None
            continue
        if in_fence is None:
            out.append((number, re.sub(r"`+[^`]*`+", "``", line)))
    return out


def slug(heading: str) -> str:
    """GitHub's (and mdBook's) anchor of a heading."""
    text = re.sub(r"`", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def heading_anchors(path: Path) -> set[str]:
    out = set()
    seen: dict[str, int] = {}
    in_fence = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        m = FENCE.match(line)
        if m and (in_fence is None or line.strip().startswith(in_fence)):
            in_fence = m.group(1) if in_fence is None else None
            continue
        if in_fence is not None:
            continue
        h = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if h:
            base = slug(h.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            out.add(base if n == 0 else f"{base}-{n}")
    return out


LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def check_links(report: Report) -> None:
    anchors: dict[Path, set[str]] = {}
    for page in pages():
        for number, line in strip_code(page.read_text(encoding="utf-8")):
            for target in LINK.findall(line):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                    continue  # http:, https:, mailto:
                report.count("links")
                where = f"{page.relative_to(ROOT)}:{number}"
                file_part, _, anchor = target.partition("#")
                dest = page if not file_part else (page.parent / file_part).resolve()
                if not dest.exists():
                    report.fail(where, f"link to {target}: {dest} does not exist")
                    continue
                if anchor and dest.suffix == ".md":
                    if dest not in anchors:
                        anchors[dest] = heading_anchors(dest)
                    if anchor not in anchors[dest]:
                        report.fail(where, f"link to {target}: no heading #{anchor} in {dest.relative_to(ROOT)}")


def run(cmd: list[str], where: str, report: Report, env: dict[str, str] | None = None, cwd: Path | None = None) -> bool:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT, env=env, cwd=cwd)
    except subprocess.TimeoutExpired:
        report.fail(where, f"`{' '.join(cmd)}` took more than {RUN_TIMEOUT} s")
        return False
    if done.returncode != 0:
        report.fail(where, f"`{' '.join(cmd)}` exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
        return False
    return True


class Checker:
    def __init__(self, work: Path, mock_url: str, report: Report) -> None:
        self.work = work
        self.url = mock_url
        self.report = report
        self.n = 0
        self.env = dict(os.environ, SONORAN_API_URL=mock_url)

    def file(self, block: Block, suffix: str, text: str) -> Path:
        self.n += 1
        name = re.sub(r"[^A-Za-z0-9]+", "_", block.where) + suffix
        path = self.work / f"{self.n:03d}_{name}"
        path.write_text(text, encoding="utf-8")
        return path

    def line_mark(self, block: Block) -> str:
        return f'#line {block.line + 1} "{block.path.relative_to(ROOT)}"\n'

    def c_family(self, block: Block, cpp: bool) -> None:
        compiler = ["g++", "-std=c++17"] if cpp else ["gcc", "-std=c11"]
        flags = compiler + ["-Wall", "-Werror", f"-I{ROOT / 'include'}"]
        suffix = ".cpp" if cpp else ".c"
        attrs = block.attrs
        libs = [f"-L{ROOT / 'build/c/lib'}", "-lsonoran", f"-Wl,-rpath,{ROOT / 'build/c/lib'}"]
        if "fragment" in attrs:
            body = "".join("  " + line + "\n" for line in block.text.splitlines())
            text = C_HEADERS + "void fragment(SonoranClient *client);\nvoid fragment(SonoranClient *client) {\n" + self.line_mark(block) + body + "}\n"
            runs = "norun" not in attrs
            if runs:
                text += C_MAIN
        elif "declarations" in attrs:
            text = C_HEADERS + self.line_mark(block) + block.text
            runs = False
        elif "lua54" in attrs:
            text = self.line_mark(block) + block.text
            flags += ["-I/usr/include/lua5.4"]
            libs = [str(ROOT / "build/lua/5.4/sonoran.so"), "-llua5.4", f"-Wl,-rpath,{ROOT / 'build/lua/5.4'}"]
            runs = True
        else:
            text = self.line_mark(block) + block.text
            runs = re.search(r"\bint\s+main\s*\(", block.text) is not None and "norun" not in attrs
        source = self.file(block, suffix, text)
        kind = "C++" if cpp else "C"
        if not runs:
            if run(flags + ["-c", str(source), "-o", str(source.with_suffix(".o"))], block.where, self.report):
                self.report.count(f"{kind} blocks compiled")
            return
        exe = source.with_suffix("")
        if not run(flags + [str(source), "-o", str(exe)] + libs, block.where, self.report):
            return
        self.report.count(f"{kind} blocks compiled")
        if run([str(exe), self.url], block.where, self.report, env=self.env, cwd=self.work):
            self.report.count(f"{kind} blocks run against the mock")

    def lua(self, block: Block) -> None:
        attrs = block.attrs
        if "norun" in attrs:
            source = self.file(block, ".lua", block.text)
            compiler = self.file(block, ".compile.lua", LUA_COMPILE)
            ok = all(run([lua, str(compiler), str(source)], f"{block.where} ({lua})", self.report) for lua in LUAS)
            if ok:
                self.report.count("Lua blocks compiled (under lua5.4 and luajit)")
            return
        if "fragment" in attrs:
            text = LUA_PRELUDE + "do\n" + block.text + "end\n" + LUA_EPILOGUE
        else:
            text = block.text
        source = self.file(block, ".lua", text)
        ok = True
        for lua, flavour in LUAS.items():
            env = dict(self.env, LUA_CPATH=f"{ROOT / 'build/lua' / flavour}/?.so;;")
            ok = run([lua, str(source)], f"{block.where} ({lua})", self.report, env=env, cwd=self.work) and ok
        if ok:
            self.report.count("Lua blocks run against the mock (under lua5.4 and luajit)")

    def rust(self, block: Block) -> None:
        tested = block.attrs.get("tested")
        if not tested:
            self.report.fail(block.where, "a rust block needs tested=PATH (the tested file that holds these lines)")
            return
        path = ROOT / tested
        if not path.is_file():
            self.report.fail(block.where, f"tested={tested}: no such file")
            return
        lines = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
        missing = [line.strip() for line in block.text.splitlines() if line.strip() and line.strip() not in lines]
        if missing:
            self.report.fail(block.where, f"lines not in {tested}: {missing[0]!r}" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
            return
        self.report.count("Rust blocks found in tested files")

    def check(self, block: Block) -> None:
        if block.lang in UNCHECKED:
            self.report.count("blocks not checked (sh, json, ...)")
        elif block.lang == "c":
            self.c_family(block, cpp=False)
        elif block.lang == "cpp":
            self.c_family(block, cpp=True)
        elif block.lang == "lua":
            self.lua(block)
        elif block.lang == "rust":
            self.rust(block)
        else:
            self.report.fail(block.where, f"a block of language {block.lang or '(none)'!r}: give it one the checker knows")


MOCK_BEGIN = "<!-- mock --help: checked by scripts/check-docs.py -->\n```text\n"
MOCK_END = "```\n<!-- end of mock --help -->"


def check_mock_help(report: Report, update: bool) -> None:
    page = DOCS / "reference/mock.md"
    text = page.read_text(encoding="utf-8")
    begin, end = text.find(MOCK_BEGIN), text.find(MOCK_END)
    if begin < 0 or end < 0:
        report.fail(str(page.relative_to(ROOT)), "lacks the marks of the mock's --help")
        return
    helptext = subprocess.run([str(ROOT / "target/release/sonoran-mock"), "--help"], capture_output=True, text=True, check=True).stdout
    helptext = helptext.replace("```", "'''").rstrip("\n") + "\n"
    current = text[begin + len(MOCK_BEGIN) : end]
    if current == helptext:
        report.count("generated blocks current")
    elif update:
        page.write_text(text[: begin + len(MOCK_BEGIN)] + helptext + text[end:], encoding="utf-8")
        print(f"  wrote {page.relative_to(ROOT)}'s block of sonoran-mock --help")
        report.count("generated blocks current")
    else:
        report.fail(str(page.relative_to(ROOT)), "the block of `sonoran-mock --help` is out of date (scripts/check-docs.sh --update)")


def table_keys(page: Path, header: str) -> list[str]:
    """The first column's `names` of the table under `header` (a table's first line)."""
    lines = page.read_text(encoding="utf-8").split("\n")
    start = lines.index(header) + 2
    keys: list[str] = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        keys += re.findall(r"`([^`]+)`", line.split("|")[1])
    return keys


def check_against_code(report: Report) -> None:
    """Facts written by hand once, compared with the code they describe."""
    config = (ROOT / "src/config.rs").read_text(encoding="utf-8")
    in_code = set(re.findall(r'(?:optional|required_string)\(map, "(\w+)"\)|\("(\w+)", &mut config\.', config))
    in_code = {a or b for a, b in in_code}
    page = DOCS / "reference/configuration.md"
    in_page = set(table_keys(page, "| key | default | meaning |"))
    for key in sorted(in_code - in_page):
        report.fail(str(page.relative_to(ROOT)), f"the configuration key `{key}` (src/config.rs) is not in the table")
    for key in sorted(in_page - in_code):
        report.fail(str(page.relative_to(ROOT)), f"the table names `{key}`, which src/config.rs does not read")
    report.count("hand-kept tables checked against the code (configuration keys)")
    error = (ROOT / "src/error.rs").read_text(encoding="utf-8")
    kinds = re.findall(r'ErrorKind::\w+ => "(\w+)"', error)
    page = DOCS / "concepts/envelope.md"
    documented = table_keys(page, "| kind | when | `reason` |")
    if kinds != documented:
        report.fail(str(page.relative_to(ROOT)), f"the error kinds' table ({', '.join(documented)}) differs from src/error.rs ({', '.join(kinds)})")
    report.count("hand-kept tables checked against the code (error kinds)")


def build_missing() -> None:
    def missing(*paths: str) -> bool:
        return not all((ROOT / p).exists() for p in paths)

    if missing("build/c/lib/libsonoran.so"):
        print("building the C library (scripts/build-c.sh)", flush=True)
        subprocess.run([str(ROOT / "scripts/build-c.sh")], check=True, cwd=ROOT)
    flavours = [f for f in ("5.4", "jit") if missing(f"build/lua/{f}/sonoran.so")]
    if flavours:
        print(f"building the Lua module (scripts/build-lua.sh {' '.join(flavours)})", flush=True)
        subprocess.run([str(ROOT / "scripts/build-lua.sh"), *flavours], check=True, cwd=ROOT)
    if missing("target/release/sonoran-mock"):
        print("building the mock (cargo build --release -p sonoran-mock)", flush=True)
        subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "sonoran-mock"], check=True, cwd=ROOT)


def start_mock(work: Path) -> tuple[subprocess.Popen, str]:
    log = open(work / "mock.log", "w")
    mock = subprocess.Popen([str(ROOT / "target/release/sonoran-mock"), "--port", "0", "--rate-limit", "0"], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 20
    while time.time() < deadline:
        m = re.search(r"listening on (\S+)", (work / "mock.log").read_text())
        if m:
            return mock, m.group(1)
        if mock.poll() is not None:
            break
        time.sleep(0.1)
    mock.kill()
    raise SystemExit(f"check-docs: the mock did not start:\n{(work / 'mock.log').read_text()}")


def main() -> int:
    args = set(sys.argv[1:])
    unknown = args - {"--update", "--no-build", "--keep", "--links"}
    if unknown:
        print(__doc__)
        return 2
    report = Report()
    print("links between the pages", flush=True)
    check_links(report)
    check_against_code(report)
    if "--links" in args:
        print("\n".join(report.failures) or "links: ok")
        return 1 if report.failures else 0
    if "--no-build" not in args:
        build_missing()
    work = Path(tempfile.mkdtemp(prefix="check-docs-"))
    mock, url = start_mock(work)
    try:
        print(f"code blocks, against the mock at {url} (work in {work})", flush=True)
        checker = Checker(work, url, report)
        for page in pages():
            for block in blocks_of(page):
                checker.check(block)
        check_mock_help(report, "--update" in args)
    finally:
        mock.terminate()
        mock.wait()
    if shutil.which("mdbook"):
        print("mdbook build docs", flush=True)
        done = subprocess.run(["mdbook", "build", str(DOCS)], capture_output=True, text=True)
        if done.returncode != 0 or "ERROR" in done.stderr:
            report.fail("docs/book.toml", f"mdbook build docs failed:\n{done.stderr[-4000:]}")
        else:
            report.count("mdbook builds")
    else:
        print("mdbook is not on PATH: the book is not built (cargo install mdbook --locked)")
    if "--keep" not in args and not report.failures:
        shutil.rmtree(work, ignore_errors=True)
    print()
    for what, n in report.counts.items():
        print(f"  {n:4d} {what}")
    if report.failures:
        print(f"\ncheck-docs: {len(report.failures)} failure(s):")
        for failure in report.failures:
            print(f"  {failure}")
        return 1
    print("check-docs: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
