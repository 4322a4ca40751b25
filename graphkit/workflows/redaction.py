"""Redaction policies: what an FtM package for a partner agency leaves out or pseudonymises.

A policy is data (TOML, docs/exchange.md; the default is ``graphkit/redaction.toml``): which
node kinds and sides (domestic, foreign, unknown) are shared under a keyed pseudonym, which
properties are dropped from every entity, how coarse dates are, and where the pseudonym key
is kept (an environment variable or a key file, never the policy or the code). Pseudonyms are
HMAC-SHA256 of the node id under that key, so two packages of one case use the same
pseudonym and nobody without the key can reverse one.

>>> policy = load_policy(None)
>>> policy.kinds, policy.sides, policy.precision
(('Person',), ('domestic', 'unknown'), 'month')
>>> policy.coarse_date("2024-05-17"), policy.coarse_date("2016-05-17T17:51:22Z"), policy.coarse_date("2024")
('2024-05', '2016-05', '2024')
>>> keyed = Pseudonyms(b"agency secret")
>>> keyed.node_id("person-1e33a041c1969e6e68a8") == Pseudonyms(b"agency secret").node_id("person-1e33a041c1969e6e68a8")
True
>>> keyed.node_id("person-1e33a041c1969e6e68a8") == Pseudonyms(b"other key").node_id("person-1e33a041c1969e6e68a8")
False
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from graphkit import schema
from graphkit.errors import InputError, SchemaError

SIDES = ("domestic", "foreign", "unknown")
PRECISIONS = {"day": 10, "month": 7, "year": 4}
DEFAULT_POLICY = "default"
"""What ``--redact`` takes for the policy shipped with graphkit."""


class PolicyError(InputError):
    """A redaction policy that cannot be used: malformed, or its key cannot be found."""


@dataclass(frozen=True)
class RedactionPolicy:
    """A redaction policy as read (see the module docstring and ``graphkit/redaction.toml``)."""

    source: str
    kinds: tuple[str, ...] = ()
    sides: tuple[str, ...] = SIDES
    drop: tuple[str, ...] = ()
    precision: str = "day"
    key_env: str | None = None
    key_file: Path | None = None
    text_sha256: str = ""

    def side(self, properties: dict[str, Any]) -> str:
        """``domestic``, ``foreign`` or ``unknown`` for a node's ``foreign`` flag."""
        flag = properties.get("foreign")
        return "unknown" if flag is None else "foreign" if flag else "domestic"

    def pseudonymises(self, kind: str, properties: dict[str, Any]) -> bool:
        """Whether a node of ``kind`` with these properties goes out under a pseudonym."""
        return kind in self.kinds and self.side(properties) in self.sides

    def coarse_date(self, iso: str) -> str:
        """An ISO date (any precision, or a datetime) no finer than the policy's precision."""
        return iso[:PRECISIONS[self.precision]] if self.precision != "day" else iso[:10] if "T" in iso else iso

    def rules(self) -> dict[str, str]:
        """Each rule in words, by name (what the package manifest cites)."""
        return {
            "pseudonymise": (f"nodes of kind {', '.join(self.kinds) or '(none)'} on the "
                             f"{', '.join(self.sides)} side(s) go out under a keyed pseudonym "
                             "(HMAC-SHA256); their names, aliases and every property but the country stay home"),
            "drop": f"properties left out of every entity: {', '.join(self.drop) or '(none)'}",
            "dates": f"dates no finer than the {self.precision}",
            "mentions": "text that mentions a pseudonymised or dropped value is withheld",
        }

    def key(self) -> bytes:
        """The pseudonym key: from the environment variable, else the key file.

        PolicyError, naming both places, when neither holds one (never the key itself)."""
        if self.key_env and os.environ.get(self.key_env, "").strip():
            return os.environ[self.key_env].strip().encode("utf-8")
        if self.key_file is not None:
            try:
                data = self.key_file.read_bytes().strip()
            except OSError as err:
                raise PolicyError(f"the pseudonym key file cannot be read ({err.strerror})",
                                  file=str(self.key_file)) from None
            if data:
                return data
        places = [f"the environment variable {self.key_env}" if self.key_env else None,
                  f"the key file {self.key_file}" if self.key_file else None]
        raise PolicyError(
            "no pseudonym key: set " + " or ".join(p for p in places if p) + " (the key your agency keeps; "
            "it is never written in the policy, the package or a log)" if any(places) else
            "the policy names no place for the pseudonym key: give [key] env or file", file=self.source)


