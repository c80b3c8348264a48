"""English sentences of the hub's upstream pages (JupyterHub 5's and NativeAuthenticator's
templates, their scripts and the messages their Python code puts into them) that must not be
left on the pages a Ukrainian cohort's people see."""

from __future__ import annotations

import re

FRAME = ["Logout", "Toggle dark mode", "Token", "Services", "Admin"]
ENGLISH: dict[str, list[str]] = {
    "home": ["Start My Server", "Stop My Server", "My Server", "Named Servers"],
    "login": [
        "Sign in",
        "Username:",
        "Password:",
        "Signup",
        "to create a new user",
        "Invalid username or password",
        "has not been authorized",
    ],
    "signup": [
        "Create User",
        "Username:",
        "Password:",
        "Confirm Password",
        "Login",
        "Your information has been sent to the admin",
        "Something went wrong",
        "username is already in use",
    ],
    "authorize": [
        "Sign-ups",
        "Approve the people",
        "Approved?",
        "Withdraw approval",
        "Approve",
        "Discard",
        "Name",
        "approved",
        "Yes",
        "No",
    ],
    "change-password": [
        "Change password for",
        "Please enter your current password",
        "Old password",
        "New password",
        "Confirm new password",
        "Change Password",
        "Your password has been changed successfully",
        "Your current password was incorrect",
    ],
    "token": [
        "Manage JupyterHub Tokens",
        "Note",
        "note to identify your new token",
        "This note will help you",
        "Token expires in",
        "You can configure when",
        "Permissions",
        "Request new API token",
        "Your new API Token",
        "Copy this token",
        "API Tokens",
        "These are tokens with access",
        "Last used",
        "Created",
        "Expires",
        "revoke",
        "Authorized Applications",
        "1 Hour",
        "1 Day",
        "1 Week",
        "Never",
        "a few seconds ago",
    ],
    "spawn-pending": [
        "Your server is starting up",
        "You will be redirected automatically",
        "Event log",
        "Complete",
        "Server requested",
        "Spawning server",
        "Server ready at",
    ],
    "not-running": [
        "Server not running",
        "Spawn failed",
        "is not running",
        "Would you like to start it",
        "Launch Server",
        "Relaunch",
    ],
    "error": [
        "Forbidden",
        "Not Found",
        "Jupyter has lots of moons",
        "Method Not Allowed",
        "Only trainers",
        "You can try restarting your server",
    ],
    "stop-pending": ["Your server is stopping", "You will be able to start it again", "refresh"],
    "logout": ["Successfully logged out"],
    "oauth": [
        "Authorize access",
        "An application is requesting",
        "would like permission",
        "This will grant the application permission to",
        "Authorize",
    ],
}


def english_left(text: str, page: str) -> list[str]:
    """The English strings of ``page`` (and of every page's frame) found in ``text``: whole
    words, so that "No" does not match inside a Ukrainian sentence's Latin name."""
    found = []
    for phrase in [*FRAME, *ENGLISH[page]]:
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
            found.append(phrase)
    return found
