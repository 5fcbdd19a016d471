"""Shared vocabulary for the permission matrix: each app's rows live in
tests/<app>/permission_rows.py as MATRIX (name → persona → status) and urls(world)."""

from tests.world import PERSONAS

ALL = PERSONAS
ANON = None
SEES_ALL = {"admin", "lead", "board"}  # whole-council readers of plans
PARKS_PEOPLE = {"head", "manager", "staff", "director", "ad"}


def expect(default: int, **overrides: int) -> dict:
    return {persona: overrides.get(persona, default) for persona in ALL} | {
        ANON: overrides.get("anon", 302)
    }


def allowed(who: set[str], otherwise: int) -> dict:
    return expect(otherwise, **dict.fromkeys(who, 200))
