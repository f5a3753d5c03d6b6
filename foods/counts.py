"""Counts as people say them: "1 food", "2 foods", "no portions". Plain Python."""


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with ``noun`` in the number it needs: 1 food, 0 foods, 2 portions."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
