"""Counts the requests a schemathesis run sent, from its VCR cassette, and fails under a minimum.

usage: count.py CASSETTE MINIMUM
"""

import sys

import yaml


def requests_in(cassette: dict) -> int:
    """Every interaction is one request; a stateful scenario records one per step."""
    return len(cassette.get("http_interactions") or [])


def main(argv: list[str]) -> int:
    path, minimum = argv[1], int(argv[2])
    with open(path, encoding="utf-8") as file:
        sent = requests_in(yaml.safe_load(file))
    print(f"fuzz: {sent} requests sent (at least {minimum} required) - {path}")
    return 0 if sent >= minimum else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
