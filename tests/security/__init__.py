"""The security suite of issue #10: API fuzzing, escaping, roles, SSRF and XML bombs."""
