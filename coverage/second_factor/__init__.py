"""Desk accounts behind two factors.

Superusers, and the groups named by ``NEWSROOM_OTP_REQUIRED_GROUPS``, can change what
the public reads, so a stolen password alone must not open the admin to them. After
the password they prove the login with a code from an authenticator app (TOTP), or
with one of their one-time recovery codes; on their first login they enrol. The
devices, codes and throttling are django-otp's; this package decides who needs them
(``devices``), keeps the admin shut until the session is verified (``middleware``)
and draws the pages that ask for a code (``views``).
"""
