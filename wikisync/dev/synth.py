"""Seeded synthetic peer-learning programmes for evaluation, benchmarks and demos.

The shape follows Wikimedia's *Let's Connect* pilot: about 65% of participants come from
Africa and the Middle East, 14% from South Asia, 12% from Latin America and the rest from
the other Wikimedia regions. Region ids (``Person.region``) and their on-wiki names:

=======  ===============================================
SSA      Sub-Saharan Africa
MENA     Middle East and North Africa
SA       South Asia
ESEAP    East, Southeast Asia and Pacific
LAC      Latin America and Caribbean
CEECA    Central and Eastern Europe and Central Asia
WE       Western Europe
NA       North America
=======  ===============================================

Every person gets a real country with a real IANA time zone (``utc_offset`` is the zone's
standard offset, so results never depend on the date or the machine's tz database), two to
four languages with Babel levels, shares and learning wishes drawn from a long-tailed
(Zipf-like) skill popularity, a capacity of 1-3, and a few are away, inactive, clinic hosts
or name someone they do not want to be matched with.

Everything is drawn from ``random.Random(seed)``: the same arguments give the same
programme. Generated text never contains ``|``, ``=``, ``{``, ``}``, ``[``, ``]``, ``,``
or ``;``, so it can be written into templates and lists as is.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from wikisync.model import NATIVE, Language, Person, Skill, SourceRef, Status, Taxonomy

T = TypeVar("T")

#: The day synthetic availability ("away until ...") is generated around.
REFERENCE_DATE = dt.date(2026, 3, 2)

#: The page synthetic people are said to come from.
SYNTHETIC_PAGE = "Synthetic directory"

#: Region id -> on-wiki region name.
REGION_NAMES: dict[str, str] = {
    "SSA": "Sub-Saharan Africa",
    "MENA": "Middle East and North Africa",
    "SA": "South Asia",
    "ESEAP": "East, Southeast Asia and Pacific",
    "LAC": "Latin America and Caribbean",
    "CEECA": "Central and Eastern Europe and Central Asia",
    "WE": "Western Europe",
    "NA": "North America",
}

#: Region id -> share of participants.
REGION_SHARES: dict[str, float] = {
    "SSA": 0.42,
    "MENA": 0.23,
    "SA": 0.14,
    "LAC": 0.12,
    "ESEAP": 0.04,
    "CEECA": 0.02,
    "WE": 0.02,
    "NA": 0.01,
}


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    region: str
    weight: int
    zones: tuple[tuple[str, int], ...]
    native: tuple[str, ...]
    second: tuple[str, ...]
    names: str


_COUNTRIES: tuple[_Country, ...] = (
    _Country("Nigeria", "SSA", 9, (("Africa/Lagos", 60),), ("yo", "ha", "ig", "en"), ("en",), "wa"),
    _Country("Ghana", "SSA", 7, (("Africa/Accra", 0),), ("tw", "ee", "dag"), ("en",), "wa"),
    _Country("Kenya", "SSA", 5, (("Africa/Nairobi", 180),), ("sw", "ki"), ("en", "sw"), "ea"),
    _Country("Tanzania", "SSA", 3, (("Africa/Dar_es_Salaam", 180),), ("sw",), ("en",), "ea"),
    _Country("Uganda", "SSA", 3, (("Africa/Kampala", 180),), ("lg",), ("en", "sw"), "ea"),
    _Country("Cameroon", "SSA", 4, (("Africa/Douala", 60),), ("fr", "en"), ("en", "fr"), "fa"),
    _Country("Côte d'Ivoire", "SSA", 3, (("Africa/Abidjan", 0),), ("fr", "dyu"), ("fr",), "fa"),
    _Country("Senegal", "SSA", 2, (("Africa/Dakar", 0),), ("wo",), ("fr",), "fa"),
    _Country(
        "DR Congo",
        "SSA",
        3,
        (("Africa/Kinshasa", 60), ("Africa/Lubumbashi", 120)),
        ("ln", "sw"),
        ("fr",),
        "fa",
    ),
    _Country("Benin", "SSA", 2, (("Africa/Porto-Novo", 60),), ("fon",), ("fr",), "fa"),
    _Country("Mali", "SSA", 1, (("Africa/Bamako", 0),), ("bm",), ("fr",), "fa"),
    _Country("Ethiopia", "SSA", 2, (("Africa/Addis_Ababa", 180),), ("am", "om"), ("en",), "ea"),
    _Country("Rwanda", "SSA", 1, (("Africa/Kigali", 120),), ("rw",), ("en", "fr"), "ea"),
    _Country("Zambia", "SSA", 1, (("Africa/Lusaka", 120),), ("bem",), ("en",), "ea"),
    _Country(
        "South Africa", "SSA", 2, (("Africa/Johannesburg", 120),), ("zu", "xh", "af"), ("en",), "wa"
    ),
    _Country("Egypt", "MENA", 6, (("Africa/Cairo", 120),), ("ar",), ("en",), "ar"),
    _Country("Morocco", "MENA", 4, (("Africa/Casablanca", 60),), ("ar", "zgh"), ("fr",), "ar"),
    _Country("Algeria", "MENA", 3, (("Africa/Algiers", 60),), ("ar", "kab"), ("fr",), "ar"),
    _Country("Tunisia", "MENA", 2, (("Africa/Tunis", 60),), ("ar",), ("fr", "en"), "ar"),
    _Country("Jordan", "MENA", 2, (("Asia/Amman", 180),), ("ar",), ("en",), "ar"),
    _Country("Iraq", "MENA", 2, (("Asia/Baghdad", 180),), ("ar", "ckb"), ("en",), "ar"),
    _Country("Lebanon", "MENA", 1, (("Asia/Beirut", 120),), ("ar",), ("fr", "en"), "ar"),
    _Country("Palestine", "MENA", 1, (("Asia/Hebron", 120),), ("ar",), ("en",), "ar"),
    _Country("Saudi Arabia", "MENA", 1, (("Asia/Riyadh", 180),), ("ar",), ("en",), "ar"),
    _Country("Iran", "MENA", 2, (("Asia/Tehran", 210),), ("fa",), ("en",), "fa-ir"),
    _Country("Sudan", "MENA", 1, (("Africa/Khartoum", 120),), ("ar",), ("en",), "ar"),
    _Country(
        "India",
        "SA",
        10,
        (("Asia/Kolkata", 330),),
        ("hi", "bn", "ta", "te", "ml", "mr"),
        ("en",),
        "in",
    ),
    _Country("Bangladesh", "SA", 4, (("Asia/Dhaka", 360),), ("bn",), ("en",), "bd"),
    _Country("Pakistan", "SA", 3, (("Asia/Karachi", 300),), ("ur", "pa", "ps"), ("en",), "pk"),
    _Country("Nepal", "SA", 2, (("Asia/Kathmandu", 345),), ("ne",), ("en", "hi"), "in"),
    _Country("Sri Lanka", "SA", 1, (("Asia/Colombo", 330),), ("si", "ta"), ("en",), "in"),
    _Country(
        "Brazil",
        "LAC",
        5,
        (("America/Sao_Paulo", -180), ("America/Manaus", -240)),
        ("pt",),
        ("es", "en"),
        "br",
    ),
    _Country("Mexico", "LAC", 3, (("America/Mexico_City", -360),), ("es",), ("en",), "la"),
    _Country(
        "Argentina", "LAC", 2, (("America/Argentina/Buenos_Aires", -180),), ("es",), ("en",), "la"
    ),
    _Country("Colombia", "LAC", 2, (("America/Bogota", -300),), ("es",), ("en",), "la"),
    _Country("Peru", "LAC", 1, (("America/Lima", -300),), ("es", "qu"), ("en",), "la"),
    _Country("Bolivia", "LAC", 1, (("America/La_Paz", -240),), ("es", "ay"), ("en",), "la"),
    _Country("Chile", "LAC", 1, (("America/Santiago", -240),), ("es",), ("en",), "la"),
    _Country("Indonesia", "ESEAP", 3, (("Asia/Jakarta", 420),), ("id", "jv", "su"), ("en",), "as"),
    _Country("Philippines", "ESEAP", 2, (("Asia/Manila", 480),), ("tl", "ceb"), ("en",), "as"),
    _Country("Malaysia", "ESEAP", 1, (("Asia/Kuala_Lumpur", 480),), ("ms",), ("en",), "as"),
    _Country("Taiwan", "ESEAP", 1, (("Asia/Taipei", 480),), ("zh",), ("en",), "as"),
    _Country("South Korea", "ESEAP", 1, (("Asia/Seoul", 540),), ("ko",), ("en",), "as"),
    _Country("Australia", "ESEAP", 1, (("Australia/Sydney", 600),), ("en",), ("fr",), "we"),
    _Country("Ukraine", "CEECA", 2, (("Europe/Kyiv", 120),), ("uk",), ("en", "ru"), "ce"),
    _Country("Armenia", "CEECA", 1, (("Asia/Yerevan", 240),), ("hy",), ("ru", "en"), "ce"),
    _Country("Georgia", "CEECA", 1, (("Asia/Tbilisi", 240),), ("ka",), ("en", "ru"), "ce"),
    _Country("Serbia", "CEECA", 1, (("Europe/Belgrade", 60),), ("sr",), ("en",), "ce"),
    _Country("Poland", "CEECA", 1, (("Europe/Warsaw", 60),), ("pl",), ("en",), "ce"),
    _Country("Germany", "WE", 2, (("Europe/Berlin", 60),), ("de",), ("en", "fr"), "we"),
    _Country("France", "WE", 2, (("Europe/Paris", 60),), ("fr",), ("en", "es"), "we"),
    _Country("Spain", "WE", 1, (("Europe/Madrid", 60),), ("es", "ca"), ("en",), "la"),
    _Country("United Kingdom", "WE", 1, (("Europe/London", 0),), ("en",), ("fr",), "we"),
    _Country("Italy", "WE", 1, (("Europe/Rome", 60),), ("it",), ("en",), "we"),
    _Country(
        "United States",
        "NA",
        3,
        (("America/New_York", -300), ("America/Chicago", -360), ("America/Los_Angeles", -480)),
        ("en",),
        ("es", "fr"),
        "we",
    ),
    _Country(
        "Canada",
        "NA",
        1,
        (("America/Toronto", -300), ("America/Vancouver", -480)),
        ("en", "fr"),
        ("fr", "en"),
        "we",
    ),
)

#: Given names and family names by naming tradition (``_Country.names``).
_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "wa": (
        (
            "Kwame",
            "Ama",
            "Kofi",
            "Abena",
            "Chinedu",
            "Ngozi",
            "Tunde",
            "Folake",
            "Emeka",
            "Aisha",
            "Yaw",
            "Efua",
            "Olumide",
            "Zainab",
            "Sipho",
            "Thandiwe",
            "Musa",
            "Ifeoma",
        ),
        (
            "Mensah",
            "Owusu",
            "Adeyemi",
            "Okafor",
            "Bello",
            "Boateng",
            "Nwosu",
            "Abubakar",
            "Asante",
            "Ibrahim",
            "Dlamini",
            "Nkosi",
            "Eze",
            "Ogunleye",
            "Darko",
            "Sani",
        ),
    ),
    "ea": (
        (
            "Wanjiru",
            "Otieno",
            "Amani",
            "Neema",
            "Baraka",
            "Achieng",
            "Juma",
            "Halima",
            "Mulugeta",
            "Selam",
            "Kato",
            "Nakato",
            "Imani",
            "Tesfaye",
            "Mumbua",
            "Chipo",
        ),
        (
            "Kamau",
            "Odhiambo",
            "Mwangi",
            "Njoroge",
            "Mushi",
            "Okello",
            "Mutua",
            "Kiprop",
            "Bekele",
            "Tadesse",
            "Ssempala",
            "Mukasa",
            "Uwase",
            "Banda",
            "Phiri",
            "Wekesa",
        ),
    ),
    "fa": (
        (
            "Aminata",
            "Moussa",
            "Fatou",
            "Ibrahima",
            "Awa",
            "Serge",
            "Mariam",
            "Koffi",
            "Aïcha",
            "Jean-Paul",
            "Grâce",
            "Ousmane",
            "Nadège",
            "Cheikh",
            "Rokia",
            "Désiré",
        ),
        (
            "Diallo",
            "Traoré",
            "Koné",
            "Ndiaye",
            "Mbappe",
            "Kabila",
            "Tshibanda",
            "Sow",
            "Coulibaly",
            "Ouattara",
            "Fofana",
            "Mbemba",
            "Kouassi",
            "Sy",
            "Diop",
            "Houngbo",
        ),
    ),
    "ar": (
        (
            "أحمد",
            "فاطمة",
            "محمد",
            "مريم",
            "يوسف",
            "ليلى",
            "عمر",
            "نور",
            "خالد",
            "سارة",
            "Youssef",
            "Fatima",
            "Omar",
            "Salma",
            "Karim",
            "Nadia",
            "Hassan",
            "Amira",
        ),
        (
            "العلي",
            "حسن",
            "منصور",
            "الخطيب",
            "سليمان",
            "إبراهيم",
            "Benali",
            "El Amrani",
            "Haddad",
            "Mansour",
            "Saleh",
            "Khalil",
            "Bouzid",
            "Nasser",
            "Farouk",
            "Aziz",
        ),
    ),
    "fa-ir": (
        ("Reza", "Maryam", "Ali", "Zahra", "Dariush", "Shirin", "رضا", "مریم", "علی", "زهرا"),
        ("Ahmadi", "Hosseini", "Karimi", "Rahimi", "Moradi", "احمدی", "حسینی", "کریمی"),
    ),
    "in": (
        (
            "Rahul",
            "Priya",
            "Arjun",
            "Ananya",
            "Vikram",
            "Lakshmi",
            "Suresh",
            "Deepa",
            "राहुल",
            "प्रिया",
            "अर्जुन",
            "अनन्या",
            "Karthik",
            "Meena",
            "Ravi",
            "Kavya",
        ),
        (
            "Sharma",
            "Iyer",
            "Patel",
            "Nair",
            "Reddy",
            "Gupta",
            "शर्मा",
            "पटेल",
            "गुप्ता",
            "Menon",
            "Joshi",
            "Rao",
            "Pillai",
            "Thapa",
            "Shrestha",
            "Perera",
        ),
    ),
    "bd": (
        ("Sumon", "Nusrat", "Rafiq", "Tahmina", "সুমন", "নুসরাত", "রফিক", "Arif", "Mitu"),
        ("Das", "Rahman", "Hossain", "Akter", "দাস", "রহমান", "হোসেন", "Chowdhury", "Islam"),
    ),
    "pk": (
        ("Ayesha", "Bilal", "Hira", "Usman", "Sana", "Imran", "عائشہ", "بلال", "Zara", "Faisal"),
        ("Khan", "Qureshi", "Malik", "Butt", "Siddiqui", "خان", "ملک", "Chaudhry", "Javed"),
    ),
    "br": (
        ("João", "Ana", "Lucas", "Mariana", "Pedro", "Beatriz", "Thiago", "Larissa", "Rafael"),
        ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira"),
    ),
    "la": (
        ("María", "José", "Lucía", "Diego", "Valentina", "Santiago", "Camila", "Mateo", "Sofía"),
        ("García", "Rodríguez", "Martínez", "López", "Hernández", "Pérez", "Gómez", "Quispe"),
    ),
    "as": (
        ("Budi", "Siti", "Maria", "Jose", "Mei", "Wei", "Ji-woo", "Min-jun", "Putri", "Nguyen"),
        ("Santoso", "Wijaya", "Reyes", "Cruz", "Lin", "Chen", "Kim", "Park", "Tan", "Lim"),
    ),
    "ce": (
        ("Olena", "Taras", "Anna", "Armen", "Nino", "Giorgi", "Milica", "Marek", "Kasia"),
        ("Kovalenko", "Shevchenko", "Petrosyan", "Beridze", "Jovanović", "Nowak", "Kowalska"),
    ),
    "we": (
        ("Emma", "Lukas", "Claire", "Tom", "Sarah", "Paul", "Giulia", "Sven", "Laura", "Mike"),
        ("Müller", "Dubois", "Smith", "Rossi", "Jansen", "Andersson", "Brown", "Martin"),
    ),
}

_PROJECTS = (
    "Wikipedia",
    "Wikidata",
    "Wikimedia Commons",
    "Wikisource",
    "Wiktionary",
    "Wikibooks",
    "Wikivoyage",
)

_THEMATIC_AFFILIATIONS = (
    "Art+Feminism",
    "Wiki Loves Women",
    "AfroCROWD",
    "Open Foundation West Africa",
    "Whose Knowledge?",
    "Wikimedians for Sustainable Development",
    "Wikipedia & Education User Group",
)


@dataclass(frozen=True, slots=True)
class _SkillSeed:
    label: str
    area: str
    aliases: tuple[str, ...]
    fr: str
    es: str
    pt: str
    ar: str


_SKILL_SEEDS: tuple[_SkillSeed, ...] = (
    _SkillSeed(
        "Proposal writing",
        "Organisational",
        ("grant writing", "writing proposals"),
        "Rédaction de propositions",
        "Redacción de propuestas",
        "Redação de propostas",
        "كتابة المقترحات",
    ),
    _SkillSeed(
        "Budgeting",
        "Organisational",
        ("budget planning",),
        "Budgétisation",
        "Presupuestación",
        "Orçamentação",
        "إعداد الميزانية",
    ),
    _SkillSeed(
        "Financial reporting",
        "Organisational",
        ("grant reporting",),
        "Rapports financiers",
        "Informes financieros",
        "Relatórios financeiros",
        "التقارير المالية",
    ),
    _SkillSeed(
        "Conflict management",
        "Community",
        ("conflict resolution", "mediation"),
        "Gestion des conflits",
        "Gestión de conflictos",
        "Gestão de conflitos",
        "إدارة النزاعات",
    ),
    _SkillSeed(
        "Volunteer retention",
        "Community",
        ("keeping volunteers",),
        "Fidélisation des bénévoles",
        "Retención de voluntarios",
        "Retenção de voluntários",
        "الاحتفاظ بالمتطوعين",
    ),
    _SkillSeed(
        "Onboarding newcomers",
        "Community",
        ("newcomer support", "welcoming newcomers"),
        "Accueil des nouveaux",
        "Acogida de recién llegados",
        "Acolhimento de novatos",
        "استقبال الوافدين الجدد",
    ),
    _SkillSeed(
        "Mentoring", "Community", ("mentorship",), "Mentorat", "Mentoría", "Mentoria", "الإرشاد"
    ),
    _SkillSeed(
        "Event planning",
        "Organisational",
        ("organising events", "event organising"),
        "Organisation d'événements",
        "Organización de eventos",
        "Organização de eventos",
        "تنظيم الفعاليات",
    ),
    _SkillSeed(
        "Edit-a-thon organising",
        "Outreach",
        ("editathons", "edit-a-thons"),
        "Organisation d'éditathons",
        "Organización de editatones",
        "Organização de editatonas",
        "تنظيم ماراثونات التحرير",
    ),
    _SkillSeed(
        "Photo contests",
        "Outreach",
        ("Wiki Loves Monuments", "photo competitions"),
        "Concours photo",
        "Concursos de fotografía",
        "Concursos de fotografia",
        "مسابقات التصوير",
    ),
    _SkillSeed(
        "Video editing",
        "Media",
        ("editing videos",),
        "Montage vidéo",
        "Edición de vídeo",
        "Edição de vídeo",
        "مونتاج الفيديو",
    ),
    _SkillSeed(
        "Photography",
        "Media",
        ("taking photos",),
        "Photographie",
        "Fotografía",
        "Fotografia",
        "التصوير الفوتوغرافي",
    ),
    _SkillSeed(
        "Commons uploads",
        "Media",
        ("uploading to Commons", "batch uploads"),
        "Téléversements sur Commons",
        "Subidas a Commons",
        "Carregamentos no Commons",
        "الرفع إلى كومنز",
    ),
    _SkillSeed(
        "Graphic design",
        "Media",
        ("design",),
        "Conception graphique",
        "Diseño gráfico",
        "Design gráfico",
        "التصميم الجرافيكي",
    ),
    _SkillSeed(
        "Audio recording",
        "Media",
        ("podcasting", "recording pronunciations"),
        "Enregistrement audio",
        "Grabación de audio",
        "Gravação de áudio",
        "التسجيل الصوتي",
    ),
    _SkillSeed(
        "Wikidata queries",
        "Technical",
        ("SPARQL", "query service"),
        "Requêtes Wikidata",
        "Consultas de Wikidata",
        "Consultas ao Wikidata",
        "استعلامات ويكي بيانات",
    ),
    _SkillSeed(
        "Wikidata modelling",
        "Technical",
        ("data modelling", "Wikidata properties"),
        "Modélisation Wikidata",
        "Modelado en Wikidata",
        "Modelagem no Wikidata",
        "النمذجة في ويكي بيانات",
    ),
    _SkillSeed(
        "Bot writing",
        "Technical",
        ("bots", "Pywikibot"),
        "Écriture de bots",
        "Programación de bots",
        "Programação de robôs",
        "برمجة البوتات",
    ),
    _SkillSeed(
        "Lua modules",
        "Technical",
        ("Scribunto", "Lua"),
        "Modules Lua",
        "Módulos Lua",
        "Módulos Lua",
        "وحدات لوا",
    ),
    _SkillSeed(
        "Template editing",
        "Technical",
        ("templates",),
        "Modification de modèles",
        "Edición de plantillas",
        "Edição de predefinições",
        "تحرير القوالب",
    ),
    _SkillSeed(
        "Gadgets",
        "Technical",
        ("user scripts", "JavaScript gadgets"),
        "Gadgets",
        "Gadgets",
        "Gadgets",
        "الإضافات",
    ),
    _SkillSeed(
        "Tool development",
        "Technical",
        ("Toolforge", "building tools"),
        "Développement d'outils",
        "Desarrollo de herramientas",
        "Desenvolvimento de ferramentas",
        "تطوير الأدوات",
    ),
    _SkillSeed(
        "Data visualisation",
        "Technical",
        ("charts", "dashboards"),
        "Visualisation de données",
        "Visualización de datos",
        "Visualização de dados",
        "تصوير البيانات",
    ),
    _SkillSeed(
        "Article writing",
        "Content",
        ("writing articles", "content creation"),
        "Rédaction d'articles",
        "Redacción de artículos",
        "Redação de artigos",
        "كتابة المقالات",
    ),
    _SkillSeed(
        "Referencing",
        "Content",
        ("citations", "adding sources"),
        "Références",
        "Referencias",
        "Referências",
        "التوثيق بالمراجع",
    ),
    _SkillSeed(
        "Copyediting",
        "Content",
        ("copy editing", "proofreading"),
        "Révision de textes",
        "Corrección de estilo",
        "Revisão de texto",
        "التدقيق اللغوي",
    ),
    _SkillSeed(
        "Content translation",
        "Content",
        ("translation", "translating articles"),
        "Traduction de contenu",
        "Traducción de contenidos",
        "Tradução de conteúdo",
        "ترجمة المحتوى",
    ),
    _SkillSeed(
        "Fact checking",
        "Content",
        ("verification",),
        "Vérification des faits",
        "Verificación de datos",
        "Verificação de fatos",
        "التحقق من المعلومات",
    ),
    _SkillSeed(
        "Wikisource transcription",
        "Content",
        ("proofreading scans",),
        "Transcription sur Wikisource",
        "Transcripción en Wikisource",
        "Transcrição no Wikisource",
        "النسخ في ويكي مصدر",
    ),
    _SkillSeed(
        "Wiktionary entries",
        "Content",
        ("dictionary editing",),
        "Entrées du Wiktionnaire",
        "Entradas de Wikcionario",
        "Verbetes do Wikcionário",
        "مداخل ويكاموس",
    ),
    _SkillSeed(
        "Social media",
        "Outreach",
        ("social media campaigns",),
        "Réseaux sociaux",
        "Redes sociales",
        "Redes sociais",
        "وسائل التواصل الاجتماعي",
    ),
    _SkillSeed(
        "Public speaking",
        "Outreach",
        ("presenting", "giving talks"),
        "Prise de parole en public",
        "Hablar en público",
        "Falar em público",
        "الخطابة",
    ),
    _SkillSeed(
        "Campaign design",
        "Outreach",
        ("writing contests", "campaigns"),
        "Conception de campagnes",
        "Diseño de campañas",
        "Design de campanhas",
        "تصميم الحملات",
    ),
    _SkillSeed(
        "Education programmes",
        "Outreach",
        ("Wikipedia in education", "classroom projects"),
        "Programmes éducatifs",
        "Programas educativos",
        "Programas educacionais",
        "البرامج التعليمية",
    ),
    _SkillSeed(
        "GLAM partnerships",
        "Partnerships",
        ("GLAM", "museum partnerships"),
        "Partenariats GLAM",
        "Alianzas GLAM",
        "Parcerias GLAM",
        "شراكات جلام",
    ),
    _SkillSeed(
        "Partnership building",
        "Partnerships",
        ("partnerships", "working with partners"),
        "Création de partenariats",
        "Creación de alianzas",
        "Construção de parcerias",
        "بناء الشراكات",
    ),
    _SkillSeed(
        "Fundraising",
        "Organisational",
        ("raising funds",),
        "Collecte de fonds",
        "Recaudación de fondos",
        "Captação de recursos",
        "جمع التبرعات",
    ),
    _SkillSeed(
        "Strategic planning",
        "Organisational",
        ("strategy",),
        "Planification stratégique",
        "Planificación estratégica",
        "Planejamento estratégico",
        "التخطيط الاستراتيجي",
    ),
    _SkillSeed(
        "Governance",
        "Organisational",
        ("board work", "bylaws"),
        "Gouvernance",
        "Gobernanza",
        "Governança",
        "الحوكمة",
    ),
    _SkillSeed(
        "Programme evaluation",
        "Organisational",
        ("evaluation", "measuring impact"),
        "Évaluation de programmes",
        "Evaluación de programas",
        "Avaliação de programas",
        "تقييم البرامج",
    ),
    _SkillSeed(
        "Survey design",
        "Research",
        ("surveys", "questionnaires"),
        "Conception d'enquêtes",
        "Diseño de encuestas",
        "Elaboração de questionários",
        "تصميم الاستبيانات",
    ),
    _SkillSeed(
        "Community research",
        "Research",
        ("user research",),
        "Recherche communautaire",
        "Investigación comunitaria",
        "Pesquisa comunitária",
        "البحث المجتمعي",
    ),
    _SkillSeed(
        "Storytelling",
        "Communication",
        ("writing stories", "impact stories"),
        "Narration",
        "Narrativa",
        "Narrativa",
        "سرد القصص",
    ),
    _SkillSeed(
        "Blog writing",
        "Communication",
        ("Diff posts", "blogging"),
        "Rédaction de blogs",
        "Escritura de blogs",
        "Escrita de blogs",
        "كتابة المدونات",
    ),
    _SkillSeed(
        "Newsletter editing",
        "Communication",
        ("newsletters",),
        "Rédaction de lettres d'information",
        "Edición de boletines",
        "Edição de boletins",
        "تحرير النشرات الإخبارية",
    ),
    _SkillSeed(
        "Facilitation",
        "Community",
        ("facilitating meetings", "workshop facilitation"),
        "Animation de réunions",
        "Facilitación",
        "Facilitação",
        "تيسير الاجتماعات",
    ),
    _SkillSeed(
        "Safe spaces",
        "Community",
        ("Universal Code of Conduct", "UCoC"),
        "Espaces sûrs",
        "Espacios seguros",
        "Espaços seguros",
        "المساحات الآمنة",
    ),
    _SkillSeed(
        "Gender gap outreach",
        "Outreach",
        ("gender gap", "women in red"),
        "Lutte contre le fossé des genres",
        "Brecha de género",
        "Lacuna de gênero",
        "سد الفجوة بين الجنسين",
    ),
    _SkillSeed(
        "Small wiki support",
        "Community",
        ("small wikis", "new language wikis"),
        "Soutien aux petits wikis",
        "Apoyo a wikis pequeños",
        "Apoio a wikis pequenas",
        "دعم الويكيات الصغيرة",
    ),
    _SkillSeed(
        "Incubator projects",
        "Community",
        ("Wikimedia Incubator", "new wikis"),
        "Projets de l'Incubateur",
        "Proyectos de la Incubadora",
        "Projetos da Incubadora",
        "مشاريع الحاضنة",
    ),
    _SkillSeed(
        "Abuse filters",
        "Technical",
        ("AbuseFilter", "edit filters"),
        "Filtres anti-abus",
        "Filtros antiabusos",
        "Filtros de abuso",
        "مرشحات الإساءة",
    ),
    _SkillSeed(
        "Patrolling",
        "Content",
        ("recent changes patrol", "vandalism fighting"),
        "Patrouille",
        "Patrullaje",
        "Patrulhamento",
        "مراقبة التعديلات",
    ),
    _SkillSeed(
        "Administration",
        "Community",
        ("adminship", "sysop work"),
        "Administration",
        "Administración",
        "Administração",
        "الإدارة",
    ),
    _SkillSeed(
        "Copyright",
        "Content",
        ("licensing", "free licences"),
        "Droit d'auteur",
        "Derechos de autor",
        "Direitos autorais",
        "حقوق النشر",
    ),
    _SkillSeed(
        "OpenStreetMap",
        "Technical",
        ("mapping", "OSM"),
        "OpenStreetMap",
        "OpenStreetMap",
        "OpenStreetMap",
        "أوبن ستريت ماب",
    ),
    _SkillSeed(
        "Project management",
        "Organisational",
        ("managing projects",),
        "Gestion de projet",
        "Gestión de proyectos",
        "Gestão de projetos",
        "إدارة المشاريع",
    ),
    _SkillSeed(
        "Leadership development",
        "Community",
        ("leadership",),
        "Développement du leadership",
        "Desarrollo de liderazgo",
        "Desenvolvimento de liderança",
        "تنمية القيادة",
    ),
    _SkillSeed(
        "Wellbeing",
        "Community",
        ("burnout prevention", "self-care"),
        "Bien-être",
        "Bienestar",
        "Bem-estar",
        "الرفاهية",
    ),
    _SkillSeed(
        "Accessibility",
        "Technical",
        ("accessible design",),
        "Accessibilité",
        "Accesibilidad",
        "Acessibilidade",
        "إتاحة الوصول",
    ),
    _SkillSeed(
        "Oral citations",
        "Content",
        ("oral history", "oral sources"),
        "Citations orales",
        "Citas orales",
        "Citações orais",
        "الاستشهادات الشفهية",
    ),
)

_VARIANTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("for beginners", "pour débutants", "para principiantes", "para iniciantes", "للمبتدئين"),
    ("advanced", "avancé", "avanzado", "avançado", "متقدم"),
    ("for educators", "pour enseignants", "para docentes", "para educadores", "للمعلمين"),
    (
        "for small wikis",
        "pour petits wikis",
        "para wikis pequeños",
        "para wikis pequenas",
        "للويكيات الصغيرة",
    ),
    ("for affiliates", "pour affiliés", "para afiliados", "para afiliados", "للمنظمات التابعة"),
    ("on mobile", "sur mobile", "en el móvil", "no celular", "على الهاتف"),
)


def generate_taxonomy(n_skills: int = 60, seed: int = 0) -> Taxonomy:
    """A taxonomy of ``n_skills`` canonical skills with aliases and translated labels.

    The first 60 are real programme topics; further ones combine a topic with a variant
    ("Video editing for beginners"). ``seed`` only shuffles the page order, so ids and
    labels of a given size are always the same.
    """
    if n_skills < 1:
        raise ValueError(f"n_skills must be at least 1, got {n_skills}")
    skills = [_skill_at(index) for index in range(n_skills)]
    random.Random(seed).shuffle(skills)
    return Taxonomy(tuple(skills))


def _skill_at(index: int) -> Skill:
    base = _SKILL_SEEDS[index % len(_SKILL_SEEDS)]
    round_ = index // len(_SKILL_SEEDS)
    if round_ == 0:
        labels = {"fr": base.fr, "es": base.es, "pt": base.pt, "ar": base.ar}
        return Skill(_slug(base.label), base.label, base.aliases, base.area, labels)
    en, fr, es, pt, ar = _VARIANTS[(round_ - 1) % len(_VARIANTS)]
    cycle = (round_ - 1) // len(_VARIANTS)
    suffix = f" {cycle + 1}" if cycle else ""
    label = f"{base.label} {en}{suffix}"
    labels = {
        "fr": f"{base.fr} {fr}{suffix}",
        "es": f"{base.es} {es}{suffix}",
        "pt": f"{base.pt} {pt}{suffix}",
        "ar": f"{base.ar} {ar}{suffix}",
    }
    aliases = tuple(f"{alias} {en}{suffix}" for alias in base.aliases[:1])
    return Skill(_slug(label), label, aliases, base.area, labels)


def _slug(label: str) -> str:
    kept = "".join(char if char.isalnum() else " " for char in label.lower())
    return "-".join(kept.split())


@dataclass(frozen=True, slots=True)
class _Popularity:
    """Cumulative Zipf-like weights over skill ids, for learning and for sharing."""

    skills: tuple[str, ...]
    learn_cumulative: tuple[float, ...]
    share_cumulative: tuple[float, ...]


def _popularity(taxonomy: Taxonomy, rng: random.Random) -> _Popularity:
    ids = [skill.id for skill in taxonomy.skills]
    rng.shuffle(ids)
    count = len(ids)
    learn = [1.0 / (rank + 1) for rank in range(count)]
    # Supply follows demand loosely: some wanted skills have few people who share them.
    jitter = [rank + rng.gauss(0.0, count / 4) for rank in range(count)]
    share_rank = {skill: position for position, skill in enumerate(_order_by(ids, jitter))}
    share = [1.0 / (share_rank[skill] + 1) ** 0.8 for skill in ids]
    return _Popularity(tuple(ids), _cumulative(learn), _cumulative(share))


def _order_by(items: Sequence[str], keys: Sequence[float]) -> list[str]:
    return [item for _, item in sorted(zip(keys, items, strict=True))]


def _cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return tuple(out)


def generate_people(
    n: int, taxonomy: Taxonomy, seed: int = 0, today: dt.date = REFERENCE_DATE
) -> list[Person]:
    """``n`` participants of a synthetic programme, sorted by username.

    About three learning wishes and 1.7 shared skills per person on average; capacity 1-3;
    roughly 4% away (half of them already back by ``today``), 3% inactive, 10% of sharers
    willing to host a clinic, 0.5% with a ``do_not_match`` entry.
    """
    rng = random.Random(seed)
    popularity = _popularity(taxonomy, rng)
    countries = _countries_by_region()
    people: list[Person] = []
    taken: set[str] = set()
    for index in range(n):
        country = _pick_country(rng, countries)
        username = _unique(_username(rng, country), taken, rng)
        people.append(_person(rng, index, username, country, popularity, today))
    _add_do_not_match(rng, people)
    return sorted(people, key=lambda person: person.username)


def _countries_by_region() -> dict[str, tuple[tuple[_Country, ...], tuple[float, ...]]]:
    table = {}
    for region in REGION_SHARES:
        options = tuple(country for country in _COUNTRIES if country.region == region)
        table[region] = (options, _cumulative([country.weight for country in options]))
    return table


_REGION_IDS = tuple(REGION_SHARES)
_REGION_CUMULATIVE = _cumulative(list(REGION_SHARES.values()))
_CAPACITY_CUMULATIVE = _cumulative((35, 45, 20))
_SHARE_COUNT_CUMULATIVE = _cumulative((15, 30, 30, 18, 7))
_LEARN_COUNT_CUMULATIVE = _cumulative((10, 25, 30, 20, 15))
_LANGUAGE_COUNT_CUMULATIVE = _cumulative((45, 40, 15))
_LEVEL_CUMULATIVE = _cumulative((10, 20, 30, 25, 15))


def _draw(rng: random.Random, items: Sequence[T], cumulative: Sequence[float]) -> T:
    """One of ``items``, drawn with the weights whose running totals are ``cumulative``."""
    return items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _pick_country(
    rng: random.Random, countries: dict[str, tuple[tuple[_Country, ...], tuple[float, ...]]]
) -> _Country:
    region = _draw(rng, _REGION_IDS, _REGION_CUMULATIVE)
    options, cumulative = countries[region]
    return _draw(rng, options, cumulative)


def _username(rng: random.Random, country: _Country) -> str:
    given, family = _NAMES[country.names]
    first = rng.choice(given)
    last = rng.choice(family)
    style = rng.random()
    if style < 0.45:
        name = f"{first} {last}"
    elif style < 0.65:
        name = f"{first}{last}" if first.isascii() and last.isascii() else f"{first} {last}"
    elif style < 0.8:
        name = f"{first} {last[0]}." if last.isascii() else f"{first} {last}"
    elif style < 0.92:
        name = f"{first}{rng.randint(1, 999)}"
    else:
        name = f"{first}-{last}" if first.isascii() and last.isascii() else first
    return name[0].upper() + name[1:]


def _unique(name: str, taken: set[str], rng: random.Random) -> str:
    candidate = name
    while candidate in taken:
        candidate = f"{name} {rng.randint(2, 9999)}"
    taken.add(candidate)
    return candidate


def _person(
    rng: random.Random,
    index: int,
    username: str,
    country: _Country,
    popularity: _Popularity,
    today: dt.date,
) -> Person:
    timezone, offset = _timezone(rng, country)
    shares = _pick_skills(rng, popularity, popularity.share_cumulative, _share_count(rng), ())
    learns = _pick_skills(rng, popularity, popularity.learn_cumulative, _learn_count(rng), shares)
    status, away_until = _availability(rng, today)
    return Person(
        username=username,
        source=SourceRef(page=SYNTHETIC_PAGE, index=index),
        affiliation=_affiliation(rng, country),
        region=country.region,
        country=country.name,
        languages=_languages(rng, country),
        timezone=timezone,
        utc_offset=offset,
        shares=shares,
        learns=learns,
        projects=tuple(sorted(rng.sample(_PROJECTS, rng.randint(1, 3)))),
        capacity=_draw(rng, (1, 2, 3), _CAPACITY_CUMULATIVE),
        status=status,
        away_until=away_until,
        clinic=bool(shares) and rng.random() < 0.10,
        notify=rng.random() < 0.3,
        public=rng.random() < 0.98,
    )


def _timezone(rng: random.Random, country: _Country) -> tuple[str | None, int | None]:
    zone, offset = rng.choice(country.zones)
    roll = rng.random()
    if roll < 0.04:
        return None, None
    if roll < 0.10:
        sign = "+" if offset >= 0 else "-"
        hours, minutes = divmod(abs(offset), 60)
        return f"UTC{sign}{hours:02d}:{minutes:02d}", offset
    return zone, offset


def _share_count(rng: random.Random) -> int:
    return _draw(rng, (0, 1, 2, 3, 4), _SHARE_COUNT_CUMULATIVE)


def _learn_count(rng: random.Random) -> int:
    return _draw(rng, (1, 2, 3, 4, 5), _LEARN_COUNT_CUMULATIVE)


def _pick_skills(
    rng: random.Random,
    popularity: _Popularity,
    cumulative: tuple[float, ...],
    count: int,
    exclude: tuple[str, ...],
) -> tuple[str, ...]:
    wanted = min(count, len(popularity.skills) - len(exclude))
    chosen: list[str] = []
    while len(chosen) < wanted:
        skill = _draw(rng, popularity.skills, cumulative)
        if skill not in chosen and skill not in exclude:
            chosen.append(skill)
    return tuple(sorted(chosen))


def _languages(rng: random.Random, country: _Country) -> tuple[Language, ...]:
    native = rng.choice(country.native)
    levels = {native: NATIVE}
    wanted = _draw(rng, (2, 3, 4), _LANGUAGE_COUNT_CUMULATIVE)
    pool = [*country.second, *country.native, "en", "fr", "ar", "es"]
    while len(levels) < wanted:
        code = rng.choice(pool)
        if code not in levels:
            levels[code] = _draw(rng, (1, 2, 3, 4, 5), _LEVEL_CUMULATIVE)
    return tuple(sorted((Language(code, level) for code, level in levels.items())))


def _availability(rng: random.Random, today: dt.date) -> tuple[Status, dt.date | None]:
    roll = rng.random()
    if roll < 0.04:
        return Status.AWAY, today + dt.timedelta(days=rng.randint(-90, 120))
    if roll < 0.07:
        return Status.INACTIVE, None
    return Status.ACTIVE, None


def _affiliation(rng: random.Random, country: _Country) -> str:
    roll = rng.random()
    if roll < 0.45:
        return f"Wikimedia {country.name} User Group"
    if roll < 0.6:
        return f"Wikimedians of {country.name}"
    if roll < 0.7:
        return rng.choice(_THEMATIC_AFFILIATIONS)
    return ""


def _add_do_not_match(rng: random.Random, people: list[Person]) -> None:
    if len(people) < 2:
        return
    for index in range(len(people)):
        if rng.random() < 0.005:
            other = people[rng.randrange(len(people))].username
            if other != people[index].username:
                people[index] = replace(people[index], do_not_match=frozenset({other}))


def perturb(people: Sequence[Person], fraction: float, seed: int) -> list[Person]:
    """A copy of ``people`` with about ``fraction`` of the entries edited, for churn tests.

    An edited entry changes one thing an editor would change: a learning wish or a shared
    skill swapped for another skill of the programme, the capacity, going away or coming
    back, or the time zone. The order and every other entry are kept.
    """
    rng = random.Random(seed)
    skills = sorted({skill for person in people for skill in (*person.shares, *person.learns)})
    chosen = _chosen_indices(rng, len(people), fraction)
    return [
        _edit(rng, person, skills) if index in chosen else person
        for index, person in enumerate(people)
    ]


def _chosen_indices(rng: random.Random, count: int, fraction: float) -> set[int]:
    if count == 0 or fraction <= 0:
        return set()
    wanted = max(1, round(count * fraction))
    return set(rng.sample(range(count), min(count, wanted)))


def _edit(rng: random.Random, person: Person, skills: Sequence[str]) -> Person:
    kind = rng.randrange(5)
    if kind == 0 and skills:
        return replace(person, learns=_swap_one(rng, person.learns, skills, person.shares))
    if kind == 1 and skills:
        return replace(person, shares=_swap_one(rng, person.shares, skills, person.learns))
    if kind == 2:
        return replace(person, capacity=1 + person.capacity % 3)
    if kind == 3:
        if person.status is Status.ACTIVE:
            return replace(person, status=Status.INACTIVE)
        return replace(person, status=Status.ACTIVE, away_until=None)
    offset = (person.utc_offset or 0) + rng.choice((-60, 60))
    return replace(person, timezone=_utc_label(offset), utc_offset=offset)


def _swap_one(
    rng: random.Random, current: tuple[str, ...], skills: Sequence[str], avoid: tuple[str, ...]
) -> tuple[str, ...]:
    options = [skill for skill in skills if skill not in current and skill not in avoid]
    if not options:
        return current
    kept = list(current)
    if kept:
        kept.pop(rng.randrange(len(kept)))
    kept.append(rng.choice(options))
    return tuple(sorted(kept))


def _utc_label(offset: int) -> str:
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(abs(offset), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def entry_wikitext(person: Person, taxonomy: Taxonomy) -> str:
    """The ``{{Skills directory entry}}`` template for ``person`` (design.md section 2).

    Skills are written as their English labels, languages Babel-style (``en-N, fr-2``),
    the region by name. Some usernames with spaces are written with underscores, as
    editors do, so readers have something to normalise.
    """
    fields = [
        ("username", _written_username(person.username)),
        ("affiliation", person.affiliation),
        ("region", REGION_NAMES.get(person.region or "", "")),
        ("country", person.country),
        ("languages", ", ".join(_babel(language) for language in person.languages)),
        ("timezone", person.timezone or ""),
        ("share", "; ".join(_label(taxonomy, skill) for skill in person.shares)),
        ("learn", "; ".join(_label(taxonomy, skill) for skill in person.learns)),
        ("projects", ", ".join(person.projects)),
        ("capacity", str(person.capacity)),
        ("status", _status_text(person)),
        ("clinic", "yes" if person.clinic else ""),
        ("do_not_match", ", ".join(sorted(person.do_not_match))),
    ]
    lines = [f" | {name:<12} = {value}".rstrip() for name, value in fields if value]
    return "{{Skills directory entry\n" + "\n".join(lines) + "\n}}"


def _written_username(username: str) -> str:
    if " " in username and sum(map(ord, username)) % 7 == 0:
        return username.replace(" ", "_")
    return username


def _babel(language: Language) -> str:
    level = "N" if language.level == NATIVE else str(language.level)
    return f"{language.code}-{level}"


def _label(taxonomy: Taxonomy, skill_id: str) -> str:
    skill = taxonomy.get(skill_id)
    return skill.label if skill else skill_id


def _status_text(person: Person) -> str:
    if person.status is Status.AWAY and person.away_until is not None:
        return f"away until {person.away_until.isoformat()}"
    return person.status.value


def taxonomy_wikitext(taxonomy: Taxonomy) -> str:
    """The taxonomy page: one ``{{Skill}}`` template per skill, in taxonomy order."""
    return "\n".join(_skill_wikitext(skill) for skill in taxonomy.skills) + "\n"


def _skill_wikitext(skill: Skill) -> str:
    fields = [("id", skill.id), ("label", skill.label), ("aliases", "; ".join(skill.aliases))]
    fields.append(("area", skill.area))
    fields.extend((f"label_{lang}", skill.labels[lang]) for lang in sorted(skill.labels))
    fields.append(("description", skill.description))
    return "{{Skill " + " ".join(f"| {name} = {value}" for name, value in fields if value) + " }}"
