"""Errors a client can cause, each with the `extensions.code` the API reports."""

from __future__ import annotations


class ClientError(Exception):
    code = "BAD_USER_INPUT"


class BadUserInput(ClientError):
    code = "BAD_USER_INPUT"
