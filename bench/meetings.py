"""Meeting rooms' audio and video on this machine, with Chromium's fake camera and microphone.

Usage: .venv/bin/python bench/meetings.py [--mode mesh|sfu|both] [--first-frame-runs 5]
                                          [--sizes 2,3,4,5,6] [--rooms 3] [--seconds 20]

1. join → first remote video frame: a second person enters a room where one already is; from the room's
   answer to `join` (and from the page's start) to the first picture of the other shown in the page;
2. the application's CPU per active room: ``--rooms`` rooms of two people talk for ``--seconds``; the CPU
   seconds of the serving processes (gunicorn worker and supervisor, not the database, not Janus, not the
   browsers) divided by rooms and by seconds;
3. the largest rooms that stay smooth: rooms of each size in ``--sizes``; every page's received frame rate
   from every other (WebRTC ``getStats``, ``framesPerSecond``), over ``--seconds``. "Smooth": every stream
   at 15 frames a second or more (the fake camera sends 20).

Everything (server, Janus, every Chromium page) shares this machine's cores: the browsers' video encoding
is what limits the room sizes here, not the application.
"""

import argparse
import statistics as stats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, percentile  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.meetings import Room, media_browser, receiving, served_meeting, start_janus, stop  # noqa: E402
from tests.served import children_of  # noqa: E402

