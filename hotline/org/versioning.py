"""Moved to :mod:`hotline.org.policies` (one way to version a policy); kept as the old import path."""

from .policies import VersionError, history, in_force, version_append

__all__ = ["VersionError", "history", "in_force", "version_append"]
