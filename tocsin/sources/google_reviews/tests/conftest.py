from tocsin.sources.testing_servers import api_server
from tocsin.sources.tests.loopback import allow_loopback

__all__ = ["allow_loopback", "api_server"]
