#!/usr/bin/env python3
"""Interleaved whole-process timings, for BENCHMARKS.md.

    scripts/interleave.py ROUNDS "CMD1 ARGS" "CMD2 ARGS" ...

Runs each command once per round, in turn, after five warm-up rounds, and
prints the median, quartiles and minimum of each. On a VM whose speed drifts
within minutes, commands timed in the same rounds can be compared where
back-to-back hyperfine runs cannot. Commands are split on spaces (no shell);
leading KEY=VALUE words set environment variables. Times include starting
the process from Python (~0.5 ms).
"""
import os
import statistics
import subprocess
import sys
import time


def main():
    rounds = int(sys.argv[1])
    cmds = []
    for line in sys.argv[2:]:
        words, env = line.split(), dict(os.environ)
        while words and "=" in words[0] and not words[0].startswith("/"):
            key, value = words.pop(0).split("=", 1)
            env[key] = value
        cmds.append((line, words, env))
    times = {line: [] for line, _, _ in cmds}
    with open(os.devnull, "w") as null:
        for r in range(rounds + 5):
            for line, words, env in cmds:
                start = time.perf_counter()
                subprocess.run(words, env=env, stdout=null, stderr=null)
                if r >= 5:
                    times[line].append((time.perf_counter() - start) * 1e3)
    for line, _, _ in cmds:
        t = sorted(times[line])
        print("%-60s median %.2f  p25 %.2f  p75 %.2f  min %.2f ms"
              % (line[:60], statistics.median(t), t[len(t) // 4], t[3 * len(t) // 4], t[0]))


if __name__ == "__main__":
    main()
