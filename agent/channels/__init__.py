"""Channels speak the interviewer's lines and capture the candidate's answers (all the I/O)."""
from .base import Channel, answer_from_turn, spoken_duration_s

__all__ = ["Channel", "answer_from_turn", "spoken_duration_s"]
