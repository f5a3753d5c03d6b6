"""What the journal's services refuse, in words a person can read.

Services raise these, never HTTP answers: a view turns ``NotFound`` into a 404 and shows a
``Refused`` message with a 422, so the same rules serve pages, imports and commands alike.
"""


class JournalError(Exception):
    """A write the journal's rules do not make; ``str()`` is the sentence to show."""


class NotFound(JournalError):
    """Nothing of this person's to change: not theirs, or a day the journal has no page for."""


class Refused(JournalError):
    """A request the rules refuse: nothing was changed, and the message says why."""


class NeedsConfirmation(JournalError):
    """An amount that is saved only once the person confirms it (``journal.plausible``): a
    slip such as "99" bananas for "1". ``str()`` is the question ("... Save anyway?") and
    ``amount`` the number (grams or ml) that the confirm step sends back to save it."""

    def __init__(self, question: str, amount: float) -> None:
        super().__init__(question)
        self.question = question
        self.amount = round(amount, 1)
