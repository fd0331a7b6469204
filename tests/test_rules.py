"""lib.access.may: what each role may see or do, written out as a table. A change of rule changes a row here.

Columns: coordinator, partner, coach, demo ('x' = may, '.' = may not)."""
from __future__ import annotations

import pytest

from lib import access
from lib.access import Role

ROLES = (Role.COORDINATOR, Role.PARTNER, Role.COACH, Role.DEMO)
EXPECTED = {
    #                          coord partner coach demo
    access.SEE_ALL:          ("x", ".", ".", "x"),
    access.SEE_NAMES:        ("x", ".", ".", "x"),
    access.SEE_SMALL_COUNTS: ("x", ".", ".", "x"),
    access.EDIT_ACTIONS:     ("x", ".", ".", "x"),
    access.RUN_MEETING:      ("x", ".", ".", "x"),
    access.SEE_DETAILS:      ("x", ".", ".", "."),
}
# Which roles open which page (lib.access.PAGES), the same way.
PAGES = {
    "overzicht":     ("x", "x", ".", "x"),
    "uren":          ("x", ".", ".", "x"),
    "dekking":       ("x", "x", ".", "x"),
    "meldingen":     ("x", "x", ".", "x"),
    "opvolging":     ("x", "x", ".", "x"),
    "budget":        ("x", "x", ".", "x"),
    "datakwaliteit": ("x", ".", ".", "x"),
    "rapportage":    ("x", ".", ".", "x"),
    "invoer":        ("x", ".", "x", "x"),
    "overleg":       ("x", "x", ".", "x"),
    "delen":         ("x", ".", ".", "x"),
    "controle":      ("x", ".", ".", "x"),
}


def test_every_action_is_in_the_table():
    assert set(EXPECTED) == set(access.RULES)


@pytest.mark.parametrize("action", list(EXPECTED))
def test_may(action):
    got = tuple("x" if access.may(r, action) else "." for r in ROLES)
    assert got == EXPECTED[action], action


@pytest.mark.parametrize("action", list(EXPECTED))
def test_may_takes_the_role_value_and_refuses_no_role(action):
    for r in ROLES:
        assert access.may(r.value, action) == access.may(r, action)
    assert access.may(None, action) is False
    assert access.may("stranger", action) is False


def test_an_unknown_action_fails_loudly():
    with pytest.raises(KeyError):
        access.may(Role.COORDINATOR, "see_everything")


def test_pages_per_role():
    assert set(PAGES) == set(access.PAGE)
    for key, row in PAGES.items():
        assert tuple("x" if r in access.PAGE[key].roles else "." for r in ROLES) == row, key


def test_access_asks_the_same_table():
    for r in ROLES:
        a = access.Access(r)
        assert a.sees_names == access.may(r, access.SEE_NAMES)
        assert all(a.may(act) == access.may(r, act) for act in access.RULES)
    assert access.Access(None).sees_names is False
