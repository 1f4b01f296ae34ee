#!/usr/bin/env python3
"""Paired, interleaved timing of two commands: A, B, then B, A, ... so that load drifting on a shared machine hits both
alike (hyperfine runs all of A, then all of B, and a change of load between the halves moves the ratio).

usage: paired.py --runs N [--warmup W] [--out PREFIX] NAME_A CMD_A NAME_B CMD_B

Prints, for each command, the mean wall time ± standard deviation and the mean user+system CPU of the child
processes; then the ratio A/B of the means, and the mean ± standard deviation of the per-pair ratios (each pair ran
back to back, under the same load). PREFIX.csv gets every run."""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import time


def run(command: str) -> tuple[float, float]:
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = os.times()
    if done.returncode != 0:
        sys.exit(f"paired.py: '{command}' failed with exit code {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--out")
    parser.add_argument("name_a")
    parser.add_argument("cmd_a")
    parser.add_argument("name_b")
    parser.add_argument("cmd_b")
    args = parser.parse_args()

    for _ in range(args.warmup):
        run(args.cmd_a)
        run(args.cmd_b)

    rows = []
    for i in range(args.runs):
        # Alternate which command goes first, so neither always runs right after the other's file-system writes.
        order = [("a", args.cmd_a), ("b", args.cmd_b)] if i % 2 == 0 else [("b", args.cmd_b), ("a", args.cmd_a)]
        result = {}
        for key, command in order:
            result[key] = run(command)
        rows.append((result["a"], result["b"]))

    wall_a = [r[0][0] for r in rows]
    wall_b = [r[1][0] for r in rows]
    cpu_a = [r[0][1] for r in rows]
    cpu_b = [r[1][1] for r in rows]
    ratios = [a / b for a, b in zip(wall_a, wall_b)]
    for name, wall, cpu in ((args.name_a, wall_a, cpu_a), (args.name_b, wall_b, cpu_b)):
        print(f"{name}: {statistics.mean(wall):.3f} s ± {statistics.stdev(wall):.3f} (CPU {statistics.mean(cpu):.3f} s), {args.runs} runs")
    print(f"ratio of means: {statistics.mean(wall_a) / statistics.mean(wall_b):.3f}; "
          f"per-pair ratio: {statistics.mean(ratios):.3f} ± {statistics.stdev(ratios):.3f} "
          f"(median {statistics.median(ratios):.3f}); CPU ratio {statistics.mean(cpu_a) / statistics.mean(cpu_b):.3f}")
    if args.out:
        with open(args.out + ".csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["run", "wall_a", "cpu_a", "wall_b", "cpu_b"])
            for i, ((wa, ca), (wb, cb)) in enumerate(rows):
                w.writerow([i, f"{wa:.4f}", f"{ca:.4f}", f"{wb:.4f}", f"{cb:.4f}"])


if __name__ == "__main__":
    main()
