"""Checks of the firm's website: TLS, certificate, HTTPS redirect, security headers and
security.txt (RFC 9116).

Every HTTP request goes through :mod:`tocsin.lib.safe_http` (the firm types the address, so
it is user input). The TLS handshake details that httpx does not expose (protocol version,
certificate dates) come from our own connection to the address ``safe_http.vet()`` chose,
so a name that resolves somewhere private is refused here as well.
"""

from __future__ import annotations

import socket
import ssl
import warnings
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx
from cryptography import x509

from tocsin.lib import safe_http
from tocsin.preparedness.findings import FAIL, PASS, WARN, CheckConfig, Finding, texts

HSTS_MIN_SECONDS = 180 * 24 * 3600  # ANSSI and browsers' preload list ask for six months


def https_url(website: str, config: CheckConfig) -> httpx.URL:
    url = httpx.URL(website if "://" in website else f"https://{website}")
    port = url.port if url.scheme == "https" and url.port else config.https_port
    return url.copy_with(scheme="https", port=None if port == 443 else port, path="/", query=None)


def _contexts(config: CheckConfig) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A verifying context (the truth a browser sees) and a permissive one (to read the
    certificate and the protocol even when the verifying handshake fails)."""
    verified = ssl.create_default_context(cafile=config.ca_file)
    loose = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    loose.check_hostname = False
    loose.verify_mode = ssl.CERT_NONE
    try:  # also speak the old protocols, so that an old server is reported, not missed
        loose.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        loose.set_ciphers("DEFAULT:@SECLEVEL=0")
    except (ValueError, ssl.SSLError):
        pass
    return verified, loose


def _handshake(
    address: str, port: int, name: str, context: ssl.SSLContext, timeout: float
) -> tuple[str | None, bytes | None]:
    with (
        socket.create_connection((address, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=name) as tls,
    ):
        return tls.version(), tls.getpeercert(binary_form=True)


def _accepts_obsolete(address: str, port: int, name: str, config: CheckConfig) -> bool:
    """Whether the server still agrees to TLS 1.1 or older when a client asks for it: the
    negotiated version only shows the best the server speaks, a downgrade needs the worst."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # naming old versions warns
        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.check_hostname = False
        old.verify_mode = ssl.CERT_NONE
        try:
            old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            old.maximum_version = ssl.TLSVersion.TLSv1_1
            old.set_ciphers("DEFAULT:@SECLEVEL=0")
        except (ValueError, ssl.SSLError):
            return False  # this OpenSSL cannot speak them: we cannot tell
    try:
        _handshake(address, port, name, old, config.timeout)
    except (OSError, ssl.SSLError):
        return False
    return True


TLS_TITLE = texts("Version de TLS", "TLS version")
CERT_TITLE = texts("Certificat du site", "Site certificate")


def check_tls(url: httpx.URL, config: CheckConfig, now: datetime) -> list[Finding]:
    """The protocol version and the certificate: trusted, for this name, not near expiry."""
    try:
        target = safe_http.vet(str(url))
    except safe_http.FetchError as exc:
        return [_unreachable("tls_version", TLS_TITLE, str(exc))]
    port = url.port or 443
    verified, loose = _contexts(config)
    try:
        version, der = _handshake(target.address, port, target.name, loose, config.timeout)
    except (OSError, ssl.SSLError) as exc:
        return [_unreachable("tls_version", TLS_TITLE, str(exc))]
    if version in ("TLSv1.3", "TLSv1.2") and _accepts_obsolete(
        target.address, port, target.name, config
    ):
        version = "TLSv1.1"  # the best is fine, but an attacker can ask for the worst
    findings = [_version_finding(version)]
    trust_error = ""
    try:
        _handshake(target.address, port, target.name, verified, config.timeout)
    except ssl.SSLCertVerificationError as exc:
        trust_error = exc.verify_message or str(exc)
    except (OSError, ssl.SSLError) as exc:
        trust_error = str(exc)
    findings.append(_certificate_finding(der, trust_error, now, config.near_expiry_days))
    return findings


def _version_finding(version: str | None) -> Finding:
    if version in ("TLSv1.3", "TLSv1.2"):
        return Finding(
            "tls_version",
            PASS,
            4,
            1,
            TLS_TITLE,
            texts(f"Le site utilise {version}.", f"The site uses {version}."),
            detail=version or "",
        )
    return Finding(
        "tls_version",
        FAIL,
        4,
        1,
        TLS_TITLE,
        texts(
            f"Le site accepte {version}, un protocole obsolète que l'ANSSI déconseille : les échanges peuvent être déchiffrés.",
            f"The site accepts {version}, an obsolete protocol ANSSI advises against: traffic may be decrypted.",
        ),
        texts(
            "Demandez à votre hébergeur de n'accepter que TLS 1.2 et TLS 1.3.",
            "Ask your host to accept only TLS 1.2 and TLS 1.3.",
        ),
        detail=version or "",
    )


