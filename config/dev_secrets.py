"""Fixed, public secrets for machines that hold no real data: development (DEBUG=1), the test
suite and the benchmarks. Production (DEBUG=0) never falls back to these: config/settings.py
refuses to start without its own SECRET_KEY, ID_ENCRYPTION_KEY and ID_HMAC_KEY."""

DEVELOPMENT_ONLY = {
    "SECRET_KEY": "dev-only-insecure-key-never-for-production-0123456789",
    # The key earlier versions derived from the development SECRET_KEY, so a development or
    # benchmark database seeded before keys were required keeps its readable ID numbers.
    "ID_ENCRYPTION_KEY": "nYqgtllr0_Q9XEgkLRV4GdiK4I7Y4yiizg4TzzN1rQA=",
    "ID_HMAC_KEY": "dev-only-id-hmac-key",
}
