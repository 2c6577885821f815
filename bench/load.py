#!/usr/bin/env python3
"""Open-loop load test: requests at a fixed rate, latency measured from each request's
scheduled start (so a slow server cannot hide queueing by slowing the client down).

    python3 bench/load.py http://127.0.0.1:8090/wilayah/32.73 --rate 200 --seconds 30

Prints one line: url, rate, requests, errors, p50/p90/p99/max in milliseconds and the achieved
rate. Standard library only; keep-alive connections from a small pool.
"""
import argparse
import asyncio
import time
from urllib.parse import urlsplit


async def one(pool, host, port, path, scheduled, latencies, errors):
    reader_writer = None
    try:
        reader_writer = pool.pop() if pool else await asyncio.open_connection(host, port)
        reader, writer = reader_writer
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: identity\r\n\r\n".encode()
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = None
        chunked = False
        for line in head.split(b"\r\n"):
            k, _, v = line.partition(b":")
            if k.lower() == b"content-length":
                length = int(v.strip())
            if k.lower() == b"transfer-encoding" and b"chunked" in v.lower():
                chunked = True
        if length is not None:
            await reader.readexactly(length)
        elif chunked:
            while True:
                size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        latencies.append((time.perf_counter() - scheduled) * 1000.0)
        if status >= 400:
            errors.append(status)
        pool.append(reader_writer)
    except Exception as e:  # a broken connection is an error, and is not reused
        errors.append(str(e))


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--rate", type=float, default=200.0)
    ap.add_argument("--seconds", type=float, default=30.0)
    a = ap.parse_args()
    u = urlsplit(a.url)
    path = u.path + (("?" + u.query) if u.query else "")
    pool, latencies, errors, tasks = [], [], [], []
    n = int(a.rate * a.seconds)
    start = time.perf_counter() + 0.2
    for i in range(n):
        scheduled = start + i / a.rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(pool, u.hostname, u.port or 80, path, scheduled, latencies, errors)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(p * (len(latencies) - 1) + 0.5))]
    print(
        f"url={a.url} rate={a.rate:.0f} requests={n} errors={len(errors)} "
        f"p50_ms={q(0.5):.2f} p90_ms={q(0.9):.2f} p99_ms={q(0.99):.2f} max_ms={latencies[-1]:.2f} "
        f"achieved_rps={n / elapsed:.1f}"
    )


asyncio.run(main())
