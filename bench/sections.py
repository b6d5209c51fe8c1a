"""What the benchmark's section writers share (scripts/bench.sh runs them with this folder on
PYTHONPATH): the line saying where and how a section was measured, and putting a section into
BENCHMARKS.md in place of its previous run."""
import datetime
import os
import platform


def measured(load, command, source):
    """`Measured <when> on <cores>, <cpu>, <kernel>, load average <load> ..., with `<command>` (`<source>`)."""
    model = "unknown"
    try:
        model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), model)
    except OSError:
        pass
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (f"Measured {when} on {os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}, "
            f"load average {float(load):.1f} when this section began, with `{command}` (`{source}`).")


def replace_or_insert(text, heading, body, before=""):
    """`text` with the section `heading` (up to the next `## `) replaced by `body`; when there
    is none, `body` goes before the first occurrence of `before`, or at the end."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, l in enumerate(lines) if l.rstrip("\n") == heading), None)
    if start is not None:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = [body + "\n"]
        return "".join(lines)
    at = text.find(before) if before else -1
    if at >= 0:
        return text[:at] + body + "\n" + text[at:]
    return text + ("\n" if text and not text.endswith("\n\n") else "") + body


def first_heading(path):
    """The first `## ` line of the file at `path` ("" when there is none)."""
    if not os.path.exists(path):
        return ""
    return next((l for l in open(path).read().splitlines(keepends=True) if l.startswith("## ")), "")