PEOPLE = tuple(f"person{n}" for n in range(12))
SMOOTH_FPS = 15
TOKEN_SECRET, ADMIN_KEY = "bench-token-secret", "bench-admin-key"


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds of these processes so far (from /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / 100  # clock ticks of 10 ms


def application_pids(process) -> list[int]:
    """The serving processes: the supervisor and its Python children, not the database servers."""
    children = children_of(process.pid)
    return [process.pid] + [pid for pid, line in children.items() if "falkordb" not in line and "redis" not in line]


def first_frames(browser, site: dict, runs: int) -> tuple[list[float], list[float]]:
    """(ms from the join answer, ms from the page's start) to the first remote picture, ``runs`` times."""
    from_join, from_start = [], []
    for run in range(runs):
        room = Room(browser, site)
        event_id = site["events"][run % len(site["events"])]
        first = room.enter(PEOPLE[0], event_id=event_id)
        first.wait_for_function("() => window.JisrRoomTimings && window.JisrRoomTimings.joined")
        second = room.enter(PEOPLE[1], event_id=event_id)
        second.wait_for_function("() => Object.values(window.JisrRoomTimings.firstFrame).some(t => t)", timeout=120_000)
        timings = second.evaluate("() => window.JisrRoomTimings")
        shown = min(t for t in timings["firstFrame"].values() if t)
        from_join.append(shown - timings["joined"])
        from_start.append(shown)
        room.close()
        time.sleep(1)
    return from_join, from_start


def frame_rates(pages: list, seconds: float) -> list[float]:
    """Every page's received frames per second from every other, over ``seconds``."""

    def frames(page):
        return {e["key"]: (e.get("video") or {}).get("frames", 0) for e in page.evaluate("() => JisrRoomStatistics()")}

    before = [frames(page) for page in pages]
    time.sleep(seconds)
    after = [frames(page) for page in pages]
    rates = []
    for start, end in zip(before, after, strict=True):
        rates += [(end[key] - start.get(key, 0)) / seconds for key in end]
    return rates


def room_sizes(browser, site: dict, sizes: list[int], seconds: float) -> list[tuple[int, list[float]]]:
    """For each size, one room of that many people: the received frame rates once everyone receives."""
    found = []
    for index, size in enumerate(sizes):
        room = Room(browser, site)
        event_id = site["events"][index % len(site["events"])]
        pages = [room.enter(PEOPLE[n], event_id=event_id) for n in range(size)]
        ids = [site["ids"][PEOPLE[n]] for n in range(size)]
        for n, page in enumerate(pages):
            receiving(page, {member for m, member in enumerate(ids) if m != n})
        time.sleep(3)  # past the start, when encoders ramp up
        found.append((size, frame_rates(pages, seconds)))
        room.close()
        time.sleep(2)
    return found


def cpu_per_room(browser, site: dict, rooms: int, seconds: float) -> tuple[float, float]:
    """(application CPU seconds per second with no room, per active room of two) over ``seconds``."""
    pids = application_pids(site["process"])
    idle_start = cpu_seconds(pids)
    time.sleep(seconds)
    idle = (cpu_seconds(pids) - idle_start) / seconds
    room = Room(browser, site)
    for n in range(rooms):
        event_id = site["events"][n % len(site["events"])]
        first, second = room.enter(PEOPLE[2 * n], event_id=event_id), room.enter(PEOPLE[2 * n + 1], event_id=event_id)
        receiving(first, {site["ids"][PEOPLE[2 * n + 1]]})
        receiving(second, {site["ids"][PEOPLE[2 * n]]})
    start = cpu_seconds(pids)
    time.sleep(seconds)
    busy = (cpu_seconds(pids) - start) / seconds
    room.close()
    return idle, (busy - idle) / rooms


def run_mode(mode: str, args, scratch: Path) -> None:
    """Every figure in one mode, printed as it comes."""
    janus = None
    env = {
        "JISR_RECOMMEND_EVERY_MINUTES": "0",
        "JISR_REGISTER_LIMIT_IP": "1000/3600",
        "JISR_MAIL_LINK_LIMIT": "1000/3600",
    }
    if mode == "sfu":
        janus, url = start_janus(scratch / "janus", TOKEN_SECRET, ADMIN_KEY)
        env.update(
            {
                "JISR_JANUS_URL": url,
                "JISR_JANUS_TOKEN_SECRET": TOKEN_SECRET,
                "JISR_JANUS_ADMIN_KEY": ADMIN_KEY,
                "JISR_JANUS_RECORDINGS_DIR": str(scratch / "janus" / "recordings"),
                "JISR_MESH_ROOM_SIZE": "12",
            }
        )
    else:
        env["JISR_MESH_ROOM_SIZE"] = "12"  # measure past the default of 6
    site = served_meeting(scratch / "data", PEOPLE, env=env, events=max(args.rooms, 3))
    try:
        with sync_playwright() as playwright:
            browser = media_browser(playwright)
            from_join, from_start = first_frames(browser, site, args.first_frame_runs)
            print(
                f"\n[{mode}] join → first remote frame, {len(from_join)} runs: from the join answer p50 "
                f"{stats.median(from_join):.0f} ms, max {max(from_join):.0f} ms; from the page's start p50 "
                f"{stats.median(from_start):.0f} ms, max {max(from_start):.0f} ms"
            )
            idle, per_room = cpu_per_room(browser, site, args.rooms, args.seconds)
            print(
                f"[{mode}] application CPU: {idle * 100:.2f} % of a core with no room; "
                f"{per_room * 100:.2f} % of a core per active room of two ({args.rooms} rooms, {args.seconds:.0f} s)"
            )
            for size, rates in room_sizes(browser, site, args.sizes, args.seconds):
                smooth = min(rates) >= SMOOTH_FPS
                print(
                    f"[{mode}] room of {size}: {len(rates)} streams received, frames/s median "
                    f"{stats.median(rates):.1f}, p10 {percentile(rates, 10):.1f}, min {min(rates):.1f} → "
                    f"{'smooth' if smooth else 'not smooth'}"
                )
            browser.close()
    finally:
        stop(site["process"])
        if janus is not None:
            stop(janus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("mesh", "sfu", "both"), default="both")
    parser.add_argument("--first-frame-runs", type=int, default=5)
    parser.add_argument("--sizes", default="2,3,4,5,6")
    parser.add_argument("--rooms", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",")]
    print(f"machine: {machine()}")
    print("pages: Debian's Chromium (headless, fake camera 640×360 and microphone), all on this machine")
    for mode in ("mesh", "sfu") if args.mode == "both" else (args.mode,):
        with tempfile.TemporaryDirectory() as scratch:
            run_mode(mode, args, Path(scratch))


if __name__ == "__main__":
    main()
