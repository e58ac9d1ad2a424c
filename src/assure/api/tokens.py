"""Making and recognising token secrets. The secret is shown once; only its digest is kept."""

import hashlib
import secrets

#: Every secret starts so, which lets secret scanners and people recognise one.
SCHEME = "assure_"
#: How many characters of the secret the token list shows to tell tokens apart.
PREFIX_LENGTH = len(SCHEME) + 6
#: Longer than any secret we issue (7 + 43 characters); anything longer is refused unread.
MAX_SECRET_LENGTH = 100


def new_secret() -> str:
    return SCHEME + secrets.token_urlsafe(32)  # 256 bits


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def prefix(secret: str) -> str:
    return secret[:PREFIX_LENGTH]


def looks_like_secret(value: str) -> bool:
    return value.startswith(SCHEME) and len(value) <= MAX_SECRET_LENGTH