def load_policy(path: str | Path | None) -> RedactionPolicy:
    """Read a redaction policy (``None`` or ``"default"``: the one shipped with graphkit).

    PolicyError for a malformed policy: an unknown kind, side, precision or key.
    """
    if path is None or str(path) == DEFAULT_POLICY:
        text = resources.files("graphkit").joinpath("redaction.toml").read_text(encoding="utf-8")
        source, base = "graphkit/redaction.toml", Path.cwd()
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise PolicyError(f"cannot read the redaction policy ({err.strerror})", file=str(path)) from None
        source, base = str(path), Path(path).resolve().parent
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise PolicyError(f"not a TOML file: {err}", file=source) from None
    unknown = set(data) - {"pseudonymise", "drop", "dates", "key"}
    if unknown:
        raise PolicyError(f"unknown section(s) {', '.join(sorted(unknown))}; a policy has "
                          "[pseudonymise], [drop], [dates] and [key]", file=source)
    pseudo = data.get("pseudonymise", {})
    try:
        kinds = tuple(schema.check_node_kind(k) for k in pseudo.get("kinds", ()))
    except SchemaError as err:
        raise PolicyError(f"[pseudonymise] kinds: {err.message}", file=source) from None
    sides = tuple(pseudo.get("sides", SIDES))
    if set(sides) - set(SIDES):
        raise PolicyError(f"[pseudonymise] sides: choose from {', '.join(SIDES)}", file=source,
                          value=", ".join(sorted(set(sides) - set(SIDES))))
    precision = str(data.get("dates", {}).get("precision", "day"))
    if precision not in PRECISIONS:
        raise PolicyError(f"[dates] precision: choose one of {', '.join(PRECISIONS)}", file=source, value=precision)
    key = data.get("key", {})
    key_file = str(key.get("file") or os.environ.get("GRAPHKIT_PSEUDONYM_KEY_FILE", "")).strip()
    return RedactionPolicy(
        source=source, kinds=kinds, sides=sides, drop=tuple(str(p) for p in data.get("drop", {}).get("properties", ())),
        precision=precision, key_env=str(key.get("env") or "") or None,
        key_file=(base / key_file) if key_file else None,
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


@dataclass
class Pseudonyms:
    """Stable keyed pseudonyms: HMAC-SHA256 of an id under the agency's key."""

    key: bytes = field(repr=False)

    def digest(self, *parts: str) -> str:
        """The keyed digest of ``parts`` as lower-case base32 (26 characters)."""
        mac = hmac.new(self.key, "\x1f".join(parts).encode("utf-8"), hashlib.sha256).digest()
        return base64.b32encode(mac).decode("ascii").rstrip("=").lower()[:26]

    def node_id(self, node_id: str) -> str:
        """The id a pseudonymised node (or any id derived from one) goes out under."""
        return "gk-" + self.digest("id", node_id)

    def name(self, kind: str, node_id: str) -> str:
        """The pseudonym a node goes out under: its kind's word and eight keyed characters."""
        return f"{schema.node_kind(kind).word()} {self.digest('name', node_id)[:8].upper()}"

    def fingerprint(self) -> str:
        """A short keyed fingerprint, so two packages can be checked to use one key."""
        return self.digest("fingerprint")[:12]


_KANA_SHIFT = ord("ァ") - ord("ぁ")


def text_key(text: str) -> str:
    """A text folded for "does this mention that": NFKC, case-folded, katakana as hiragana,
    without spaces or punctuation between words.

    >>> text_key("ＬＥＯＮ　ヴァルガ") == text_key("leon ゔぁるが")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for char in folded:
        if "ァ" <= char <= "ヶ":
            char = chr(ord(char) - _KANA_SHIFT)
        if char.isalnum():
            out.append(char)
    return "".join(out)
