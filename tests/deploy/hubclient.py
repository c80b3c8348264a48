"""Talk to a running hub the way people and scripts do: forms for people, REST for scripts.

``Hub`` holds the admin service token (CTCOURSE_HUB_TOKEN) for the REST API; ``Person`` is a
logged-in browser-like session; ``ServerClient`` calls one user's server with a user token
(the Assignment List endpoints, the contents API, a kernel over its websocket).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import requests
import websocket

READY_SECONDS = 120.0
TIMEOUT = 120  # seconds per HTTP request (fetch and submit run nbgrader in the server)


@dataclass
class Hub:
    """A hub's public URL and the admin service's token."""

    url: str
    token: str

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        response = requests.request(
            method,
            f"{self.url}/hub/api{path}",
            headers={"Authorization": f"token {self.token}"},
            timeout=TIMEOUT,
            **kwargs,
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def start_server(self, name: str) -> float:
        """Start ``name``'s server and wait until it is ready; returns the seconds it took."""
        started = time.monotonic()
        response = requests.post(
            f"{self.url}/hub/api/users/{name}/server",
            headers={"Authorization": f"token {self.token}"},
            timeout=TIMEOUT,
        )
        if response.status_code not in (201, 202, 400):  # 400: already running
            response.raise_for_status()
        self.wait_ready(name)
        return time.monotonic() - started

    def wait_ready(self, name: str) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            server = self.api("GET", f"/users/{name}")["servers"].get("")
            if server and server.get("ready"):
                return
            time.sleep(0.3)
        raise TimeoutError(f"{name}'s server was not ready after {READY_SECONDS:.0f} s")

    def user_token(self, name: str, scopes: list[str] | None = None) -> str:
        body = {"note": "ctcourse test", "expires_in": 3600} | (
            {"scopes": scopes} if scopes else {}
        )
        return self.api("POST", f"/users/{name}/tokens", json=body)["token"]

    def server(self, name: str) -> ServerClient:
        return ServerClient(f"{self.url}/user/{name}", self.user_token(name))


class Person:
    """Someone using the hub's pages with a cookie session (sign up, log in, approve)."""

    def __init__(self, hub_url: str, name: str, password: str) -> None:
        self.hub_url, self.name, self.password = hub_url, name, password
        self.session = requests.Session()

    def _form(self, path: str, data: dict[str, str]) -> requests.Response:
        self.session.get(f"{self.hub_url}{path}", timeout=TIMEOUT).raise_for_status()
        xsrf = self.session.cookies.get("_xsrf", path="/hub/")
        return self.session.post(
            f"{self.hub_url}{path}", data=data | {"_xsrf": xsrf}, timeout=TIMEOUT
        )

    def sign_up(self) -> str:
        """Fill the sign-up form; returns the page's text (it says whether approval is needed)."""
        response = self._form(
            "/hub/signup",
            {
                "username": self.name,
                "signup_password": self.password,
                "signup_password_confirmation": self.password,
            },
        )
        response.raise_for_status()
        response.encoding = "utf-8"  # the page says so in <meta charset>; the hub's header does not
        return response.text

    def log_in(self) -> bool:
        """Submit the login form; True if the hub accepted it."""
        response = self._form(
            "/hub/login?next=/hub/home",
            {"username": self.name, "password": self.password},
        )
        return response.ok and self.session.cookies.get("jupyterhub-session-id") is not None

    def get(self, path: str) -> requests.Response:
        return self.session.get(f"{self.hub_url}{path}", timeout=TIMEOUT, allow_redirects=True)

    def post(self, path: str, data: dict[str, str], xsrf: bool = True) -> requests.Response:
        """A form posted from the hub's pages (with the session's XSRF token, unless told not)."""
        self.session.get(f"{self.hub_url}/hub/home", timeout=TIMEOUT).raise_for_status()
        token = self.session.cookies.get("_xsrf", path="/hub/") if xsrf else None
        return self.session.post(
            f"{self.hub_url}{path}", data=data | ({"_xsrf": token} if token else {}),
            timeout=TIMEOUT, allow_redirects=False,
        )  # fmt: skip

    def approve(self, name: str, action: str = "approve") -> requests.Response:
        """Press Approve (or Withdraw approval, ``action="revoke"``) at /hub/authorize."""
        return self.post(f"/hub/authorize/{name}", {"action": action})


@dataclass
class ServerClient:
    """One user's Jupyter server, called with a token (as the Lab's own requests are)."""

    base: str  # e.g. http://127.0.0.1:8000/user/alice
    token: str

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(
            method, f"{self.base}{path}", headers=headers, timeout=TIMEOUT, **kwargs
        )

    def assignments(self, course_id: str) -> list[dict]:
        """The Assignment List's view: released, fetched and submitted modules."""
        return self._result(self.request("GET", "/assignments", params={"course_id": course_id}))

    def act(self, action: str, course_id: str, module: str) -> list[dict] | dict:
        """Press Fetch or Submit in the Assignment List (POST /assignments/<action>)."""
        data = {"course_id": course_id, "assignment_id": module}
        response = self.request("POST", f"/assignments/{action}", data=data)
        response.raise_for_status()
        return response.json()

    def put_text(self, path: str, text: str) -> None:
        body = {"type": "file", "format": "text", "content": text}
        self.request("PUT", f"/api/contents/{path}", json=body).raise_for_status()

    def get_text(self, path: str) -> requests.Response:
        return self.request("GET", f"/api/contents/{path}", params={"format": "text"})

    def run_code(self, code: str, timeout: float = 300.0) -> str:
        """Run ``code`` in a new kernel of this server; returns its printed output."""
        kernel = self.request("POST", "/api/kernels", json={"name": "python3"})
        kernel.raise_for_status()
        kernel_id = kernel.json()["id"]
        try:
            return execute(self.base.replace("http", "ws", 1), kernel_id, self.token, code, timeout)
        finally:
            self.request("DELETE", f"/api/kernels/{kernel_id}")

    @staticmethod
    def _result(response: requests.Response) -> list[dict]:
        response.raise_for_status()
        body = response.json()
        assert body["success"], body.get("value")
        return body["value"]


def execute(ws_base: str, kernel_id: str, token: str, code: str, timeout: float) -> str:
    socket = websocket.create_connection(
        f"{ws_base}/api/kernels/{kernel_id}/channels",
        header=[f"Authorization: token {token}"],
        timeout=timeout,
    )
    msg_id = uuid.uuid4().hex
    socket.send(
        json.dumps(
            {
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": msg_id,
                           "username": "test", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": code, "silent": False, "store_history": False,
                            "user_expressions": {}, "allow_stdin": False},
            }
        )
    )  # fmt: skip
    output: list[str] = []
    try:
        while True:
            message = json.loads(socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                output.append(content["text"])
            elif kind == "error":
                output.append("\n".join(content["traceback"]))
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(output)
    finally:
        socket.close()
