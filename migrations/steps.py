"""The numbered schema steps, oldest first. Never edit a released step: add one."""

from collections.abc import Callable
from dataclasses import dataclass

from graph import insights, members, snapshot
from graph.schema import FullText, RangeIndex, SchemaOp, Unique
from graph.store import GraphStore

from . import label_types, programme_data, reference_data


@dataclass(frozen=True)
class Step:
    """One idempotent step: schema operations, then an optional idempotent data load."""

    id: str
    name: str
    ops: tuple[SchemaOp, ...]
    load: Callable[[GraphStore], None] | None = None


STEPS: tuple[Step, ...] = (
    Step("0001", "migration log", (RangeIndex("Migration", "id"),)),
    Step(
        "0002",
        "accounts",
        (
            Unique("Member", "id"),
            Unique("Member", "email_key"),
            Unique("ApiToken", "id"),
        ),
    ),
    Step("0003", "member full-text search", (FullText("Member", ("display_name",), "member_name_text"),)),
    Step(
        "0004",
        "reference data",
        tuple(
            Unique(label, "id")
            for label in ("SkillField", "Skill", "Sector", "Region", "Language", "Country", "City", "Institution")
        )
        + (RangeIndex("Member", "employer_key"), RangeIndex("Member", "last_active_at")),
        reference_data.load,
    ),
    Step("0005", "directory search", (FullText("Member", ("search_text", "name_keys_text"), "member_search_text"),)),
    Step(
        "0006",
        "directory facets",
        tuple(
            RangeIndex("Member", prop)
            for prop in ("skill_ids", "sector_ids", "language_ids", "country", "city_id", "availability", "status")
        ),
        members.backfill_facet_copies,
    ),
    Step(
        "0007",
        "networks, labels, events, notifications",
        tuple(
            Unique(label, "id")
            for label in ("Network", "LabelType", "LabelGrant", "Invitation", "Event", "Announcement", "Notification")
        )
        + (
            Unique("Network", "slug"),
            RangeIndex("Invitation", "token_hash"),
            RangeIndex("Event", "starts_at"),
            RangeIndex("Event", "ends_at"),
            RangeIndex("Member", "network_ids"),
            RangeIndex("Member", "label_ids"),
        ),
        label_types.load,
    ),
    Step(
        "0008",
        "conversations",
        (
            Unique("Conversation", "id"),
            Unique("Conversation", "key"),
            Unique("Message", "key"),
        ),
    ),
    Step(
        "0009",
        "reports and message notices",
        (
            Unique("Report", "id"),
            RangeIndex("Notification", "conversation_id"),
        ),
    ),
    Step(
        "0010",
        "projects and mentoring requests",
        (
            Unique("Project", "id"),
            Unique("MentoringRequest", "id"),
            RangeIndex("Project", "updated_at"),
            RangeIndex("Project", "sector_id"),
            RangeIndex("Project", "region_id"),
            RangeIndex("Member", "mentor_open"),
        ),
    ),
    Step(
        "0011",
        "mentors' own skill and sector copies",
        (RangeIndex("Member", "mentor_skill_ids"), RangeIndex("Member", "mentor_sector_ids")),
        members.backfill_mentor_copies,
    ),
    Step(
        "0012",
        "recommendation results on their own nodes",
        # ``n`` is unique by construction (one run at a time, app.recommendations.run); a second uniqueness
        # constraint made writing the results 2.5 times slower on FalkorDB
        (Unique("Recommendation", "member_id"), RangeIndex("Recommendation", "n")),
        snapshot.clear_results_off_members,
    ),
    Step(
        "0013",
        "name keys (articles and particles as name-parts, compounds however split); usual Arabic city names",
        (),
        lambda store: (members.rewrite_name_keys(store), reference_data.rewrite_city_keys(store)),
    ),
    Step(
        "0014",
        "the department's analytics and the audit log",
        (
            Unique("Influence", "member_id"),
            RangeIndex("Influence", "country"),
            RangeIndex("Influence", "community"),
            RangeIndex("Influence", "network_ids"),
            RangeIndex("Influence", "sector_ids"),
            *(RangeIndex("Influence", f"rank_{measure}") for measure in insights.MEASURES),
            RangeIndex("InsightsRun", "at"),
            Unique("AuditEntry", "id"),
            RangeIndex("AuditEntry", "at"),
            RangeIndex("AuditEntry", "actor_id"),
        ),
    ),
    Step(
        "0015",
        "imports: sources, batches, their rows and contacts",
        (
            Unique("ImportSource", "id"),
            Unique("ImportBatch", "id"),
            RangeIndex("ImportBatch", "created_at"),
            RangeIndex("ImportRecord", "batch_id"),
            RangeIndex("ImportRecord", "person_id"),
            RangeIndex("ImportRecord", "outcome"),
            RangeIndex("ImportRecord", "id"),
            Unique("Contact", "id"),
            RangeIndex("Contact", "emails"),
            RangeIndex("Contact", "phones"),
            RangeIndex("Contact", "name_keys"),
            RangeIndex("Contact", "created_batch"),
            RangeIndex("Contact", "created_at"),
            RangeIndex("Contact", "claim_hash"),
        ),
    ),
    Step(
        "0016",
        "calendar feeds: a random, rotatable address per member (its hash)",
        (RangeIndex("Member", "calendar_token_hash"),),
    ),
    Step(
        "0017",
        "people's rights: messages by sender (erasure, data download), audit entries by target and number, "
        "consent log, accounts awaiting deletion",
        (
            RangeIndex("Message", "sender_id"),
            RangeIndex("AuditEntry", "target"),
            RangeIndex("AuditEntry", "seq"),
            RangeIndex("Member", "status"),
            RangeIndex("Member", "deletion_due_at"),
            RangeIndex("Mentorship", "mentor_id"),
        ),
    ),
    Step(
        "0018",
        "the department's outreach: saved segments, priority versions, campaigns and their deliveries",
        (
            RangeIndex("Segment", "id"),
            RangeIndex("PriorityVersion", "version"),
            RangeIndex("Campaign", "id"),
            RangeIndex("Campaign", "status"),
            RangeIndex("Delivery", "campaign_id"),
            RangeIndex("Delivery", "token"),
            RangeIndex("Delivery", "member_id"),
        ),
    ),
    Step(
        "0019",
        "talent watch: sources, leads by key, status and source, rejected leads' fingerprints",
        (
            RangeIndex("TalentSource", "id"),
            RangeIndex("TalentLead", "key"),
            RangeIndex("TalentLead", "id"),
            RangeIndex("TalentLead", "status"),
            RangeIndex("RejectedLead", "fingerprint"),
        ),
    ),
    Step(
        "0020",
        "support programmes and their versions",
        (Unique("Programme", "id"), RangeIndex("ProgrammeVersion", "programme_id")),
        programme_data.load,
    ),
    Step(
        "0021",
        "guidance cases, their history and documents",
        (
            Unique("GuidanceCase", "id"),
            RangeIndex("GuidanceCase", "leader_id"),
            RangeIndex("GuidanceCase", "adviser_id"),
            RangeIndex("GuidanceCase", "step"),
            RangeIndex("CaseEntry", "by_id"),
            RangeIndex("CaseEntry", "about_id"),
            Unique("CaseDocument", "id"),
            RangeIndex("Member", "role"),
        ),
    ),
    Step(
        "0022",
        "the opportunity board: opportunities by institution and status",
        (
            Unique("Opportunity", "id"),
            RangeIndex("Opportunity", "institution_id"),
            RangeIndex("Opportunity", "status"),
            RangeIndex("Opportunity", "chosen_id"),
            RangeIndex("Opportunity", "created_by"),
        ),
    ),
    Step(
        "0023",
        "trained rankings by name, mentorships by project leader (cohort matching's conflicts of interest)",
        (RangeIndex("RankingModel", "name"), RangeIndex("Mentorship", "leader_id")),
    ),
)
