from tocsin.sources.tests.loopback import allow_loopback, loopback

__all__ = ["allow_loopback", "loopback"]
