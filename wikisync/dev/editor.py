"""A plain HTTP client that edits the development wiki the way a person would.

It loads local files onto the wiki and, in tests, makes the "human" edits the bot has to
respect (an edit between the bot's read and write, text around the markers). It is kept
apart from pywikibot on purpose: pywikibot shares one cookie jar per process, so a second
account through it would log the bot out.
"""

from __future__ import annotations

from typing import Any

import requests
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from wikisync.errors import LoginFailedError, WikiError

_transient = retry(
    retry=retry_if_exception_type(requests.ConnectionError),
    stop=stop_after_attempt(4),
    wait=wait_exponential(multiplier=0.2, max=2),
    reraise=True,
)


class Editor:
    """A logged-in editor account, by BotPassword, over plain ``requests``."""

    def __init__(self, api: str, user: str, app: str, secret: str, timeout: float = 30) -> None:
        self.api = api
        self.user = user
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "wikisync-devwiki-editor"
        self._login(f"{user}@{app}", secret)
        self.token = str(self._get(action="query", meta="tokens")["query"]["tokens"]["csrftoken"])

    def edit(self, title: str, text: str, summary: str = "", **extra: Any) -> dict[str, Any]:
        """Save ``text`` to ``title``; returns the API's ``edit`` result (raises if refused)."""
        params = {"action": "edit", "title": title, "text": text, "summary": summary}
        result = self._post(**params, **extra, token=self.token)
        return dict(result["edit"])

    def delete(self, title: str, reason: str = "") -> None:
        """Delete a page."""
        self._post(action="delete", title=title, reason=reason, token=self.token)

    def text(self, title: str) -> str | None:
        """The current text of a page, or None when it does not exist."""
        result = self._get(
            action="query", prop="revisions", titles=title, rvprop="content", rvslots="main"
        )
        page = result["query"]["pages"][0]
        if page.get("missing"):
            return None
        return str(page["revisions"][0]["slots"]["main"]["content"])

    def _login(self, name: str, secret: str) -> None:
        token = self._get(action="query", meta="tokens", type="login")["query"]["tokens"]
        result = self._post(
            action="login", lgname=name, lgpassword=secret, lgtoken=token["logintoken"]
        )["login"]
        if result.get("result") != "Success":
            raise LoginFailedError(f"{self.api}: login of {name!r} refused: {result.get('reason')}")

    @_transient
    def _get(self, **params: Any) -> dict[str, Any]:
        response = self.session.get(
            self.api, params=self._with_format(params), timeout=self.timeout
        )
        return self._checked(response)

    @_transient
    def _post(self, **params: Any) -> dict[str, Any]:
        response = self.session.post(self.api, data=self._with_format(params), timeout=self.timeout)
        return self._checked(response)

    @staticmethod
    def _with_format(params: dict[str, Any]) -> dict[str, Any]:
        return {**params, "format": "json", "formatversion": "2"}

    @staticmethod
    def _checked(response: requests.Response) -> dict[str, Any]:
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        if "error" in data:
            error = data["error"]
            raise WikiError(f"API error {error.get('code')}: {error.get('info')}")
        return data
