"""Writes that race: many threads at once on one node must neither lose nor double anything, on both engines.

FalkorDB runs a graph's writes one at a time; Neo4j runs them concurrently under locks, and its driver retries
a transaction that failed transiently (a deadlock), which is where lost or doubled counts would show.
"""

import threading
import uuid

from graph import notifications as notification_queries


def _in_threads(count: int, work) -> None:
    start = threading.Barrier(count)
    errors = []

    def run(i):
        start.wait()
        try:
            work(i)
        except Exception as exc:  # noqa: BLE001 - collected and shown by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_messages_noticed_at_once_make_one_notice_counting_them_all(store):
    store.write("CREATE (:Member {id: 'away'}), (:Member {id: 'away2'}), (:Conversation {id: 'c1'})")
    _in_threads(
        24,
        lambda i: notification_queries.message_notice(
            store, ["away", "away2"], "c1", f"sender{i % 3}", str(uuid.uuid4()), 1000 + i
        ),
    )
    rows = store.read(
        "MATCH (m:Member)-[:HAS_NOTIFICATION]->(x:Notification {conversation_id: 'c1'}) "
        "RETURN m.id AS member, x.count AS count ORDER BY member"
    )
    assert rows == [{"member": "away", "count": 24}, {"member": "away2", "count": 24}]
    assert notification_queries.unread_counts(store, ["away"])["away"]["notifications"] == 1
