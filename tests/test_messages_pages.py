"""The message pages: inbox, starting a conversation from a profile, the conversation page."""

from graph import connections as connection_queries
from graph import conversations as conversation_queries


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_write_from_a_profile_and_read_in_the_inbox(app, store, people):
    amina, karim, stranger = people("amina"), people("karim"), people("stranger")
    connection_queries.connect_pairs(store, [{"a": amina.id, "b": karim.id, "since": 1}])
    profile = _text(amina.get(f"/members/{karim.id}"))
    assert "Write a message" in profile
    opened = amina.post(f"/messages/with/{karim.id}")
    assert opened.status_code == 302
    path = opened.headers["Location"]
    conversation_id = path.rsplit("/", 1)[1]
    assert amina.post(f"/messages/with/{karim.id}").headers["Location"] == path  # the same one
    conversation_queries.send(store, conversation_id, amina.id, "m1", "Salam <b>Karim</b>", 1)

    page = _text(karim.get(path))
    assert "Salam &lt;b&gt;Karim&lt;/b&gt;" in page  # escaped, never markup
    assert 'data-conversation="' + conversation_id + '"' in page and 'integrity="sha384-' in page
    inbox = _text(karim.get("/messages"))
    assert "Amina" in inbox and "1 unread" in inbox
    assert stranger.get(path).status_code == 403
    refused = stranger.post(f"/messages/with/{amina.id}", follow_redirects=True)
    assert "You can write to the members you are connected with." in _text(refused)
    assert karim.get("/messages/nope").status_code == 404


def test_message_pages_in_arabic(app, store, people):
    reader = people("reader", locale="ar")
    page = _text(reader.get("/messages"))
    assert 'dir="rtl"' in page