def _certificate_finding(
    der: bytes | None, trust_error: str, now: datetime, near_days: int
) -> Finding:
    renew = texts(
        "Renouvelez le certificat et automatisez son renouvellement (Let's Encrypt / ACME, ou l'option de votre hébergeur).",
        "Renew the certificate and automate renewal (Let's Encrypt / ACME, or your host's option).",
    )
    if der is None:
        return Finding(
            "tls_certificate",
            FAIL,
            5,
            1,
            CERT_TITLE,
            texts("Le site ne présente aucun certificat.", "The site presents no certificate."),
            renew,
        )
    cert = x509.load_der_x509_certificate(der)
    expires = cert.not_valid_after_utc
    shown = expires.strftime("%Y-%m-%d")
    if expires <= now:
        return Finding(
            "tls_certificate",
            FAIL,
            5,
            1,
            CERT_TITLE,
            texts(
                f"Le certificat a expiré le {shown} : les navigateurs affichent une alerte de sécurité aux clients.",
                f"The certificate expired on {shown}: browsers show clients a security warning.",
            ),
            renew,
            detail=f"notAfter={expires.isoformat()}",
        )
    if trust_error:
        return Finding(
            "tls_certificate",
            FAIL,
            5,
            1,
            CERT_TITLE,
            texts(
                "Le certificat n'est pas reconnu par les navigateurs (émetteur inconnu ou nom différent) : les clients voient une alerte.",
                "Browsers do not trust the certificate (unknown issuer or wrong name): clients see a warning.",
            ),
            texts(
                "Installez un certificat émis par une autorité reconnue pour le nom exact du site, avec sa chaîne complète.",
                "Install a certificate from a recognised authority for the site's exact name, with its full chain.",
            ),
            detail=trust_error,
        )
    if expires - now < timedelta(days=near_days):
        days = (expires - now).days
        return Finding(
            "tls_certificate",
            WARN,
            5,
            1,
            CERT_TITLE,
            texts(
                f"Le certificat expire dans {days} jours ({shown}).",
                f"The certificate expires in {days} days ({shown}).",
            ),
            renew,
            detail=f"notAfter={expires.isoformat()}",
        )
    return Finding(
        "tls_certificate",
        PASS,
        5,
        1,
        CERT_TITLE,
        texts(f"Certificat valide jusqu'au {shown}.", f"Certificate valid until {shown}."),
        detail=f"notAfter={expires.isoformat()}",
    )


def _unreachable(key: str, title: dict[str, str], error: str) -> Finding:
    return Finding(
        key,
        FAIL,
        4,
        1,
        title,
        texts(
            "Le site n'a pas pu être joint en HTTPS : les clients ne peuvent pas y accéder de façon sûre.",
            "The site could not be reached over HTTPS: clients cannot reach it safely.",
        ),
        texts(
            "Vérifiez l'adresse du site dans l'audit, puis demandez à votre hébergeur d'activer HTTPS.",
            "Check the site address in the audit, then ask your host to turn on HTTPS.",
        ),
        detail=error[:300],
    )


REDIRECT_TITLE = texts("Redirection vers HTTPS", "Redirect to HTTPS")


def check_redirect(url: httpx.URL, config: CheckConfig) -> Finding:
    """A visitor who types the bare name lands on http://; they must be sent to https://."""
    plain = url.copy_with(scheme="http", port=None if config.http_port == 80 else config.http_port)
    fix = texts(
        "Configurez une redirection permanente (301) de http:// vers https:// pour toutes les pages.",
        "Set up a permanent (301) redirect from http:// to https:// for every page.",
    )
    try:
        # Trust is the certificate check's business: here we only want where we land.
        fetched = safe_http.fetch(str(plain), verify=False, deadline=config.timeout * 2)
    except safe_http.FetchError as exc:
        return Finding(
            "https_redirect",
            WARN,
            2,
            1,
            REDIRECT_TITLE,
            texts(
                "Le site ne répond pas en http:// : un visiteur qui tape l'adresse sans https risque de ne rien trouver.",
                "The site does not answer on http://: a visitor typing the address without https may find nothing.",
            ),
            fix,
            detail=str(exc)[:300],
        )
    if fetched.url.startswith("https://"):
        return Finding(
            "https_redirect",
            PASS,
            3,
            1,
            REDIRECT_TITLE,
            texts("http:// redirige vers https://.", "http:// redirects to https://."),
            detail=" → ".join([str(plain), *fetched.redirects]),
        )
    return Finding(
        "https_redirect",
        FAIL,
        3,
        1,
        REDIRECT_TITLE,
        texts(
            "Le site est servi en clair (http://) sans redirection : les formulaires et identifiants peuvent être interceptés.",
            "The site is served in clear (http://) without a redirect: forms and credentials can be intercepted.",
        ),
        fix,
        detail=fetched.url,
    )


