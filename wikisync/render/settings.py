"""Where the generated pages live and which language they are written in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wikisync.render.i18n import SUPPORTED_LANGUAGES
from wikisync.render.links import canonical_title, is_valid_title
from wikisync.settings import validate

_KEYS = (
    "prefix",
    "matches",
    "groups",
    "clinics",
    "skills",
    "statistics",
    "measurement",
    "problems",
    "status",
    "forms",
    "people",
    "shop_talks",
    "language",
    "split",
)


@dataclass(frozen=True, slots=True)
class PageSettings:
    """Titles of the generated pages and their content language.

    Subpage names (``matches``, ``groups`` …) are joined to ``prefix`` with ``/``; an empty
    prefix puts them at the top level. ``status`` is a full title in the bot's user space.
    ``forms`` holds the pages MediaWiki's ``preload`` fills the bot's links from;
    ``people`` names the person index below Matches; ``shop_talks`` the overview of the
    organisations' sessions, each session's page below it. ``search_box``, ``feedback`` and
    ``feedback_template`` are not read from this table: whether the wiki has the InputBox
    extension, and the feedback page (``sources.feedback``, empty: none) and template that
    the one-click answers of Matches add a line to, and ``answer_days`` is
    ``matching.answer_days``, which the pages and messages about released suggestions name.
    """

    prefix: str = "Let's Connect"
    matches: str = "Matches"
    groups: str = "Groups"
    clinics: str = "Learning clinics/Candidates"
    skills: str = "Skills"
    statistics: str = "Statistics"
    measurement: str = "Shared measurement"
    problems: str = "Directory problems"
    status: str = "User:WikisyncBot/Status"
    forms: str = "Forms"
    people: str = "By person"
    shop_talks: str = "Shop talks"
    language: str = "en"
    search_box: bool = False
    feedback: str = ""
    feedback_template: str = "Match feedback"
    answer_days: int = 21

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        path: str = "pages",
        bot_user: str = "WikisyncBot",
        search_box: bool = False,
        feedback: tuple[str, str] = ("", "Match feedback"),
        answer_days: int = 21,
    ) -> PageSettings:
        """Settings read from a configuration table, each title checked to be valid.

        ``bot_user`` names the account whose user space holds the default status page;
        ``search_box`` is whether the wiki can show one; ``feedback`` the feedback page
        and template.
        """
        validate.reject_unknown(data, _KEYS, path)
        defaults = cls(status=f"User:{bot_user}/Status")
        prefix = _title(data, "prefix", path, defaults.prefix, allow_empty=True)
        return cls(
            prefix=prefix,
            matches=_title(data, "matches", path, defaults.matches),
            groups=_title(data, "groups", path, defaults.groups),
            clinics=_title(data, "clinics", path, defaults.clinics),
            skills=_title(data, "skills", path, defaults.skills),
            statistics=_title(data, "statistics", path, defaults.statistics),
            measurement=_title(data, "measurement", path, defaults.measurement),
            problems=_title(data, "problems", path, defaults.problems),
            status=_title(data, "status", path, defaults.status),
            forms=_title(data, "forms", path, defaults.forms),
            people=_title(data, "people", path, defaults.people),
            shop_talks=_title(data, "shop_talks", path, defaults.shop_talks),
            language=validate.choice(
                data, "language", path, defaults.language, SUPPORTED_LANGUAGES
            ),
            search_box=search_box,
            feedback=feedback[0],
            feedback_template=feedback[1],
            answer_days=answer_days,
        )

    def title(self, subpage: str) -> str:
        """The full title of ``subpage`` under the prefix."""
        return f"{self.prefix}/{subpage}" if self.prefix else subpage

    @property
    def matches_title(self) -> str:
        """Title of the suggested-connections page."""
        return self.title(self.matches)

    @property
    def groups_title(self) -> str:
        """Title of the learning-groups page."""
        return self.title(self.groups)

    @property
    def clinics_title(self) -> str:
        """Title of the learning-clinic candidates page."""
        return self.title(self.clinics)

    @property
    def statistics_title(self) -> str:
        """Title of the statistics page."""
        return self.title(self.statistics)

    @property
    def measurement_title(self) -> str:
        """Title of the shared measurement page."""
        return self.title(self.measurement)

    @property
    def problems_title(self) -> str:
        """Title of the directory-problems page."""
        return self.title(self.problems)

    @property
    def answer_form_title(self) -> str:
        """Title of the form the one-click answers of Matches fill in."""
        return self.title(f"{self.forms}/Answer")

    @property
    def clinic_form_title(self) -> str:
        """Title of the form the "propose this clinic" links fill in."""
        return self.title(f"{self.forms}/Clinic proposal")

    @property
    def shop_talks_title(self) -> str:
        """Title of the shop-talk overview."""
        return self.title(self.shop_talks)

    def shop_talk_title(self, name: str) -> str:
        """Title of the page of a shop-talk session whose page name is ``name``."""
        return self.title(f"{self.shop_talks}/{name}")

    def skill_title(self, name: str) -> str:
        """Title of the resource page of a skill whose page name is ``name``."""
        return self.title(f"{self.skills}/{name}")


def _title(
    data: Mapping[str, Any], key: str, path: str, default: str, allow_empty: bool = False
) -> str:
    """A page title (or title part) setting, normalised and checked."""
    raw = validate.string(data, key, path, default)
    value = canonical_title(raw)
    if allow_empty and not value:
        return value
    if not is_valid_title(value):
        raise validate.bad_value(validate.join(path, key), raw, "a valid page title")
    return value
