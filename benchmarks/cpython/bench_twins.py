"""CPython twins of the ipc4j comparison workloads.

Run: python3 bench_twins.py pipe_rtt|queue_1p1c|queue_2p2c|value_lock|pool_map|manager_dict|child_start|
  child_start_spare|pool_start|pool_start_spares|pool_map_first|event_wakeup|waiter_idle_cpu [key=value ...]
Options: rounds=, warmup=, warm_ms= (pipe_rtt); n= (queue_1p1c; queue_2p2c: items per producer;
value_lock: increments per process; pool_map: items; manager_dict: sets, and gets, warmup= untimed ones before).

Prints the workload's figure alone on the first line of standard output, then extra
figures as key=value lines, the same convention as io.ipc4j.benchmarks.Compare.
"""
import multiprocessing
import os
import sys
import time

MESSAGE = b"x" * 32


def echo(conn, rounds):
    """Child: send every message back, `rounds` times; a negative count, until an empty message."""
    i = 0
    while rounds < 0 or i < rounds:
        message = conn.recv_bytes()
        if not message:
            return
        conn.send_bytes(message)
        i += 1


def pipe_rtt(rounds=20000, warmup=1000, warm_ms=3000):
    """As PipeRttWorkload: warmup untimed round trips, rounds timed (the cold figure), more
    until warm_ms have passed since the child started, then rounds timed (the figure)."""
    here, there = multiprocessing.Pipe()
    # a daemon: a failed round trip here does not leave the parent waiting for it at exit
    child = multiprocessing.Process(target=echo, args=(there, -1), daemon=True)
    started = time.perf_counter()
    child.start()
    round_trips(here, warmup)
    cold = round_trips(here, rounds, timed=True)
    while (time.perf_counter() - started) * 1e3 < warm_ms:
        round_trips(here, 1000)
    samples = round_trips(here, rounds, timed=True)
    here.send_bytes(b"")  # the end (with fork, the child holds this end too: closing it is no EOF there)
    child.join()
    cold.sort()
    samples.sort()
    print(f"{samples[rounds // 2] / 1e3:.2f}")
    print(f"p99_us={samples[int(rounds * 0.99)] / 1e3:.2f}")
    print(f"min_us={samples[0] / 1e3:.2f}")
    print(f"mean_us={sum(samples) / rounds / 1e3:.2f}")
    print(f"cold_us={cold[rounds // 2] / 1e3:.2f}")


def round_trips(here, n, timed=False):
    """n round trips on here; their times in ns when timed."""
    samples = [0] * n if timed else None
    clock = time.perf_counter_ns
    for i in range(n):
        start = clock()
        here.send_bytes(MESSAGE)
        here.recv_bytes()
        if timed:
            samples[i] = clock() - start
    return samples


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


def produce_when_told(ready, go, queue, n):
    """Child of queue_2p2c: each round, say ready, wait for go, put 0..n-1, then the sentinel None."""
    for round_go in go:
        ready.put("producer")
        round_go.wait()
        produce(queue, n)


def consume_when_told(ready, go, queue, reports):
    """Child of queue_2p2c: each round, say ready, wait for go, take until the first None, report."""
    for round_go in go:
        ready.put("consumer")
        round_go.wait()
        count = 0
        total = 0
        first = 0
        while True:
            v = queue.get()
            if v is None:
                break
            if count == 0:
                first = time.monotonic_ns()
            count += 1
            total += v
        reports.put((count, total, first, time.monotonic_ns()))


