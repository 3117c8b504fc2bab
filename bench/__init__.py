"""The benchmark: riverorm against the raw drivers and its peers (see bench/README.md)."""
