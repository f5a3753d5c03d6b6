from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Caps passwords at a generous length: long passphrases are welcome, megabytes are not.

    Django has no upper bound of its own; without one, a huge password costs a hash of
    megabytes on every login attempt.
    """

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                "This password is too long. It may have at most %(max_length)d characters.",
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return f"Your password can be up to {self.max_length} characters long."