def _header_findings(headers: httpx.Headers) -> list[Finding]:
    out: list[Finding] = []
    hsts = headers.get("strict-transport-security", "")
    hsts_title = texts("En-tête HSTS", "HSTS header")
    hsts_fix = texts(
        "Ajoutez l'en-tête « Strict-Transport-Security: max-age=31536000; includeSubDomains » (une ligne dans la configuration du serveur ou de l'hébergeur).",
        'Add the header "Strict-Transport-Security: max-age=31536000; includeSubDomains" (one line in the server or host configuration).',
    )
    max_age = 0
    for part in hsts.split(";"):
        k, _, v = part.strip().partition("=")
        if k.lower() == "max-age" and v.strip().strip('"').isdigit():
            max_age = int(v.strip().strip('"'))
    if not hsts:
        out.append(
            Finding(
                "hsts",
                FAIL,
                3,
                1,
                hsts_title,
                texts(
                    "Pas d'en-tête HSTS : un attaquant sur le même Wi-Fi peut forcer un client vers une version non chiffrée du site.",
                    "No HSTS header: an attacker on the same Wi-Fi can push a client to an unencrypted version of the site.",
                ),
                hsts_fix,
            )
        )
    elif max_age < HSTS_MIN_SECONDS:
        out.append(
            Finding(
                "hsts",
                WARN,
                3,
                1,
                hsts_title,
                texts(
                    "HSTS est présent mais sa durée est inférieure à six mois.",
                    "HSTS is present but lasts less than six months.",
                ),
                hsts_fix,
                detail=hsts,
            )
        )
    else:
        out.append(
            Finding("hsts", PASS, 3, 1, hsts_title, texts("HSTS actif.", "HSTS on."), detail=hsts)
        )
    csp = headers.get("content-security-policy", "")
    out.append(
        _present(
            "csp",
            bool(csp),
            2,
            2,
            texts("Politique de sécurité du contenu (CSP)", "Content Security Policy (CSP)"),
            texts(
                "Pas de CSP : un script injecté dans le site (formulaire de contact, extension) pourrait voler les saisies des clients.",
                "No CSP: a script injected into the site (contact form, plugin) could steal what clients type.",
            ),
            texts(
                "Ajoutez un en-tête Content-Security-Policy, en commençant par « default-src 'self' » puis en autorisant ce dont le site a besoin.",
                "Add a Content-Security-Policy header, starting from \"default-src 'self'\" and allowing what the site needs.",
            ),
            csp,
        )
    )
    xfo = headers.get("x-frame-options", "")
    framing = bool(xfo) or "frame-ancestors" in csp.lower()
    out.append(
        _present(
            "x_frame_options",
            framing,
            2,
            1,
            texts(
                "Protection contre l'intégration (X-Frame-Options)",
                "Framing protection (X-Frame-Options)",
            ),
            texts(
                "Le site peut être intégré dans une page piégée (clickjacking).",
                "The site can be embedded in a trap page (clickjacking).",
            ),
            texts(
                "Ajoutez « X-Frame-Options: DENY » (ou « frame-ancestors 'none' » dans la CSP).",
                'Add "X-Frame-Options: DENY" (or "frame-ancestors \'none\'" in the CSP).',
            ),
            xfo,
        )
    )
    nosniff = headers.get("x-content-type-options", "").strip().lower() == "nosniff"
    out.append(
        _present(
            "x_content_type_options",
            nosniff,
            1,
            1,
            texts("En-tête X-Content-Type-Options", "X-Content-Type-Options header"),
            texts(
                "Sans « nosniff », un navigateur peut exécuter un fichier déposé comme s'il était un script.",
                'Without "nosniff", a browser may run an uploaded file as if it were a script.',
            ),
            texts(
                "Ajoutez « X-Content-Type-Options: nosniff ».",
                'Add "X-Content-Type-Options: nosniff".',
            ),
            headers.get("x-content-type-options", ""),
        )
    )
    referrer = headers.get("referrer-policy", "")
    out.append(
        _present(
            "referrer_policy",
            bool(referrer) and referrer.strip().lower() != "unsafe-url",
            1,
            1,
            texts("Politique de référent (Referrer-Policy)", "Referrer-Policy"),
            texts(
                "Les adresses des pages du site (parfois avec des paramètres) partent vers les sites liés.",
                "The addresses of the site's pages (sometimes with parameters) leak to linked sites.",
            ),
            texts(
                "Ajoutez « Referrer-Policy: strict-origin-when-cross-origin ».",
                'Add "Referrer-Policy: strict-origin-when-cross-origin".',
            ),
            referrer,
        )
    )
    return out


