"""Who may see what: the roles, the pages each role may open, and how a visitor gets a role.

Roles: coordinator (everything), partner (no fees, pseudonyms, scrubbed descriptions, masked small counts),
coach (only the intake page), demo (the bundled made-up data, open to anyone, everything visible).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(str, Enum):
    COORDINATOR = "coordinator"
    PARTNER = "partner"
    COACH = "coach"
    DEMO = "demo"


ROLE_LABEL = {Role.COORDINATOR: "Coördinator", Role.PARTNER: "Partner", Role.COACH: "Flatcoach", Role.DEMO: "Demo"}


@dataclass(frozen=True)
class PageDef:
    key: str
    path: str  # relative to the project root, as st.page_link wants it
    label: str
    icon: str
    roles: frozenset[Role]


_ALL = frozenset({Role.COORDINATOR, Role.PARTNER, Role.DEMO})
_COORD = frozenset({Role.COORDINATOR, Role.DEMO})
PAGES: tuple[PageDef, ...] = (
    PageDef("overzicht", "app.py", "Overzicht", ":material/dashboard:", _ALL),
    PageDef("uren", "pages/1_uren.py", "Uren & vergoedingen", ":material/schedule:", _COORD),
    PageDef("dekking", "pages/2_dekking.py", "Dekking per flat", ":material/calendar_month:", _ALL),
    PageDef("meldingen", "pages/3_meldingen.py", "Meldingen & kaart", ":material/map:", _ALL),
    PageDef("opvolging", "pages/4_opvolging.py", "Opvolging", ":material/task_alt:", _ALL),
    PageDef("budget", "pages/5_budget.py", "Budget", ":material/euro:", _ALL),
    PageDef("datakwaliteit", "pages/6_datakwaliteit.py", "Datakwaliteit", ":material/rule:", _COORD),
    PageDef("rapportage", "pages/7_rapportage.py", "Maandrapportage", ":material/description:", _COORD),
    PageDef("invoer", "pages/8_invoer.py", "Invoer", ":material/edit_note:",
            frozenset({Role.COORDINATOR, Role.COACH, Role.DEMO})),
)
PAGE = {p.key: p for p in PAGES}


def pages_for(role: Role) -> list[PageDef]:
    return [p for p in PAGES if role in p.roles]


@dataclass(frozen=True)
class Access:
    """The outcome of the door: a role, or a refusal with a Dutch sentence (then role is None)."""

    role: Role | None
    notice: str = ""  # shown at the top of each page (e.g. 'DEMO', 'lokaal bestand')
    refusal: str = ""
    who: str = ""  # e-mail of a logged-in user, for the page header; never a token

    @property
    def sees_names(self) -> bool:
        return self.role in (Role.COORDINATOR, Role.DEMO)


def decide(source_kind: str) -> Access:
    """Who gets in when no access is configured (tokens and login come with the access issue)."""
    if source_kind == "demo":
        return Access(Role.DEMO, notice="DEMO: verzonnen gegevens, alleen om het dashboard te laten zien.")
    if source_kind in ("xlsx", "csv"):
        return Access(Role.COORDINATOR, notice="Lokaal bestand zonder toegangsinstellingen: je ziet alles als coördinator.")
    return Access(None, refusal="Deze dashboardlink is niet ingesteld: vraag de coördinator om een persoonlijke link.")
