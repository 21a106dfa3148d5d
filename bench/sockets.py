"""Sockets held, messages per second and end-to-end latency of one `flask serve` process (gunicorn, threads).

Usage: .venv/bin/python bench/sockets.py [--sockets 1000] [--pairs 50] [--rate 500] [--seconds 10]
                                          [--room 200] [--room-rate 10]

Builds members, connected pairs with their conversations and an event for everyone in-process, signs
session cookies for them with the server's secret (as a login would), then serves with
`flask serve --threads N` and measures with python-socketio clients on the same machine:
1. how many /chat sockets one process holds at once (each WebSocket holds a server thread);
2. one-to-one messages at a target rate: persisted and delivered per second, latency from send to receipt;
3. a room broadcast to N participants: latency from `say` to each participant's receipt.
"""

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import bare_account, machine, percentile, scratch_app, served  # noqa: E402

from app.accounts.sessions import SESSION_ID, open_session  # noqa: E402
from graph import connections as connection_queries  # noqa: E402
from graph import conversations as conversation_queries  # noqa: E402
from graph import events as event_queries  # noqa: E402

SECRET = "bench-realtime"
NODE_LISTENERS = Path(__file__).resolve().parent.parent / "scripts" / "socketio-node" / "room-listeners.mjs"


def build(scratch: str, count: int, pairs: int) -> dict:
    """Members, pairs with conversations, an event for everyone; signed session cookies; database stopped."""
    app, store = scratch_app(scratch)
    app.config["SECRET_KEY"] = SECRET
    now = int(time.time() * 1000)
    ids = []
    for n in range(count):
        ids.append(bare_account(store, f"rt{n}@example.org", f"Member {n}", now))
    connection_queries.connect_pairs(
        store, [{"a": ids[2 * i], "b": ids[2 * i + 1], "since": now} for i in range(pairs)]
    )
    conversations = [
        conversation_queries.start_direct(store, ids[2 * i], ids[2 * i + 1], str(uuid.uuid4()), now)
        for i in range(pairs)
    ]
    event_id = str(uuid.uuid4())
    starts = now + 3_600_000
    event_queries.create(
        store,
        id=event_id,
        network_id=None,
        by=None,
        now=now,
        props={
            "title_en": "Bench room",
            "format": "online",
            "starts_at": starts,
            "ends_at": starts + 7_200_000,
            "timezone": "UTC",
            "capacity": 1000,
            "registration_deadline": None,
            "audience": "everyone",
            "audience_networks": [],
            "audience_labels": [],
        },
    )
    serializer = app.session_interface.get_signing_serializer(app)
    seconds = int(time.time())
    with app.app_context():
        sessions = [open_session(member_id) for member_id in ids]  # listed on the server, as a login lists it
    cookies = [
        serializer.dumps(
            {
                "_user_id": f"{member_id}.1",
                "_fresh": True,
                "auth_at": seconds,
                "seen_at": seconds,
                "_permanent": True,
                SESSION_ID: sid,
            }
        )
        for member_id, sid in zip(ids, sessions, strict=True)
    ]
    app.extensions["graph"].server.compact()
    app.extensions["graph"].server.stop()
    return {
        "ids": ids,
        "cookies": cookies,
        "conversations": conversations,
        "event": event_id,
        "cookie_name": app.config["SESSION_COOKIE_NAME"],
    }


def client(base: str, cookie: str, namespace: str) -> socketio.Client:
    """A connected python-socketio client on ``namespace``."""
    sio = socketio.Client(reconnection=False)
    sio.connect(base, headers={"Cookie": cookie}, namespaces=[namespace], transports=["websocket"], wait_timeout=30)
    return sio


