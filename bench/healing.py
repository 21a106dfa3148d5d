"""Self-healing figures of `flask serve`'s process tree (supervisor, web, job worker, embedded FalkorDB).

Usage: .venv/bin/python bench/healing.py [--members 10000] [--messages 100000] [--rate 350] [--before REV]
                                          [--parts throughput,recovery,ctrl-c]

1. Chat messages per second through the web process while the recomputation runs (it starts with the
   platform), and once it is over: with this code (the job runs in the worker) and, with ``--before REV``, with
   an earlier revision checked out in a scratch worktree (the job ran inside the web process).
2. Time to recover after SIGKILL of each process: the web process (until /healthz answers again), the job
   worker (until a job queued after the kill has run), the graph server after ``--messages`` chat messages
   (until /healthz answers again), with the supervisor's compaction and, for comparison, without it.
3. Ctrl-C until every process of the tree is gone, with no socket open and with 200 open.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, machine, percentile, scratch_app, start_served, stop_served  # noqa: E402
from sockets import SECRET, build, client, one_to_one  # noqa: E402

from app import jobs  # noqa: E402
from graph import conversations as conversation_queries  # noqa: E402

FAST_CHAT = {"JISR_CHAT_MESSAGES_PER_MINUTE": "1000000"}


def children(pid: int) -> dict[int, str]:
    """``{pid: command line}`` of the processes whose parent is ``pid``."""
    found = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found[int(entry)] = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
    return found


def child(pid: int, word: str) -> int:
    """The child of ``pid`` with `` word `` in its command line."""
    return next(p for p, command in children(pid).items() if f" {word} " in command + " ")


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    found = [pid]
    for kid in children(pid):
        found += tree(kid)
    return found


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def healthy(base: str) -> bool:
    try:
        return requests.get(base + "/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def until(condition, step: float = 0.02, limit: float = 900.0) -> float:
    """Seconds until ``condition()`` holds."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit:
            raise TimeoutError("gave up waiting")
        time.sleep(step)
    return time.perf_counter() - started