def _present(
    key: str,
    ok: bool,
    risk: int,
    effort: int,
    title: dict[str, str],
    missing: dict[str, str],
    fix: dict[str, str],
    value: str,
) -> Finding:
    if ok:
        return Finding(key, PASS, risk, effort, title, texts("Présent.", "Present."), detail=value)
    return Finding(key, WARN, risk, effort, title, missing, fix, detail=value)


SECURITY_TXT_TITLE = texts("Fichier security.txt", "security.txt file")


def _security_txt(body: str, now: datetime) -> Finding:
    fields: dict[str, str] = {}
    for line in body.splitlines():
        name, sep, value = line.partition(":")
        if sep and not line.startswith("#"):
            fields.setdefault(name.strip().lower(), value.strip())
    fix = texts(
        "Publiez /.well-known/security.txt avec au moins « Contact: mailto:securite@… » et « Expires: » (date à moins d'un an), selon la RFC 9116.",
        'Publish /.well-known/security.txt with at least "Contact: mailto:security@…" and "Expires:" (a date within a year), per RFC 9116.',
    )
    if "contact" not in fields or "expires" not in fields:
        return Finding(
            "security_txt",
            WARN,
            1,
            1,
            SECURITY_TXT_TITLE,
            texts(
                "security.txt est incomplet : les champs Contact et Expires sont obligatoires.",
                "security.txt is incomplete: the Contact and Expires fields are required.",
            ),
            fix,
        )
    try:
        expires = datetime.fromisoformat(fields["expires"].replace("Z", "+00:00"))
    except ValueError:
        try:
            expires = parsedate_to_datetime(fields["expires"])
        except (TypeError, ValueError):
            expires = now
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    if expires <= now:
        return Finding(
            "security_txt",
            WARN,
            1,
            1,
            SECURITY_TXT_TITLE,
            texts(
                "security.txt a expiré : les chercheurs ne savent plus si le contact est valable.",
                "security.txt has expired: researchers cannot tell whether the contact still holds.",
            ),
            fix,
            detail=fields["expires"],
        )
    return Finding(
        "security_txt",
        PASS,
        1,
        1,
        SECURITY_TXT_TITLE,
        texts(
            "security.txt publié : on sait qui prévenir d'une faille.",
            "security.txt published: people know whom to tell about a flaw.",
        ),
        detail=f"Contact: {fields['contact']}; Expires: {fields['expires']}",
    )


def check_site(website: str, config: CheckConfig, now: datetime | None = None) -> list[Finding]:
    """Every website check, in the order a reader would fix them."""
    now = now or datetime.now(UTC)
    url = https_url(website, config)
    findings = check_tls(url, config, now)
    findings.append(check_redirect(url, config))
    verified, _ = _contexts(config)
    page: safe_http.Fetched | None = None
    for verify in (verified, False):
        try:
            # A distrusted certificate is already reported: still read the headers.
            page = safe_http.fetch(str(url), verify=verify, deadline=config.timeout * 2)
            break
        except safe_http.FetchError:
            continue
    if page is None:
        findings.append(
            _unreachable("security_headers", texts("En-têtes de sécurité", "Security headers"), "")
        )
        return findings
    findings.extend(_header_findings(page.headers))
    try:
        txt = safe_http.fetch(
            str(url.join("/.well-known/security.txt")),
            verify=False,
            deadline=config.timeout * 2,
            max_bytes=64 * 1024,
        )
    except safe_http.FetchError as exc:
        txt = None
        error = str(exc)
    if txt is not None and txt.status == 200:
        findings.append(_security_txt(txt.content.decode("utf-8", "replace"), now))
    else:
        findings.append(
            Finding(
                "security_txt",
                WARN,
                1,
                1,
                SECURITY_TXT_TITLE,
                texts(
                    "Pas de security.txt : quelqu'un qui découvre une faille sur le site ne sait pas qui prévenir.",
                    "No security.txt: someone who finds a flaw on the site does not know whom to tell.",
                ),
                texts(
                    "Publiez /.well-known/security.txt avec « Contact: » et « Expires: » (RFC 9116).",
                    'Publish /.well-known/security.txt with "Contact:" and "Expires:" (RFC 9116).',
                ),
                detail=f"HTTP {txt.status}" if txt is not None else error[:300],
            )
        )
    return findings
