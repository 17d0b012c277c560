"""CPython twins of the ipc4j comparison workloads.

Run: python3 bench_twins.py pipe_rtt|queue_1p1c [key=value ...]
Options: rounds=, warmup= (pipe_rtt); n= (queue_1p1c).

Prints the workload's figure alone on the first line of standard output, then extra
figures as key=value lines, the same convention as io.ipc4j.benchmarks.Compare.
"""
import multiprocessing
import sys
import time

MESSAGE = b"x" * 32


def echo(conn, rounds):
    """Child: send every message back, `rounds` times."""
    for _ in range(rounds):
        conn.send_bytes(conn.recv_bytes())


def pipe_rtt(rounds=20000, warmup=1000):
    here, there = multiprocessing.Pipe()
    child = multiprocessing.Process(target=echo, args=(there, warmup + rounds))
    child.start()
    for _ in range(warmup):
        here.send_bytes(MESSAGE)
        here.recv_bytes()
    samples = [0] * rounds
    clock = time.perf_counter_ns
    for i in range(rounds):
        start = clock()
        here.send_bytes(MESSAGE)
        here.recv_bytes()
        samples[i] = clock() - start
    child.join()
    samples.sort()
    print(f"{samples[rounds // 2] / 1e3:.2f}")
    print(f"p99_us={samples[int(rounds * 0.99)] / 1e3:.2f}")
    print(f"min_us={samples[0] / 1e3:.2f}")
    print(f"mean_us={sum(samples) / rounds / 1e3:.2f}")


def produce(queue, n):
    """Child: put 0..n-1, then the sentinel None."""
    for i in range(n):
        queue.put(i)
    queue.put(None)


def queue_1p1c(n=200000):
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=produce, args=(queue, n))
    start = time.perf_counter()
    child.start()
    total = 0
    count = 0
    first = None
    while True:
        v = queue.get()
        if first is None:
            first = time.perf_counter()
        if v is None:
            break
        total += v
        count += 1
    end = time.perf_counter()
    child.join()
    if count != n or total != n * (n - 1) // 2:
        raise SystemExit(f"took {count} items summing to {total}; expected {n}")
    print(round(n / (end - start)))
    steady = (n - 1) / (end - first) if n > 1 and end > first else float("nan")
    print(f"steady_items_per_s={round(steady)}")
    print(f"first_item_ms={(first - start) * 1e3:.2f}")


WORKLOADS = {"pipe_rtt": pipe_rtt, "queue_1p1c": queue_1p1c}


def main(argv):
    if not argv or argv[0] not in WORKLOADS:
        print("usage: bench_twins.py " + "|".join(WORKLOADS) + " [key=value ...]", file=sys.stderr)
        return 2
    options = dict(arg.split("=", 1) for arg in argv[1:])
    print(f"bench_twins: cpython {sys.version.split()[0]}, start method "
          f"{multiprocessing.get_start_method()}", file=sys.stderr)
    WORKLOADS[argv[0]](**{k: int(v) for k, v in options.items()})
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
