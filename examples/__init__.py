"""Example applications of riverorm."""
