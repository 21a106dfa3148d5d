"""The embedded server supervisor: start, reuse, durability after kill -9, start-up failure."""

import os
import signal
import stat

import pytest

from graph import GraphUnavailable, open_store
from graph.embedded import EmbeddedServer
from graph.url import GraphTarget

pytestmark = pytest.mark.falkordb_only  # the embedded FalkorDB server itself


@pytest.fixture
def own_server(tmp_path):
    server = EmbeddedServer(tmp_path / "db")
    yield server
    server.stop()
    pid = server.running_pid()
    if pid:
        os.kill(pid, signal.SIGKILL)


def _store(server):
    return open_store(GraphTarget("embedded", graph="durable", data_dir=str(server.data_dir)), server)


def test_starts_on_a_private_unix_socket_and_is_reused(own_server):
    assert own_server.ensure_running() is True
    mode = stat.S_IMODE(os.stat(own_server.socket_path).st_mode)
    assert mode & 0o077 == 0, oct(mode)
    again = EmbeddedServer(own_server.data_dir)
    assert again.ensure_running() is False  # reused, not started twice
    assert again.owned is False
    again.stop()  # not the owner: does nothing
    assert own_server.answers()


def test_a_write_survives_kill_9_and_restart(own_server):
    own_server.ensure_running()
    store = _store(own_server)
    store.write("CREATE (:Member {id: 'kept', display_name: 'Youssef'})")
    store.close()
    import time

    time.sleep(1.5)  # appendfsync everysec: at most one second of writes is at risk
    os.kill(own_server.running_pid(), signal.SIGKILL)
    own_server._process.wait()
    assert not own_server.answers()
    restarted = EmbeddedServer(own_server.data_dir)
    assert restarted.ensure_running() is True
    try:
        rows = _store(restarted).read("MATCH (m:Member {id: 'kept'}) RETURN m.display_name AS name")
        assert rows == [{"name": "Youssef"}]
    finally:
        restarted.stop()


def test_stale_pid_file_does_not_block_start(own_server):
    own_server.data_dir.mkdir(parents=True)
    own_server.pid_file.write_text("999999\n")
    assert own_server.ensure_running() is True
    assert own_server.answers()


def test_start_failure_names_the_log_file(tmp_path):
    server = EmbeddedServer(tmp_path / "broken")
    server.data_dir.mkdir()
    (server.data_dir / "appendonlydir").write_text("a file where redis needs a folder")
    with pytest.raises(GraphUnavailable, match="falkordb.log"):
        server.ensure_running(timeout=10)


def test_stop_leaves_no_process(own_server):
    own_server.ensure_running()
    pid = own_server.running_pid()
    own_server.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_compacting_the_append_only_file_keeps_the_data(own_server):
    own_server.ensure_running()
    store = _store(own_server)
    store.write("UNWIND range(1, 2000) AS i CREATE (:Member {id: toString(i)})")
    own_server.compact()
    assert (own_server.data_dir / "appendonlydir").is_dir()
    own_server.stop()
    restarted = EmbeddedServer(own_server.data_dir)
    try:
        restarted.ensure_running()
        assert _store(restarted).read("MATCH (m:Member) RETURN count(m) AS n") == [{"n": 2000}]
    finally:
        restarted.stop()


def test_a_compaction_can_be_started_without_waiting_for_it(own_server):
    import time

    import redis

    own_server.ensure_running()
    _store(own_server).write("UNWIND range(1, 500) AS i CREATE (:Member {id: toString(i)})")
    client = redis.Redis(unix_socket_path=own_server.socket_path)
    before = client.info("persistence")["aof_rewrites"]
    own_server.compact(wait=False)
    deadline = time.monotonic() + 30
    while client.info("persistence")["aof_rewrites"] == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.info("persistence")["aof_rewrites"] == before + 1
    client.close()


def test_the_server_compacts_its_append_only_file_by_itself_past_8_mb(own_server):
    import time

    import redis

    own_server.ensure_running()
    client = redis.Redis(unix_socket_path=own_server.socket_path)
    assert client.config_get("auto-aof-rewrite-min-size") == {"auto-aof-rewrite-min-size": str(8 * 1024 * 1024)}
    before = client.info("persistence")["aof_rewrites"]
    store = _store(own_server)
    for i in range(20):  # about 10 MB of statements in the append-only file, and no compact() call
        store.write("CREATE (:Note {id: $id, text: $text})", id=str(i), text="x" * 500_000)
    deadline = time.monotonic() + 300  # the server's cron notices within a second; a busy machine may lag
    while client.info("persistence")["aof_rewrites"] == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.info("persistence")["aof_rewrites"] > before
