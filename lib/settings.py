"""The coordinator's settings (data/settings.toml): plan, budget defaults, allowance limits, cache time."""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SETTINGS_FILE = Path(__file__).resolve().parents[1] / "data" / "settings.toml"


@dataclass(frozen=True)
class Settings:
    raw: dict[str, Any]

    @property
    def cache_ttl(self) -> int:
        return int(self.raw["data"]["cache_ttl_seconds"])

    @property
    def plan_start(self) -> dt.date:
        return self.raw["plan"]["start"]

    @property
    def plan_end(self) -> dt.date:
        return self.raw["plan"]["end"]

    @property
    def plan_coach_hours(self) -> float:
        return float(self.raw["plan"]["coach_hours"])

    @property
    def budget_defaults(self) -> list[dict[str, Any]]:
        return list(self.raw["budget"]["default"])

    @property
    def coach_line_words(self) -> list[str]:
        return list(self.raw["budget"]["coach_line_words"])

    @property
    def org_line_words(self) -> list[str]:
        return list(self.raw["budget"]["org_line_words"])

    @property
    def allowance(self) -> dict[int, dict[str, float]]:
        return {int(a["year"]): a for a in self.raw["allowance"]}

    def hours(self, key: str) -> dt.time:
        return dt.time.fromisoformat(self.raw["hours"][key])

    @property
    def latitude(self) -> float:
        return float(self.raw["place"]["latitude"])

    @property
    def longitude(self) -> float:
        return float(self.raw["place"]["longitude"])


@lru_cache(maxsize=4)
def load(path: Path = SETTINGS_FILE) -> Settings:
    with open(path, "rb") as fh:
        return Settings(tomllib.load(fh))
