"""Tests of ``riverorm generate``: golden files, the command line, and the quality of the output."""
