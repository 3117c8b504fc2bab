"""Reliability and security: the error hierarchy, bad input, injection, faults and load."""
