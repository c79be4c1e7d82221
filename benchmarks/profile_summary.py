#!/usr/bin/env python3
"""Summarises a JFR recording of the gateway's warm path (benchmarks/profile-warm.sh): bytes allocated per call
on the event loops, the classes and Stoker frames that allocate most, and where the event loops spend their time.

usage: profile_summary.py RECORDING.jfr CALLS
"""
import collections
import json
import re
import subprocess
import sys

LOOP = "vert.x-eventloop-thread-"


def events(recording, types):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", ",".join(types), recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    # A lambda's class name carries its address: the same lambda would count as many.
    return [re.sub(r"\$\$Lambda.*", "$lambda", f["method"]["type"]["name"]).replace("/", ".") + "." + f["method"]["name"]
            for f in trace.get("frames") or []]


def thread(event):
    v = event["values"]
    t = v.get("eventThread") or v.get("sampledThread") or v.get("thread") or {}
    return t.get("javaName") or ""


def stoker_frame(stack):
    return next((f for f in stack if f.startswith("io.stoker.")), "(outside Stoker)")


def table(title, rows, unit, total=None):
    print(f"\n{title}\n\n| {unit} | share | where |\n|---:|---:|---|")
    total = total or sum(v for _, v in rows) or 1
    for name, value in rows:
        print(f"| {value:,.0f} | {100 * value / total:.1f}% | `{name}` |")


def main():
    recording, calls = sys.argv[1], int(sys.argv[2])
    stats = collections.defaultdict(list)
    for e in events(recording, ["jdk.ThreadAllocationStatistics"]):
        stats[thread(e)].append(e["values"]["allocated"])
    loop_bytes = sum(max(v) - min(v) for t, v in stats.items() if t.startswith(LOOP))
    all_bytes = sum(max(v) - min(v) for v in stats.values())
    print(f"calls: {calls:,}; allocated on the event loops: {loop_bytes / calls:,.0f} bytes per call "
          f"(all threads: {all_bytes / calls:,.0f})")

    by_class, by_site, seen = collections.Counter(), collections.Counter(), set()
    samples = sorted((e for e in events(recording, ["jdk.ObjectAllocationSample"]) if thread(e).startswith(LOOP)),
                     key=lambda e: e["values"]["startTime"])
    for e in samples:
        # A thread's first sample weighs all it allocated before the recording began: left out.
        if thread(e) not in seen:
            seen.add(thread(e))
            continue
        weight = e["values"]["weight"]
        by_class[e["values"]["objectClass"]["name"]] += weight
        by_site[stoker_frame(frames(e))] += weight
    scale = loop_bytes / (sum(by_class.values()) or 1) / calls  # sampled weights, scaled to bytes per call
    table(f"Allocation by class (event loops; bytes per call, from {len(samples):,} samples)",
          [(k, v * scale) for k, v in by_class.most_common(15)], "bytes/call", loop_bytes / calls)
    table("Allocation by the innermost Stoker frame on the stack (event loops; bytes per call)",
          [(k, v * scale) for k, v in by_site.most_common(12)], "bytes/call", loop_bytes / calls)

    top_self, stoker_total, samples = collections.Counter(), collections.Counter(), 0  # noqa: F841
    for e in events(recording, ["jdk.ExecutionSample"]):
        if not thread(e).startswith(LOOP):
            continue
        stack = frames(e)
        if not stack:
            continue
        samples += 1
        top_self[stack[0]] += 1
        for f in set(x for x in stack if x.startswith("io.stoker.")):
            stoker_total[f] += 1
    table(f"Hottest frames, self time ({samples:,} event-loop samples of Java code)", top_self.most_common(15),
          "samples", samples)
    table("Stoker methods, total time (on the stack)", stoker_total.most_common(15), "samples", samples)


if __name__ == "__main__":
    main()
