"""`make run`'s command end to end: real gunicorn, real HTTP, Ctrl-C, and data kept across restarts."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from .conftest import CSRF_INPUT

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough passphrase 42"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(port: int, data_dir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "JISR_GRAPH_URL": f"falkordb+embedded://instance/serve?dir={data_dir}",
        "JISR_SECRET_KEY": "serve-test",
        "JISR_DEFAULT_LOCALE": "ar",
        "JISR_INSTANCE_PATH": str(data_dir),
    }
    flask = Path(sys.executable).with_name("flask")
    process = subprocess.Popen(
        [str(flask), "--app", "app", "serve", "--port", str(port), "--threads", "4", "--seed-if-empty", "40"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except requests.ConnectionError:
            pass
        if process.poll() is not None:
            pytest.fail("serve exited:\n" + process.stdout.read())
        time.sleep(0.1)
    process.kill()
    pytest.fail("serve did not answer within 60 s")


def _stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGINT)  # what Ctrl-C sends
    output, _ = process.communicate(timeout=30)
    return output


def _form(session, url) -> str:
    return CSRF_INPUT.search(session.get(url).text).group(1)


def test_serve_brings_everything_up_and_ctrl_c_stops_it(tmp_path):
    port, data_dir = _free_port(), tmp_path / "db"
    base = f"http://127.0.0.1:{port}"
    process = _start(port, data_dir)
    try:
        for locale, marker in (("ar", 'dir="rtl"'), ("fr", "Rejoindre"), ("en", "Join")):
            page = requests.get(base + "/", headers={"Accept-Language": locale}, timeout=5)
            assert page.status_code == 200 and marker in page.text
        browser = requests.Session()
        registered = browser.post(
            base + "/register",
            data={
                "csrf_token": _form(browser, base + "/register"),
                "email": "karim@example.org",
                "display_name": "Karim",
                "password": PASSWORD,
                "confirm": PASSWORD,
                "locale": "fr",
                "consent": "y",
            },
        )
        assert registered.status_code == 200 and "Karim" in registered.text
        server_pid = int((data_dir / "falkordb.pid").read_text())
    finally:
        output = _stop(process)
    assert "Jisr is running on http://127.0.0.1:" in output
    assert "seeded 40 members" in output and "demo.admin@jisr.example" in output
    assert process.returncode == 0, output
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(server_pid, 0)  # the database it started is stopped too

    process = _start(port, data_dir)  # running it again reuses the data
    try:
        browser = requests.Session()
        logged_in = browser.post(
            base + "/login",
            data={"csrf_token": _form(browser, base + "/login"), "email": "karim@example.org", "password": PASSWORD},
        )
        assert logged_in.status_code == 200 and "Karim" in logged_in.text
        directory = browser.get(base + "/directory", headers={"Accept-Language": "en"})
        assert "45 membres trouvés" in directory.text  # 40 seeded, the 4 demo accounts, Karim (in his French)
    finally:
        output = _stop(process)
    assert "seeded" not in output and "demo-accounts.txt" in output
