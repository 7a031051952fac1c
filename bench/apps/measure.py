#!/usr/bin/env python3
"""Start-up time (until the first HTTP answer) and resident memory of an echo server, median of N runs."""
import os, socket, statistics, subprocess, sys, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def answer(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as c:
            c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return c.recv(100).startswith(b"HTTP/1.1 200")
    except OSError:
        return False

def run(label, command, env_extra, runs, load_seconds):
    starts, rss_idle, rss_load = [], [], []
    for _ in range(runs):
        port = free_port()
        env = dict(os.environ, WEFT_POD_NAME="bench-0", **env_extra)
        cmd = [a.replace("PORT", str(port)) for a in command]
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not answer(port):
            if time.perf_counter() - t0 > 30: raise SystemExit(f"{label}: no answer")
            time.sleep(0.002)
        starts.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.5)
        rss_idle.append(rss_kib(p.pid) / 1024)
        if load_seconds:
            subprocess.run(["wrk", "-t1", "-c8", f"-d{load_seconds}s", f"http://127.0.0.1:{port}/"], stdout=subprocess.DEVNULL)
            rss_load.append(rss_kib(p.pid) / 1024)
        p.terminate(); p.wait()
    m = statistics.median
    load = f"{m(rss_load):.1f}" if rss_load else "-"
    print(f"| {label} | {m(starts):.0f} | {min(starts):.0f} | {m(rss_idle):.1f} | {load} |")

if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    weft, kestrel = sys.argv[2], sys.argv[3]
    dotnet = "dotnet"
    lean = {"DOTNET_gcServer": "0", "DOTNET_gcConcurrent": "0", "DOTNET_GCgen0size": "0x200000", "DOTNET_TieredPGO": "0"}
    print("| server | start-up median (ms) | start-up min (ms) | RSS idle (MiB) | RSS after 3 s wrk (MiB) |")
    print("|---|---|---|---|---|")
    run("weft app serve (raw sockets)", [dotnet, weft, "app", "serve", "--http", "PORT"], {}, runs, 3)
    run("weft app serve + lean env", [dotnet, weft, "app", "serve", "--http", "PORT"], lean, runs, 3)
    run("Kestrel slim builder", [dotnet, kestrel, "PORT"], {}, runs, 3)
    run("Kestrel slim builder + lean env", [dotnet, kestrel, "PORT"], lean, runs, 3)
