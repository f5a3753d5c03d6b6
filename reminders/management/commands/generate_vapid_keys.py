"""Prints a new VAPID key pair for Web Push, as lines for .env."""

import base64
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand


def _base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_vapid_key_pair() -> tuple[str, str]:
    """(public, private): the public key as the browser's applicationServerKey takes it (an
    uncompressed P-256 point), the private key as its 32 raw bytes, both base64url."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = private_key.private_numbers().private_value.to_bytes(32, "big")
    return _base64url(public), _base64url(private)


class Command(BaseCommand):
    help = "Prints a new VAPID key pair for Web Push as VAPID_PUBLIC_KEY=… and VAPID_PRIVATE_KEY=…"

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = new_vapid_key_pair()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}")
