"""`make run`'s command end to end: real gunicorn, real HTTP, Ctrl-C, and data kept across restarts.

On the FalkorDB pass the server starts its embedded FalkorDB; on the Neo4j pass it starts its own Neo4j
(``make run GRAPH=neo4j``) and the Redis beside it.
"""

import os
import time

import pytest
import requests

from .engines import ON_NEO4J
from .served import PASSWORD, form_token, free_port, http_session, register, start_server, stop_server

#: The pid files of the servers `serve` starts in its data folder, for each pass.
PID_FILES = ("neo4j.pid", "redis/falkordb.pid") if ON_NEO4J else ("falkordb.pid",)


def test_serve_brings_everything_up_and_ctrl_c_stops_it(tmp_path):
    port, data_dir = free_port(), tmp_path / "db"
    base = f"http://127.0.0.1:{port}"
    process = start_server(port, data_dir, seed=40, own_database=True)
    try:
        for locale, marker in (("ar", 'dir="rtl"'), ("fr", "Rejoindre"), ("en", "Join")):
            page = requests.get(base + "/", headers={"Accept-Language": locale}, timeout=5)
            assert page.status_code == 200 and marker in page.text
        karim = register(base, "karim@example.org", "Karim", locale="fr")
        assert "Karim" in karim.get(base + "/").text
        server_pids = [int((data_dir / name).read_text()) for name in PID_FILES]
    finally:
        output = stop_server(process)
    assert "Jisr is running on http://127.0.0.1:" in output
    assert "seeded 40 members" in output and "demo.admin@jisr.example" in output
    assert process.returncode == 0, output
    time.sleep(0.2)
    for pid in server_pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # the database it started is stopped too
    if ON_NEO4J:
        return  # Neo4j keeps its own files; reusing the data folder is proved on the FalkorDB pass, in half the time

    process = start_server(port, data_dir, seed=40, own_database=True)  # running it again reuses the data
    try:
        browser = http_session()
        logged_in = browser.post(
            base + "/login",
            data={
                "csrf_token": form_token(browser, base + "/login"),
                "email": "karim@example.org",
                "password": PASSWORD,
            },
        )
        assert logged_in.status_code == 200 and "Karim" in logged_in.text
        directory = browser.get(base + "/directory", headers={"Accept-Language": "en"})
        # 40 seeded and the 6 demo accounts, not Karim who is looking (in his French)
        assert "46 membres trouvés" in directory.text
    finally:
        output = stop_server(process)
    assert "seeded" not in output and "demo-accounts.txt" in output
