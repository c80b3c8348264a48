"""Sign-ups on the desk: listed, approved and discarded through the hub's own sign-up handlers
(:mod:`ctcourse.hub.authenticator`), with the trainer's token, so the hub checks the trainer's
right to approve and logs the trainer's name, as when they press the button on ``/hub/authorize``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

#: What a trainer may do to a sign-up from the desk, and the hub's route for each.
ACTIONS = {"approve": "authorize", "discard": "discard"}


@dataclass(frozen=True)
class Pending:
    """A sign-up nobody has approved yet."""

    name: str
    signed_up: datetime | None


class HubRefused(Exception):
    """The hub did not do what the desk asked: its status ``code`` (None if it did not answer)
    and the reason in one line."""

    def __init__(self, code: int | None, detail: str) -> None:
        super().__init__(f"{code} {detail}" if code else detail)
        self.code = code


def hub_pages_url(api_url: str) -> str:
    """``http://127.0.0.1:8081/hub/api`` → ``http://127.0.0.1:8081/hub``."""
    return api_url.rstrip("/").removesuffix("/api")


async def _call(url: str, token: str, body: dict[str, str] | None = None) -> dict:
    headers = {"Authorization": f"token {token}", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        request = HTTPRequest(
            url,
            method="GET" if body is None else "POST",
            body=None if body is None else urlencode(body),
            headers=headers,
            follow_redirects=False,
        )
        response = await AsyncHTTPClient().fetch(request)
        return json.loads(response.body)
    except HTTPClientError as exc:
        raise HubRefused(exc.code, exc.message) from exc
    except (OSError, ValueError) as exc:  # no hub there, or it answered no list
        raise HubRefused(None, str(exc) or type(exc).__name__) from exc


def _pending(answer: dict) -> list[Pending]:
    return [
        Pending(p["name"], datetime.fromisoformat(p["signed_up"]) if p["signed_up"] else None)
        for p in answer["sign_ups"]
        if not p["approved"]
    ]


async def pending(hub: str, token: str) -> list[Pending]:
    """The sign-ups waiting for approval, oldest first."""
    return _pending(await _call(f"{hub}/authorize", token))


async def act(hub: str, token: str, name: str, action: str) -> list[Pending]:
    """Approve or discard ``name``'s sign-up; returns the sign-ups still waiting."""
    path = f"{hub}/{ACTIONS[action]}/{quote(name, safe='')}"
    body = {"action": "approve"} if action == "approve" else {}
    return _pending(await _call(path, token, body))
