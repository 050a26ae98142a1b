"""``tocsin collect``: collection in the foreground, for one source or every due one."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tocsin.mentions.models import Mention
from tocsin.sources.models import Source
from tocsin.sources.tests.loopback import Loopback, Reply
from tocsin.testing import Cast

RSS = b"""<rss version="2.0"><channel><title>t</title><item><guid>1</guid>
<title>Cabinet Alpha</title><description>Un article.</description></item></channel></rss>"""


@pytest.mark.usefixtures("allow_loopback")
def test_collect_command_runs_one_source(cast: Cast, loopback: Loopback) -> None:
    loopback.route("/f", Reply(200, RSS))
    source = Source.objects.create(firm=cast.firm_a, name="F", kind="rss", url=loopback.url("/f"))
    out = io.StringIO()
    call_command("collect", "--source", str(source.pk), stdout=out)
    assert f"{source.pk} F: 1 seen, 1 new" in out.getvalue()
    assert Mention.objects.for_firm(cast.firm_a).count() == 1


def test_collect_command_fails_loudly_for_a_failing_source(cast: Cast) -> None:
    source = Source.objects.create(firm=cast.firm_a, name="F", kind="rss", url="http://10.0.0.1/")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("collect", stdout=out)
    assert "FAILED address refused" in out.getvalue()
    source.refresh_from_db()
    assert source.consecutive_failures == 1