def queue_2p2c(n=100000, rounds=2):
    """Twin of QueueTwoToTwoWorkload: the clock runs from go.set() to the second report; the same
    children run a second round, reported as warm_items_per_s."""
    queue = multiprocessing.Queue()
    reports = multiprocessing.Queue()
    ready = multiprocessing.Queue()
    go = [multiprocessing.Event() for _ in range(rounds)]
    children = [multiprocessing.Process(target=produce_when_told, args=(ready, go, queue, n)) for _ in range(2)]
    children += [multiprocessing.Process(target=consume_when_told, args=(ready, go, queue, reports))
                 for _ in range(2)]
    for c in children:
        c.start()
    per_second = []
    steady = None
    for r in range(rounds):
        for _ in children:
            ready.get()
        start = time.perf_counter()
        go[r].set()
        a = reports.get()
        b = reports.get()
        end = time.perf_counter()
        expected = 2 * (n * (n - 1) // 2)
        if a[0] + b[0] != 2 * n or a[1] + b[1] != expected:
            raise SystemExit(f"took {a[0] + b[0]} items summing to {a[1] + b[1]}; expected {2 * n} in round {r + 1}")
        per_second.append(2 * n / (end - start))
        if steady is None:
            steady = 2 * n / ((max(a[3], b[3]) - min(a[2], b[2])) / 1e9)
    for c in children:
        c.join()
    print(round(per_second[0]))
    print(f"steady_items_per_s={round(steady)}")
    print(f"warm_items_per_s={round(per_second[-1])}")


def account(balance, go, ready, ends, index, n, sign):
    """Child: the seed's deposit (sign 1) or withdraw (sign -1), n times under the value's lock."""
    lock = balance.get_lock()
    with ready.get_lock():
        ready.value += 1
    go.wait()
    for _ in range(n):
        with lock:
            balance.value += sign
    ends[index] = time.monotonic_ns()


def waiter(ping, pong, woke, rounds):
    """Child: wait for ping, note when it woke, answer on pong."""
    for i in range(rounds):
        ping.wait()
        woke[i] = time.monotonic_ns()
        ping.clear()
        pong.set()


def event_wakeup(pause_s, rounds=40):
    ping, pong = multiprocessing.Event(), multiprocessing.Event()
    woke = multiprocessing.Array("q", rounds, lock=False)
    child = multiprocessing.Process(target=waiter, args=(ping, pong, woke, rounds))
    child.start()
    latencies = []
    for i in range(rounds):
        time.sleep(pause_s)
        start = time.monotonic_ns()
        ping.set()
        pong.wait()
        pong.clear()
        latencies.append(woke[i] - start)
    child.join()
    latencies.sort()
    return latencies[rounds // 2] / 1e3


def value_lock(n=1000000):
    balance = multiprocessing.Value("i", 200)
    go = multiprocessing.Event()
    ready = multiprocessing.Value("i", 0)
    ends = multiprocessing.Array("q", 2, lock=False)
    children = [multiprocessing.Process(target=account, args=(balance, go, ready, ends, k, n, sign))
                for k, sign in enumerate((1, -1))]
    for c in children:
        c.start()
    while ready.value < 2:
        time.sleep(0.001)
    time.sleep(0.05)
    start = time.monotonic_ns()
    go.set()
    for c in children:
        c.join()
    if balance.value != 200:
        raise SystemExit(f"balance is {balance.value}, not 200")
    print(round(2 * n / ((max(ends) - start) / 1e9)))
    rounds = 1000000
    lock = balance.get_lock()
    t0 = time.perf_counter_ns()
    for _ in range(rounds):
        with lock:
            balance.value += 1
    print(f"uncontended_ns={(time.perf_counter_ns() - t0) / rounds:.2f}")
    print(f"event_wakeup_us={event_wakeup(0.06):.2f}")
    print(f"event_wakeup_spinning_us={event_wakeup(0):.2f}")
    print(f"waiter_cpu_ms={blocked_waiter_cpu_ms():.2f}")


def blocked_cpu(event, out):
    event.wait(0.2)
    t0 = time.thread_time_ns()
    event.wait(1.0)
    out.value = time.thread_time_ns() - t0


def blocked_waiter_cpu_ms():
    out = multiprocessing.Value("q", 0, lock=False)
    child = multiprocessing.Process(target=blocked_cpu, args=(multiprocessing.Event(), out))
    child.start()
    child.join()
    return out.value / 1e6


def square(x):
    return x * x


def pid_after(_):
    """Pool task: a short sleep, then this worker's pid, to see that every worker is up."""
    time.sleep(0.002)
    return os.getpid()


def pool_map(n=10_000_000):
    # The figure is timed exactly as bench_mp.py's pool_map: the clock covers starting
    # Pool(2), the map and leaving the with block (which terminates the pool).
    start = time.perf_counter()
    with multiprocessing.Pool(processes=2) as pool:
        r = pool.map(square, range(n))
    elapsed = time.perf_counter() - start
    if len(r) != n or r[-1] != (n - 1) ** 2:
        raise SystemExit(f"got {len(r)} squares ending in {r[-1] if r else None}")
    del r
    print(f"{elapsed:.4f}")
    # The ipc4j side's way: the start alone (until both workers answered), then a warm-up
    # map of a tenth of the items, then the timed map on the started pool.
    start = time.perf_counter()
    with multiprocessing.Pool(processes=2) as pool:
        pids = set()
        while len(pids) < 2:
            pids.update(pool.map(pid_after, range(2), chunksize=1))
        started = time.perf_counter() - start
        pool.map(square, range(max(1, n // 10)))
        start = time.perf_counter()
        r = pool.map(square, range(n))
        warm = time.perf_counter() - start
    if len(r) != n or r[-1] != (n - 1) ** 2:
        raise SystemExit(f"got {len(r)} squares ending in {r[-1] if r else None}")
    del r
    start = time.perf_counter()
    serial = [square(x) for x in range(n)]
    serial_s = time.perf_counter() - start
    del serial
    print(f"pool_start_ms={started * 1e3:.2f}")
    print(f"warm_map_s={warm:.4f}")
    print(f"serial_s={serial_s:.4f}")


def noop():
    pass


def _median_first(ms):
    first = ms[0]
    ms = sorted(ms)
    return ms[len(ms) // 2], first


def _child_starts(method, rounds):
    ctx = multiprocessing.get_context(method)
    ms = []
    for _ in range(rounds):
        start = time.perf_counter()
        p = ctx.Process(target=noop)
        p.start()
        p.join()
        ms.append((time.perf_counter() - start) * 1e3)
        if p.exitcode != 0:
            raise SystemExit(f"the child exited with {p.exitcode}")
    return _median_first(ms)


def _print_starts(starts, rounds):
    """Prints the median spawned start (the figure), the first one, and the median forked one."""
    median, first = starts("spawn", rounds)
    print(f"{median:.2f}")
    print(f"first_ms={first:.2f}")
    print(f"fork_ms={starts('fork', rounds)[0]:.2f}")


def child_start(rounds=5):
    """Twin of StartWorkload.childStart: start() + join() of a no-op, spawned (the figure) and forked."""
    _print_starts(_child_starts, rounds)


def _pool_starts(method, rounds):
    ctx = multiprocessing.get_context(method)
    ms = []
    for _ in range(rounds):
        start = time.perf_counter()
        with ctx.Pool(processes=2) as pool:
            pids = set()
            while len(pids) < 2:
                pids.update(pool.map(pid_after, range(2), chunksize=1))
            squares = pool.map(square, range(10))
            ms.append((time.perf_counter() - start) * 1e3)
        if squares[9] != 81:
            raise SystemExit(f"the tiny map returned {squares}")
    return _median_first(ms)


def pool_start(rounds=3):
    """Twin of StartWorkload.poolStart: Pool(2) until both workers answered and map(square, range(10)) returned."""
    _print_starts(_pool_starts, rounds)


def pool_map_first(n=10_000_000):
    """Twin of StartWorkload.poolMapFirst: the first map on a started Pool(2) (fork), no warm-up map."""
    items = range(n)
    with multiprocessing.get_context("fork").Pool(processes=2) as pool:
        pids = set()
        while len(pids) < 2:
            pids.update(pool.map(pid_after, range(2), chunksize=1))
        start = time.perf_counter()
        r = pool.map(square, items)
        elapsed = time.perf_counter() - start
    if len(r) != n or r[-1] != (n - 1) ** 2:
        raise SystemExit(f"got {len(r)} squares ending in {r[-1] if r else None}")
    print(f"{elapsed:.4f}")


def event_wakeup_rounds(rounds=2000, pause_ms=2, cold_rounds=20):
    """Twin of WakeupWorkload.eventWakeup: the median of the second half of the rounds, and of the first 20."""
    ping, pong = multiprocessing.Event(), multiprocessing.Event()
    woke = multiprocessing.Array("q", rounds, lock=False)
    child = multiprocessing.Process(target=waiter, args=(ping, pong, woke, rounds))
    child.start()
    latencies = []
    for i in range(rounds):
        time.sleep(pause_ms / 1e3)
        start = time.monotonic_ns()
        ping.set()
        pong.wait()
        pong.clear()
        latencies.append(woke[i] - start)
    child.join()
    warm = sorted(latencies[rounds // 2:])
    cold = sorted(latencies[:cold_rounds])
    print(f"{warm[len(warm) // 2] / 1e3:.2f}")
    print(f"cold_us={cold[len(cold) // 2] / 1e3:.2f}")


def waiter_idle_cpu():
    """Twin of WakeupWorkload.waiterIdleCpu: CPU ms of a thread blocked 1 s in Event.wait."""
    print(f"{blocked_waiter_cpu_ms():.2f}")


DICT_KEYS = 100


def dict_client(d, out, warmup, n):
    """Child of manager_dict: set, then get, the 100 keys n times each, after warmup sets and gets (the sets timed apart)."""
    clock = time.perf_counter_ns
    start = clock()
    for i in range(warmup):
        d[i % DICT_KEYS] = i
    cold_ns = clock() - start
    for i in range(warmup):
        d[i % DICT_KEYS]
    start = clock()
    for i in range(n):
        d[i % DICT_KEYS] = i
    set_ns = clock() - start
    start = clock()
    total = 0
    for i in range(n):
        total += d[i % DICT_KEYS]
    get_ns = clock() - start
    out.put((set_ns / 1e3 / n, get_ns / 1e3 / n, cold_ns / 1e3 / warmup if warmup else 0.0))


def manager_dict(n=20000, warmup=30000):
    """Twin of ManagerDictWorkload: each set and get is a round trip to the manager process."""
    with multiprocessing.Manager() as manager:
        d = manager.dict()
        out = multiprocessing.Queue()
        child = multiprocessing.Process(target=dict_client, args=(d, out, warmup, n))
        child.start()
        set_us, get_us, cold_set_us = out.get()
        child.join()
        keys = min(max(n, warmup), DICT_KEYS)
        if len(d) != keys:
            raise SystemExit(f"the dict has {len(d)} keys, not {keys}")
    print(f"{set_us:.2f}")
    print(f"get_us={get_us:.2f}")
    print(f"cold_set_us={cold_set_us:.2f}")


WORKLOADS = {"pipe_rtt": pipe_rtt, "queue_1p1c": queue_1p1c, "queue_2p2c": queue_2p2c, "value_lock": value_lock,
             "pool_map": pool_map, "manager_dict": manager_dict,
             "child_start": child_start, "child_start_spare": child_start, "pool_start": pool_start,
             "pool_start_spares": pool_start, "pool_map_first": pool_map_first, "event_wakeup": event_wakeup_rounds,
             "waiter_idle_cpu": waiter_idle_cpu}
# pipe_rtt_shm: ipc4j's pipe over its shared-memory channel; CPython has none, so its Pipe is the twin.
WORKLOADS["pipe_rtt_shm"] = pipe_rtt
# manager_dict_shm: ipc4j's manager over its shared-memory channel; CPython's manager (a socket) is the twin.
WORKLOADS["manager_dict_shm"] = manager_dict


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
