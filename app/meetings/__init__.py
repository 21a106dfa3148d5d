"""Audio, video and screen sharing in events' meeting rooms: what the page needs to connect its media.

Media never passes through the application: browsers send it to each other (``mesh``, WebRTC between
pages, for small rooms) or to a Janus VideoRoom (``sfu``, when ``JISR_JANUS_URL`` is set). The application
relays the mesh's offers, answers and ICE candidates over the ``/rooms`` namespace (:mod:`realtime.room_media`),
hands out time-limited TURN credentials (:mod:`.turn`) and Janus tokens, and moderates the SFU (:mod:`.janus`).
"""
