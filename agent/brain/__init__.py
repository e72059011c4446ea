"""Brains decide what the interviewer says next and how a session is graded."""
from .base import Brain, Decision, FollowUpContext

__all__ = ["Brain", "Decision", "FollowUpContext"]