def hold_sockets(base: str, cookies: list[str]) -> tuple[int, float]:
    """Connect every cookie's socket at once (64 at a time); how many got connected and how long it took."""
    started, clients, lock = time.perf_counter(), [], threading.Lock()

    def connect(batch):
        for cookie in batch:
            try:
                sio = client(base, cookie, "/chat")
            except socketio.exceptions.ConnectionError:
                continue
            with lock:
                clients.append(sio)

    threads = [threading.Thread(target=connect, args=(cookies[i::64],)) for i in range(64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    time.sleep(2)
    held = sum(1 for sio in clients if sio.connected)
    for sio in clients:
        sio.disconnect()
    return held, elapsed


def one_to_one(base: str, built: dict, pairs: int, rate: float, seconds: float) -> dict:
    """Each pair's first member sends to the second at ``rate / pairs`` per second; latency at receipt."""
    latencies, lock, stop = [], threading.Lock(), threading.Event()
    receivers, senders, sent = [], [], [0]

    for i in range(pairs):
        receiver = client(base, built["cookie_header"][2 * i + 1], "/chat")

        def on_message(message, latencies=latencies):
            at = float(message["body"].split("|", 1)[0])
            with lock:
                latencies.append((time.time() - at) * 1000)

        receiver.on("message", on_message, namespace="/chat")
        receivers.append(receiver)
        senders.append(client(base, built["cookie_header"][2 * i], "/chat"))

    interval = pairs / rate
    run = uuid.uuid4().hex[:8]  # fresh ids on every call: an id already stored is a retry, not a new message

    def send_loop(i):
        sender, conversation, n = senders[i], built["conversations"][i], 0
        next_at = time.perf_counter() + (i / pairs) * interval
        while not stop.is_set():
            delay = next_at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            sender.emit(
                "send",
                {"conversation": conversation, "id": f"{run}-{i}-{n}", "body": f"{time.time()}|hello"},
                namespace="/chat",
            )
            with lock:
                sent[0] += 1
            n += 1
            next_at += interval

    threads = [threading.Thread(target=send_loop, args=(i,)) for i in range(pairs)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    time.sleep(2)  # let the last messages arrive
    elapsed = time.perf_counter() - started - 2
    for sio in receivers + senders:
        sio.disconnect()
    return {"sent": sent[0], "delivered": len(latencies), "seconds": elapsed, "latencies": latencies}


def _say_lines(speaker: socketio.Client, event_id: str, rate: float, seconds: float) -> int:
    """The speaker says ``rate`` lines a second for ``seconds``, each body starting with the epoch ms; how many."""
    said, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        speaker.emit(
            "say", {"room": event_id, "id": str(uuid.uuid4()), "body": f"{time.time() * 1000}|line"}, namespace="/rooms"
        )
        said += 1
        time.sleep(1 / rate)
    return said


def room_broadcast_node(base: str, built: dict, size: int, rate: float, seconds: float) -> dict:
    """The same room with its listeners in one Node process running the official socket.io-client (as the
    browsers do): the listeners' Python threads no longer compete with the server for the GIL-bound cores."""
    listeners = subprocess.Popen(
        ["node", str(NODE_LISTENERS), base, built["event"]],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    listeners.stdin.write("\n".join(built["cookie_header"][-1 - n] for n in range(1, size)) + "\n")
    listeners.stdin.close()
    ready = listeners.stdout.readline()
    assert ready.startswith("ready"), ready
    speaker = client(base, built["cookie_header"][-1], "/rooms")
    assert speaker.call("join", {"room": built["event"]}, namespace="/rooms", timeout=30)["ok"]
    said = _say_lines(speaker, built["event"], rate, seconds)
    time.sleep(3)
    listeners.send_signal(signal.SIGTERM)
    result = json.loads(listeners.stdout.readline())
    listeners.wait(timeout=30)
    speaker.disconnect()
    return {
        "said": said,
        "deliveries": result["deliveries"],
        "expected": said * (size - 1),
        "latencies": result["latencies"],
    }


def room_broadcast(base: str, built: dict, size: int, rate: float, seconds: float) -> dict:
    """One moderator-less speaker says ``rate`` lines a second to a room of ``size`` participants."""
    latencies, lock = [], threading.Lock()
    listeners = []
    for n in range(size):
        sio = client(base, built["cookie_header"][-1 - n], "/rooms")

        def on_said(line, latencies=latencies):
            at = float(line["body"].split("|", 1)[0])
            with lock:
                latencies.append(time.time() * 1000 - at)

        sio.on("said", on_said, namespace="/rooms")
        answer = sio.call("join", {"room": built["event"]}, namespace="/rooms", timeout=30)
        assert answer["ok"], answer
        listeners.append(sio)
    said = _say_lines(listeners[0], built["event"], rate, seconds)
    time.sleep(3)
    for sio in listeners:
        sio.disconnect()
    return {"said": said, "deliveries": len(latencies), "expected": said * size, "latencies": latencies}


def _latency(latencies: list[float]) -> str:
    """p50, p99 and max of latencies in milliseconds, as printed."""
    return (
        f"p50 {percentile(latencies, 50):.1f} ms, p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--room", type=int, default=200)
    parser.add_argument("--room-rate", type=float, default=10)
    parser.add_argument("--threads", type=int, default=1200)
    parser.add_argument("--room-only", action="store_true", help="measure only the room broadcast")
    parser.add_argument(
        "--listeners",
        choices=("python", "node", "both"),
        default="both",
        help="the room's participants: python-socketio clients in this process, or socket.io-client under Node",
    )
    args = parser.parse_args()
    count = max(args.sockets, 2 * args.pairs, args.room)
    with tempfile.TemporaryDirectory() as scratch:
        built = build(scratch, count, args.pairs)
        built["cookie_header"] = [f"{built['cookie_name']}={cookie}" for cookie in built["cookies"]]
        extra = {"JISR_CHAT_MESSAGES_PER_MINUTE": "1000000"}
        with served(scratch, SECRET, threads=args.threads, env=extra) as base:
            print(f"machine: {machine()}")
            print(f"server: one gunicorn process, {args.threads} threads; clients: python-socketio, same machine")
            if not args.room_only:
                held, took = hold_sockets(base, built["cookie_header"][: args.sockets])
                print(f"\nsockets held at once: {held} of {args.sockets} (all connected in {took:.1f} s)")
                result = one_to_one(base, built, args.pairs, args.rate, args.seconds)
                print(
                    f"\none-to-one, {args.pairs} pairs at {args.rate:.0f} msg/s for {args.seconds:.0f} s: sent "
                    f"{result['sent']}, delivered {result['delivered']} "
                    f"({result['delivered'] / result['seconds']:.0f} persisted and delivered per second); "
                    f"latency {_latency(result['latencies'])}"
                )
            kinds = ("python", "node") if args.listeners == "both" else (args.listeners,)
            for kind in kinds:
                measure = room_broadcast_node if kind == "node" else room_broadcast
                room = measure(base, built, args.room, args.room_rate, args.seconds)
                print(
                    f"\nroom of {args.room} ({kind} listeners), {args.room_rate:.0f} lines/s for {args.seconds:.0f} s: "
                    f"{room['said']} lines, {room['deliveries']} of {room['expected']} deliveries; "
                    f"latency {_latency(room['latencies'])}"
                )


if __name__ == "__main__":
    main()
