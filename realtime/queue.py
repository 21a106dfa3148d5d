"""The Socket.IO message queue on Redis, resubscribing quickly after an outage.

python-socketio's ``RedisManager`` doubles its pause between attempts up to a minute: after the embedded
database restarted (a few seconds), live delivery between processes could stay off for tens of seconds more.
This one tries again every :data:`RESUBSCRIBE_SECONDS` and logs once per outage.
"""

import time

import socketio

RESUBSCRIBE_SECONDS = 0.5


class MessageQueue(socketio.RedisManager):
    """``RedisManager`` with a short, constant pause before subscribing again."""

    def _redis_listen_with_retries(self):
        subscribed, failing = False, False
        while True:
            try:
                if not subscribed:
                    self._redis_connect()
                    self.pubsub.subscribe(self.channel)
                    subscribed = True
                    if failing:
                        self._get_logger().warning("the Socket.IO message queue is subscribed again")
                    failing = False
                yield from self.pubsub.listen()
            except Exception as exc:  # noqa: BLE001 - any failure of the connection: subscribe again
                if not failing:
                    self._get_logger().warning("the Socket.IO message queue lost Redis (%s); resubscribing", exc)
                subscribed, failing = False, True
                time.sleep(RESUBSCRIBE_SECONDS)