def seed(scratch: str, members: int) -> None:
    """The demo diaspora of ``members`` people in the scratch database (``flask seed``, on a migrated graph)."""
    env = {
        **os.environ,
        "JISR_INSTANCE_PATH": scratch,
        "JISR_GRAPH_URL": f"falkordb+embedded://instance/bench?dir={scratch}/db",
    }
    flask = [str(ROOT / ".venv/bin/python"), "-m", "flask", "--app", "app"]
    for command in (["graph", "migrate"], ["seed", "--members", str(members)]):
        subprocess.run([*flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)


def throughput(base: str, built: dict, rate: float) -> tuple[dict, dict]:
    """Chat at an offered ``rate`` in the first 15 s (the recomputation, queued at start, runs) and once it
    is over: ``{"rate": delivered per second, "p50", "p99": latency in ms}`` for each."""

    def measure() -> dict:
        result = one_to_one(base, built, 50, rate, 15)
        latencies = result["latencies"] or [float("nan")]
        return {
            "rate": result["delivered"] / result["seconds"],
            "p50": percentile(latencies, 50),
            "p99": percentile(latencies, 99),
        }

    during = measure()
    time.sleep(30)  # the recomputation of the demo graph is over by then, and any backlog drained
    return during, measure()


def write_messages(scratch: str, built: dict, count: int) -> float:
    """``count`` messages stored straight through the graph (4 threads); messages per second."""
    app, store = scratch_app(scratch)
    sender_of = {c: built["ids"][2 * i] for i, c in enumerate(built["conversations"])}
    conversations = built["conversations"]

    def write(part: int) -> None:
        for n in range(part, count, 4):
            conversation = conversations[n % len(conversations)]
            conversation_queries.send(
                store, conversation, sender_of[conversation], uuid.uuid4().hex, f"bench {n}", int(time.time() * 1000)
            )

    started = time.perf_counter()
    threads = [threading.Thread(target=write, args=(part,)) for part in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    app.extensions["graph"].close()
    return count / (time.perf_counter() - started)


def aof_bytes(scratch: str) -> int:
    folder = Path(scratch) / "db" / "appendonlydir"
    return sum(p.stat().st_size for p in folder.glob("*.incr.aof"))


def recoveries(scratch: str, built: dict, messages: int, compaction: bool) -> dict:
    env = {**FAST_CHAT, "JISR_RECOMMEND_EVERY_MINUTES": "0", "JISR_AOF_REWRITE_MB": "1" if compaction else "0"}
    base, serve = start_served(scratch, SECRET, threads=200, env=env)
    figures = {}
    try:
        if compaction:
            web = child(serve.pid, "web")
            os.kill(web, 9)
            until(lambda: not healthy(base), step=0.005)
            figures["web"] = until(lambda: healthy(base))
            worker = child(serve.pid, "worker")
            os.kill(worker, 9)
            started = time.perf_counter()
            app, _store = scratch_app(scratch)
            with app.app_context():
                job_id = jobs.enqueue("messages.digest")
                until(lambda: (jobs.state(job_id) or {}).get("status") == "finished", step=0.05)
            figures["worker"] = time.perf_counter() - started
        figures["write_rate"] = write_messages(scratch, built, messages)
        time.sleep(3)  # the supervisor's last compaction check
        figures["aof_incr_mb"] = aof_bytes(scratch) / 1e6
        graph_pid = int((Path(scratch) / "db" / "falkordb.pid").read_text())
        os.kill(graph_pid, 9)
        started = time.perf_counter()
        until(lambda: not healthy(base), step=0.005, limit=30)
        until(lambda: healthy(base), step=0.05, limit=3600)
        figures["graph"] = time.perf_counter() - started
    finally:
        stop_served(serve)
    return figures


def ctrl_c(scratch: str, built: dict, sockets: int) -> float:
    base, serve = start_served(scratch, SECRET, threads=400, env={"JISR_RECOMMEND_EVERY_MINUTES": "0"})
    clients = [client(base, f"{built['cookie_name']}={cookie}", "/chat") for cookie in built["cookies"][:sockets]]
    pids = tree(serve.pid)
    started = time.perf_counter()
    os.killpg(serve.pid, 2)
    until(lambda: not any(alive(pid) for pid in pids), step=0.01, limit=60)
    took = time.perf_counter() - started
    serve.wait()
    for sio in clients:
        try:
            sio.disconnect()
        except socketio.exceptions.SocketIOError:
            pass
    return took


def fresh_copy(pristine: str) -> str:
    """A copy of the built scratch folder (each measurement starts from the same data), beside it in the
    scratch area that ``main`` deletes at the end."""
    copy = tempfile.mkdtemp(dir=Path(pristine).parent)
    shutil.copytree(pristine, copy, dirs_exist_ok=True)
    return copy


def checkout(rev: str) -> Path:
    """A scratch worktree of ``rev`` (with this checkout's compiled translations)."""
    where = Path(tempfile.mkdtemp()) / "before"  # removed with `git worktree remove` after use
    subprocess.run(["git", "worktree", "add", "--detach", str(where), rev], cwd=ROOT, check=True, capture_output=True)
    shutil.copytree(ROOT / "translations", where / "translations", dirs_exist_ok=True)
    return where


def throughput_part(pristine: str, built: dict, args) -> None:
    """Figure 1: chat while the recomputation runs, with this code and ``--before``."""
    codes = [("this code (jobs in the worker)", ROOT)]
    if args.before:
        codes.append((f"{args.before} (jobs in the web process)", checkout(args.before)))
    print(
        f"\nchat, one web process, 50 pairs offering {args.rate:.0f} msg/s, {args.members} members "
        "(the recomputation starts with the platform):"
    )
    for label, code in codes:
        env = {**FAST_CHAT, "JISR_RECOMMEND_EVERY_MINUTES": "360"}
        base, serve = start_served(fresh_copy(pristine), SECRET, threads=200, env=env, code=code)
        try:
            during, after = throughput(base, built, args.rate)
        finally:
            stop_served(serve)
            if code != ROOT:
                subprocess.run(["git", "worktree", "remove", "--force", str(code)], cwd=ROOT, check=False)
        print(
            f"  {label}: while the recomputation runs {during['rate']:.0f} msg/s (p50 {during['p50']:.0f} ms, "
            f"p99 {during['p99']:.0f} ms); after {after['rate']:.0f} msg/s (p50 {after['p50']:.0f} ms, "
            f"p99 {after['p99']:.0f} ms)"
        )


def recovery_part(pristine: str, built: dict, args) -> None:
    """Figure 2: recovery after SIGKILL of each process, with and without the supervisor's compaction."""
    for compaction in (True, False):
        figures = recoveries(fresh_copy(pristine), built, args.messages, compaction)
        what = "with the supervisor's compaction (1 MB)" if compaction else "without it (Redis's own rewrite only)"
        print(f"\nrecovery {what}:")
        if compaction:
            print(f"  web process killed: /healthz answers again after {figures['web']:.1f} s")
            print(f"  job worker killed: a job queued after the kill finished after {figures['worker']:.1f} s")
        print(
            f"  graph server killed after {args.messages} messages ({figures['write_rate']:.0f}/s written; "
            f"{figures['aof_incr_mb']:.1f} MB appended since the last rewrite): /healthz again after "
            f"{figures['graph']:.1f} s"
        )


def ctrl_c_part(pristine: str, built: dict, args) -> None:
    """Figure 3: Ctrl-C until the whole tree is gone."""
    for sockets in (0, 200):
        took = ctrl_c(fresh_copy(pristine), built, sockets)
        print(f"\nCtrl-C with {sockets} sockets open: every process gone after {took:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--messages", type=int, default=100000)
    parser.add_argument("--rate", type=float, default=350, help="messages a second offered by the senders")
    parser.add_argument("--parts", default="throughput,recovery,ctrl-c", help="which figures to measure")
    parser.add_argument("--before", help="an earlier revision whose web process ran the jobs itself")
    args = parser.parse_args()
    parts = {"throughput": throughput_part, "recovery": recovery_part, "ctrl-c": ctrl_c_part}
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as area:
        scratch = os.path.join(area, "built")
        os.makedirs(scratch)
        seed(scratch, args.members)
        built = build(scratch, 400, 50)
        built["cookie_header"] = [f"{built['cookie_name']}={cookie}" for cookie in built["cookies"]]
        for name in args.parts.split(","):
            parts[name](scratch, built, args)


if __name__ == "__main__":
    main()
