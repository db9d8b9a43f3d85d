"""Joining Ura: invite links, access requests, first use."""
