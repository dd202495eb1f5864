#!/usr/bin/env python3
"""Verifies a Pinhole webhook the way a receiver should.

  PINHOLE_WEBHOOK_SECRET=... verify-webhook-signature.py "<X-Pinhole-Signature>" BODY_FILE

Exit 0 and "valid" when the signature matches the raw body and is at most
5 minutes old; exit 1 otherwise. In a real receiver, run the same three steps
on the raw request body before parsing the JSON.
"""
import hashlib
import hmac
import os
import sys
import time

MAX_AGE_SECONDS = 300


def verify(secret: bytes, header: str, body: bytes, now: float) -> bool:
    # 1. Split "t=<unix seconds>,v1=<hex>".
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if "t" not in fields or "v1" not in fields:
        return False
    # 2. Recompute HMAC-SHA256 over "<t>.<raw body>" and compare in constant time.
    expected = hmac.new(secret, fields["t"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, fields["v1"]):
        return False
    # 3. Refuse old deliveries (replays).
    return abs(now - int(fields["t"])) <= MAX_AGE_SECONDS


if __name__ == "__main__":
    secret = os.environ.get("PINHOLE_WEBHOOK_SECRET", "").encode()
    with open(sys.argv[2], "rb") as f:
        body = f.read()
    ok = verify(secret, sys.argv[1], body, time.time())
    print("valid" if ok else "INVALID")
    sys.exit(0 if ok else 1)
