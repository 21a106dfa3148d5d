"""Erasing a person from the graph (law 09-08): their node and everything that exists only for them, and
every trace of them in what others keep.

Others' counters are kept right by the callers (leaving networks, cancelling answers to events) before
:func:`erase` runs. What stays: messages they wrote in others' conversations, with the text removed and no
sender ("deleted member"), so that sequence numbers stay contiguous; mentorships and label grants they took
part in on others' side, without them; audit entries, which keep the bare id (no name) as the log is
append-only.
"""

from .cypher import Cypher
from .store import GraphStore

EVENTS_ANSWERED = Cypher("MATCH (:Member {id: $id})-[:RSVP]->(e:Event) RETURN e.id AS id")
NETWORKS_JOINED = Cypher("MATCH (:Member {id: $id})-[:MEMBER_OF]->(n:Network) RETURN n.id AS id")
EMAIL_KEY = Cypher("MATCH (m:Member {id: $id}) RETURN m.email_key AS email_key")

# in order: each statement may rely on the relationships the next ones delete
STATEMENTS = (
    # their messages stay in others' conversations, without text nor sender
    Cypher(
        "MATCH (c:Conversation)-[:HAS_MESSAGE]->(x:Message {sender_id: $id}) "
        "SET x.body = '', x.sender_id = null, x.sender_deleted = true, "
        "x.key = c.id + ':erased:' + toString(x.seq) RETURN count(x) AS n"
    ),
    # a direct conversation's key names its two people; what they created no longer names them
    Cypher(
        "MATCH (:Member {id: $id})-[:PARTICIPATES]->(c:Conversation {kind: 'direct'}) "
        "SET c.key = 'erased:' + c.id RETURN count(c) AS n"
    ),
    Cypher("MATCH (c:Conversation {created_by: $id}) SET c.created_by = null RETURN count(c) AS n"),
    # their projects, with the requests, mentorships and sessions under them (mentors' counts go down)
    Cypher(
        "MATCH (:Member {id: $id})-[:LEADS]->(:Project)-[:HAS_MENTORSHIP]->(ms:Mentorship {status: 'active'})"
        "<-[:MENTOR_IN]-(mentor:Member) "
        "SET mentor.mentee_count = CASE WHEN coalesce(mentor.mentee_count, 0) > 0 "
        "THEN mentor.mentee_count - 1 ELSE 0 END RETURN count(ms) AS n"
    ),
    Cypher(
        "MATCH (:Member {id: $id})-[:LEADS]->(:Project)-[:HAS_MENTORSHIP]->(:Mentorship)-[:HAS_SESSION]->(s) "
        "DETACH DELETE s RETURN count(*) AS n"
    ),
    Cypher(
        "MATCH (:Member {id: $id})-[:LEADS]->(:Project)-[:HAS_REQUEST|HAS_MENTORSHIP]->(x) "
        "DETACH DELETE x RETURN count(*) AS n"
    ),
    Cypher("MATCH (:Member {id: $id})-[:LEADS]->(p:Project) DETACH DELETE p RETURN count(*) AS n"),
    # the guidance cases they opened, with their history and documents (the files go with the app's help);
    # the case's conversation no longer bears its title
    Cypher(
        "MATCH (:Member {id: $id})-[:OPENED]->(g:GuidanceCase) MATCH (c:Conversation {key: 'case:' + g.id}) "
        "SET c.title = null, c.key = 'erased:' + c.id RETURN count(c) AS n"
    ),
    Cypher(
        "MATCH (:Member {id: $id})-[:OPENED]->(:GuidanceCase)-[:HAS_ENTRY|HAS_DOCUMENT]->(x) "
        "DETACH DELETE x RETURN count(*) AS n"
    ),
    Cypher("MATCH (:Member {id: $id})-[:OPENED]->(c:GuidanceCase) DETACH DELETE c RETURN count(*) AS n"),
    # what they wrote in others' cases stays, without their name
    Cypher("MATCH (x:CaseEntry {by_id: $id}) SET x.by_id = null, x.by_name = null RETURN count(x) AS n"),
    Cypher("MATCH (x:CaseDocument {by_id: $id}) SET x.by_id = null RETURN count(x) AS n"),
    Cypher("MATCH (x:CaseEntry {about_id: $id}) SET x.text = null, x.about_id = null RETURN count(x) AS n"),
    # opportunities they posted or were chosen for stay with their institution, without them
    Cypher("MATCH (x:Opportunity {created_by: $id}) SET x.created_by = null RETURN count(x) AS n"),
    Cypher("MATCH (x:Opportunity {chosen_id: $id}) SET x.chosen_id = null RETURN count(x) AS n"),
    # mentorships they gave on others' projects stay, without them
    Cypher(
        "MATCH (ms:Mentorship {mentor_id: $id}) SET ms.mentor_id = null, ms.mentor_comment = null RETURN count(ms) AS n"
    ),
    Cypher("MATCH (:Mentorship)-[:HAS_SESSION]->(s:MentoringSession {by: $id}) SET s.by = null RETURN count(s) AS n"),
    # what exists only for them
    Cypher(
        "MATCH (:Member {id: $id})-[:HAS_NOTIFICATION|CONSENT_EVENT|HOLDS|HAS_TOKEN]->(x) "
        "DETACH DELETE x RETURN count(*) AS n"
    ),
    Cypher("MATCH (x:Recommendation {member_id: $id}) DETACH DELETE x RETURN count(*) AS n"),
    Cypher("MATCH (x:Influence {member_id: $id}) DETACH DELETE x RETURN count(*) AS n"),
    Cypher("MATCH (x:Invitation {email_key: $email_key}) DETACH DELETE x RETURN count(*) AS n"),
    # others' notifications that name them (others' suggestions hold the results number of their
    # Recommendation, deleted above, not their id)
    Cypher("MATCH (x:Notification {sender_id: $id}) SET x.sender_id = null RETURN count(x) AS n"),
    # what the department imported about them: the values go, the rows stay counted in their batch
    Cypher(
        "MATCH (x:ImportRecord {person_id: $id}) SET x.values = '{}', x.problems = '{}', x.person_id = null "
        "RETURN count(x) AS n"
    ),
    # the department's outreach: what was sent to them goes; what they wrote for the department loses its author
    Cypher("MATCH (x:Delivery {member_id: $id}) DETACH DELETE x RETURN count(*) AS n"),
    Cypher("MATCH (x:Delivery {via: $id}) SET x.via = null RETURN count(x) AS n"),
    Cypher("MATCH (x:Segment {owner_id: $id}) SET x.owner_id = null, x.owner_name = null RETURN count(x) AS n"),
    Cypher("MATCH (x:TalentAlert {owner_id: $id}) DELETE x RETURN count(*) AS n"),
    Cypher(
        "MATCH (x:Campaign {created_by: $id}) SET x.created_by = null, x.created_by_name = null RETURN count(x) AS n"
    ),
    Cypher(
        "MATCH (x:PriorityVersion {author_id: $id}) SET x.author_id = null, x.author_name = null RETURN count(x) AS n"
    ),
    # the person, and every relationship they had
    Cypher("MATCH (m:Member {id: $id}) DETACH DELETE m RETURN count(*) AS n"),
)


def events_answered(store: GraphStore, member_id: str) -> list[str]:
    """The events the member answered (to cancel first: the waiting list moves up)."""
    return [row["id"] for row in store.read(EVENTS_ANSWERED, id=member_id)]


def networks_joined(store: GraphStore, member_id: str) -> list[str]:
    """The networks the member belongs to (to leave first: their counts go down)."""
    return [row["id"] for row in store.read(NETWORKS_JOINED, id=member_id)]


def erase(store: GraphStore, member_id: str) -> bool:
    """Remove the member and their traces (see the module); False if there was no such member."""
    rows = store.read(EMAIL_KEY, id=member_id)
    if not rows:
        return False
    for statement in STATEMENTS:
        store.write(statement, id=member_id, email_key=rows[0]["email_key"] or "")
    return True
