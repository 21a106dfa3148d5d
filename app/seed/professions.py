"""Professions of the diaspora: the skills, sectors, employers, titles and degrees that go together."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Profession:
    """An archetype of member from which coherent profiles are drawn."""

    id: str
    weight: float
    fields: tuple[str, ...]  # skill fields the member's skills come from
    sectors: tuple[str, ...]
    titles_en: tuple[str, ...]
    titles_fr: tuple[str, ...]
    employers: tuple[str, ...]
    degrees: tuple[str, ...]


PROFESSIONS = (
    Profession("doctor", 0.14, ("health",), ("health",),
               ("Cardiologist", "Paediatrician", "Anaesthetist", "Radiologist", "Emergency physician", "Surgeon", "General practitioner"),
               ("Cardiologue", "Pédiatre", "Médecin anesthésiste", "Radiologue", "Urgentiste", "Chirurgien", "Médecin généraliste"),
               ("AP-HP", "CHU de Lyon", "CHU de Montpellier", "Charité Berlin", "McGill University Health Centre", "CHUM",
                "Hospital Clínic de Barcelona", "UZ Leuven", "HUG Genève", "NHS", "Mayo Clinic", "Cleveland Clinic Abu Dhabi"),
               ("md", "doctorate")),
    Profession("software", 0.16, ("digital", "ai"), ("digital-offshoring",),
               ("Software engineer", "Data scientist", "Cloud architect", "Machine learning engineer", "CTO", "DevOps engineer"),
               ("Ingénieur logiciel", "Data scientist", "Architecte cloud", "Ingénieur en apprentissage automatique", "Directeur technique", "Ingénieur DevOps"),
               ("Capgemini", "Atos", "Google", "Microsoft", "SAP", "Amazon", "Ubisoft", "Dassault Systèmes", "Shopify", "Criteo",
                "OVHcloud", "Mistral AI", "Booking.com", "Adyen", "Zalando", "Sopra Steria"),
               ("engineer", "master", "doctorate")),
    Profession("automotive", 0.08, ("automotive", "energy"), ("automotive",),
               ("Battery engineer", "Powertrain engineer", "Quality manager", "Plant manager", "Wiring harness engineer"),
               ("Ingénieur batteries", "Ingénieur groupe motopropulseur", "Responsable qualité", "Directeur d'usine", "Ingénieur câblage"),
               ("Renault", "Stellantis", "Bosch", "Volkswagen", "Mercedes-Benz", "BMW", "Valeo", "Yazaki", "Lear", "Continental",
                "Tesla", "Northvolt", "ACC"),
               ("engineer", "master", "doctorate")),
    Profession("aeronautics", 0.07, ("aeronautics",), ("aeronautics",),
               ("Aerostructures engineer", "Avionics engineer", "MRO manager", "Composites engineer", "Certification engineer"),
               ("Ingénieur aérostructures", "Ingénieur avionique", "Responsable MRO", "Ingénieur composites", "Ingénieur certification"),
               ("Airbus", "Safran", "Bombardier", "CAE", "Boeing", "Thales", "Dassault Aviation", "Stelia Aerospace", "Pratt & Whitney Canada"),
               ("engineer", "master", "doctorate")),
    Profession("energy", 0.06, ("energy", "mining"), ("renewable-energy", "mining-chemicals"),
               ("Solar project engineer", "Hydrogen researcher", "Grid engineer", "Energy consultant"),
               ("Ingénieur projets solaires", "Chercheur hydrogène", "Ingénieur réseaux électriques", "Consultant énergie"),
               ("TotalEnergies", "Siemens Energy", "Engie", "Iberdrola", "Enel", "Hydro-Québec", "EDF", "Masdar", "Air Liquide"),
               ("engineer", "master", "doctorate")),
    Profession("law", 0.08, ("law",), ("legal-services",),
               ("Business lawyer", "Tax lawyer", "Immigration lawyer", "Legal counsel", "Notary"),
               ("Avocat d'affaires", "Avocat fiscaliste", "Avocat en droit des étrangers", "Juriste d'entreprise", "Notaire"),
               ("Gide Loyrette Nouel", "Clifford Chance", "Freshfields", "Fasken", "Baker McKenzie", "Cuatrecasas", "Own practice"),
               ("master", "doctorate")),
    Profession("finance", 0.1, ("finance",), ("finance",),
               ("Investment banker", "Risk manager", "Auditor", "Financial analyst", "Fund manager"),
               ("Banquier d'affaires", "Gestionnaire des risques", "Auditeur", "Analyste financier", "Gérant de fonds"),
               ("BNP Paribas", "Société Générale", "Deutsche Bank", "HSBC", "Santander", "Desjardins", "Goldman Sachs",
                "ING", "Crédit Agricole", "Deloitte", "PwC", "EY", "KPMG"),
               ("master", "bachelor", "doctorate")),
    Profession("research", 0.08, ("science", "education", "ai"), ("research", "education-training"),
               ("Professor", "Research scientist", "Postdoctoral researcher", "Lecturer"),
               ("Professeur des universités", "Chercheur", "Chercheur postdoctoral", "Maître de conférences"),
               ("CNRS", "Inria", "Max Planck Society", "National Research Council Canada", "Sorbonne Université", "KU Leuven",
                "McGill University", "EPFL", "TU Delft", "CSIC"),
               ("doctorate",)),
    Profession("business", 0.1, ("business", "leadership"), ("consulting", "logistics", "tourism"),
               ("Founder", "Management consultant", "Supply chain manager", "Marketing director", "Export manager"),
               ("Fondateur", "Consultant en management", "Responsable supply chain", "Directeur marketing", "Responsable export"),
               ("McKinsey & Company", "Boston Consulting Group", "Accenture", "Own company", "Maersk", "DHL", "Decathlon", "L'Oréal"),
               ("master", "bachelor")),
    Profession("media", 0.04, ("media",), ("media-culture",),
               ("Journalist", "Editor", "Documentary filmmaker", "Communication manager"),
               ("Journaliste", "Rédactrice en chef", "Réalisateur de documentaires", "Responsable communication"),
               ("France 24", "Le Monde", "BBC", "Al Jazeera", "Radio-Canada", "TV5Monde", "RTBF", "Freelance"),
               ("master", "bachelor")),
    Profession("agrifood", 0.04, ("agriculture",), ("agriculture-agrifood",),
               ("Agronomist", "Food safety manager", "Water engineer"),
               ("Agronome", "Responsable sécurité des aliments", "Ingénieur hydraulique"),
               ("Danone", "Nestlé", "Lactalis", "Bonduelle", "Syngenta", "INRAE"),
               ("engineer", "master", "doctorate")),
    Profession("public", 0.05, ("public", "leadership"), ("public-administration",),
               ("Policy officer", "Programme manager", "Migration specialist", "Diplomat"),
               ("Chargé de mission", "Chef de programme", "Spécialiste des migrations", "Diplomate"),
               ("OECD", "World Bank", "UNHCR", "IOM", "UNDP", "European Commission", "African Development Bank"),
               ("master", "doctorate")),
)

DEGREES = ("bachelor", "master", "engineer", "md", "doctorate", "other")
