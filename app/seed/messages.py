"""Demo conversations, so that the message pages of the demo accounts show something on a first run.

The demo member talks with three of their connections (some of it unread), leads a small group, and the
demo member and coordinator have written in the DMK network's channel. Messages go through the same graph
functions as live ones (numbered, idempotent by id).
"""

import uuid

from graph import conversations as conversation_queries
from graph.store import GraphStore

MINUTE_MS = 60_000

DIRECT = [
    [
        "Salam ! J'ai vu que tu travailles aussi dans la santé à Montréal.",
        "Oui, depuis six ans. Tu prépares un projet ?",
        "Un centre de télémédecine à Agadir. On en parle jeudi ?",
    ],
    ["السلام عليكم، هل ستحضر لقاء الشبكة الشهر القادم؟", "إن شاء الله، سأكون هناك.", "ممتاز، نلتقي هناك."],
    [
        "Hi! Could you review the deck for the Tremplin Maroc application?",
        "Sure, send it over.",
        "Sent. The deadline is Friday.",
    ],
]
GROUP = [
    "Bienvenue dans le groupe : on prépare la mission d'expertise à Agadir.",
    "Je peux couvrir la partie logistique.",
    "Parfait, je m'occupe des contacts avec la région.",
]
CHANNEL = ["Bonjour à toutes et à tous : le canal du réseau est ouvert.", "Merci ! Première réunion en ligne le 12."]


def _say(store: GraphStore, conversation_id: str, sender: str, body: str, at: int) -> None:
    conversation_queries.send(store, conversation_id, sender, str(uuid.uuid4()), body, at)


def seed_messages(store: GraphStore, demo: dict[str, str], friends: list[str], dmk_id: str, now: int) -> int:
    """Conversations for the demo member (and the DMK channel); returns how many messages were written."""
    me, coordinator = demo.get("member"), demo.get("coordinator")
    if not me or len(friends) < 6:
        return 0
    written = 0
    for friend, lines in zip(friends[:3], DIRECT, strict=True):
        conversation = conversation_queries.start_direct(store, me, friend, str(uuid.uuid4()), now)
        for n, line in enumerate(lines):
            _say(store, conversation, me if n % 2 else friend, line, now - (len(lines) - n) * 37 * MINUTE_MS)
            written += 1
    group = conversation_queries.create_group(
        store, me, "Mission Agadir 2027", friends[3:6], str(uuid.uuid4()), now - 3 * 24 * 60 * MINUTE_MS
    )
    for n, line in enumerate(GROUP):
        _say(store, group, [me, friends[3], friends[4]][n], line, now - (3 - n) * 90 * MINUTE_MS)
        written += 1
    posters = [p for p in (coordinator, me) if p]
    channels = {}
    for poster in posters:
        channels = conversation_queries.sync_channels(store, poster, [dmk_id], lambda: str(uuid.uuid4()), now)
    for n, line in enumerate(CHANNEL[: len(posters)]):
        _say(store, channels[dmk_id], posters[n], line, now - (2 - n) * 60 * MINUTE_MS)
        written += 1
    return written
