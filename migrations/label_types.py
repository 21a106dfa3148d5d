"""The label types the platform starts with, in its three languages.

``granted_by``: ``department`` (administrators) or ``coordinator`` (a network's coordinators, for members
of their network; administrators may grant these too).
"""

LABEL_TYPES = (
    {
        "id": "identity_verified",
        "granted_by": "department",
        "name_en": "Identity verified",
        "name_fr": "Identité vérifiée",
        "name_ar": "هوية موثقة",
        "description_en": "The department checked an identity document, such as a consular card.",
        "description_fr": "Le ministère a vérifié une pièce d'identité, par exemple une carte consulaire.",
        "description_ar": "تحققت الوزارة من وثيقة هوية، مثل البطاقة القنصلية.",
    },
    {
        "id": "network_expert",
        "granted_by": "coordinator",
        "name_en": "Endorsed expert",
        "name_fr": "Expert reconnu",
        "name_ar": "خبير معتمد",
        "description_en": "A network's coordinators endorse this member's expertise.",
        "description_fr": "Les coordinateurs d'un réseau reconnaissent l'expertise de ce membre.",
        "description_ar": "يعتمد منسقو شبكة خبرة هذا العضو.",
    },
    {
        "id": "mre_academy_trainer",
        "granted_by": "department",
        "name_en": "MRE Academy trainer",
        "name_fr": "Formateur MRE Academy",
        "name_ar": "مكوّن في أكاديمية مغاربة العالم",
        "description_en": "Teaches modules of the MRE Academy programme.",
        "description_fr": "Anime des modules du programme MRE Academy.",
        "description_ar": "يقدّم وحدات برنامج أكاديمية مغاربة العالم.",
    },
    {
        "id": "project_leader",
        "granted_by": "department",
        "name_en": "Project leader",
        "name_fr": "Porteur de projet",
        "name_ar": "حامل مشروع",
        "description_en": "Leads an investment project in Morocco followed by the department.",
        "description_fr": "Porte un projet d'investissement au Maroc suivi par le ministère.",
        "description_ar": "يحمل مشروعًا استثماريًا في المغرب تتابعه الوزارة.",
    },
    {
        "id": "mentor",
        "granted_by": "coordinator",
        "name_en": "Mentor",
        "name_fr": "Mentor",
        "name_ar": "مرشد",
        "description_en": "Accompanies project leaders as a mentor.",
        "description_fr": "Accompagne des porteurs de projet en tant que mentor.",
        "description_ar": "يرافق حاملي المشاريع بصفته مرشدًا.",
    },
)


def load(store) -> None:
    """Create or update the label types (idempotent)."""
    from graph import labels

    labels.upsert_types(
        store, [{"id": row["id"], "props": {k: v for k, v in row.items() if k != "id"}} for row in LABEL_TYPES]
    )
