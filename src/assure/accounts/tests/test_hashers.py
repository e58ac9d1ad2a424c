from django.contrib.auth.hashers import Argon2PasswordHasher

from assure.accounts.hashers import LowPriorityArgon2PasswordHasher


def test_the_low_priority_hasher_makes_and_checks_ordinary_argon2_hashes():
    encoded = LowPriorityArgon2PasswordHasher().encode("correct horse", "saltsaltsalt")
    assert encoded.startswith("argon2$")
    assert Argon2PasswordHasher().verify("correct horse", encoded)
    assert LowPriorityArgon2PasswordHasher().verify("correct horse", encoded)
    assert not LowPriorityArgon2PasswordHasher().verify("wrong", encoded)
