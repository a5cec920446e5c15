"""Errors a client can cause, each with the `extensions.code` the API reports."""

from __future__ import annotations

from typing import ClassVar


class ClientError(Exception):
    """The request's fault: its message reaches the client, with `code` as extensions.code."""

    code: ClassVar[str]


class BadUserInput(ClientError):
    code = "BAD_USER_INPUT"
