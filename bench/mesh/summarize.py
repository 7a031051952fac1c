"""Medians of bench/mesh/run.sh's interleaved rounds, as the markdown tables RESULTS.md holds.

Input rows (tab-separated): chain, proto, round, p50, p99, p99.9 (ms), requests, proxy CPU % of a core,
CPU ms per 1,000 requests, max req/s, RSS/PSS/USS under load, burst p50, p99, p99.9 (ms).
The steady columns (3–5) come from connections started 1/RATE s apart, so their --rps timers are evenly phased; the
burst columns from connections started together, whose requests leave together.
"""
import statistics
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
rate, n_fixed, clients, duration, rounds = sys.argv[2:7]
keys = []
for r in rows:
    if (r[0], r[1]) not in keys:
        keys.append((r[0], r[1]))


def values(key, column):
    return [r[column] for r in rows if (r[0], r[1]) == key]


def median(key, column):
    return statistics.median(float(x) for x in values(key, column))


print(f"## Fixed rate ({rate} RPS, {n_fixed} requests, {clients} connections, h2load --rps; h1 = h2load --h1)"
      f" — median of {rounds} interleaved rounds")
print(f"Steady: connections started 1/{rate} s apart (h2load -r 1 --rate-period), one request every 1/{rate} s."
      f" Bursts: connections started together, {clients} requests at once every {clients}/{rate} s.")
print()
print("| chain | proto | p50 ms | p99 ms | p99.9 ms | burst p50 ms | burst p99 ms | burst p99.9 ms | proxy CPU % of a core | CPU ms per 1000 req |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for k in keys:
    print(f"| {k[0]} | {k[1]} | {median(k, 3):.3f} | {median(k, 4):.3f} | {median(k, 5):.3f} | {median(k, 11):.3f} | {median(k, 12):.3f} | {median(k, 13):.3f} | {median(k, 7):.1f} | {median(k, 8):.1f} |")
print()
print(f"## Maximum throughput (h1: wrk -t2 -c32 -d{duration}s; h2: h2load -c8 -m16 -D{duration}) — median of {rounds} rounds")
print("| chain | proto | max req/s | RSS / PSS / USS under load (MB, both proxies; last round) |")
print("|---|---|---:|---|")
for k in keys:
    print(f"| {k[0]} | {k[1]} | {median(k, 9):.0f} | {values(k, 10)[-1]} |")
print()
print("## Added over direct, and throughput against haproxy (medians)")
print("| chain | proto | p50 +ms | p99 +ms | p99.9 +ms | burst p50 +ms | burst p99 +ms | burst p99.9 +ms | max req/s vs haproxy |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for k in keys:
    if k[0] == "direct":
        continue
    direct, haproxy = ("direct", k[1]), ("haproxy", k[1])

    def added(column):
        return f"{median(k, column) - median(direct, column):+.3f}" if direct in keys else "–"

    versus = f"{100 * median(k, 9) / median(haproxy, 9):.0f} %" if haproxy in keys else "–"
    print(f"| {k[0]} | {k[1]} | {added(3)} | {added(4)} | {added(5)} | {added(11)} | {added(12)} | {added(13)} | {versus} |")
print()
print("## Raw rounds (chain, proto, round, p50, p99, p99.9 ms, requests, CPU %, CPU ms/1k req, max req/s, RSS/PSS/USS,"
      " burst p50, p99, p99.9 ms)")
print("```")
for r in rows:
    print(" ".join(r))
print("```")
