"""Assemble, configure, start and stop a local Neo4j Community server (called by scripts/neo4j).

The server is Neo4j Community 5.26 LTS plus the open Graph Data Science plugin, both taken
from Maven Central with Maven (``mvn dependency:copy-dependencies`` on a generated pom) into
a git-ignored cache. It listens on 127.0.0.1 only.

    scripts/neo4j start      # assemble if needed, write conf, start, wait for Bolt
    scripts/neo4j status     # "running bolt://127.0.0.1:7687" (exit 0) or "stopped" (exit 3)
    scripts/neo4j env        # export lines for a shell: eval "$(scripts/neo4j env)"
    scripts/neo4j stop       # SIGTERM, wait, SIGKILL if it will not go
    scripts/neo4j assemble   # only fetch the jars
    scripts/neo4j import MANIFEST.json
                             # stop, `neo4j-admin database import full` the CSV files the
                             # manifest names (graphkit push --bulk writes it), start again
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEO4J_VERSION = os.environ.get("GRAPHKIT_NEO4J_VERSION", "5.26.30")
GDS_VERSION = os.environ.get("GRAPHKIT_GDS_VERSION", "2.13.9")
NEO4J_ARTIFACT = ("org.neo4j", "neo4j", NEO4J_VERSION)  # holds org.neo4j.server.CommunityEntryPoint
GDS_ARTIFACTS = [  # the open GDS procedures, their kernel extension and gds.version()/sysinfo
    ("org.neo4j.gds", "proc", GDS_VERSION),
    ("org.neo4j.gds", "opengds-extension", GDS_VERSION),
    ("org.neo4j.gds", "proc-sysinfo", GDS_VERSION),
]
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
JVM_FLAGS = [  # as the Neo4j launcher passes them (trimmed to what a Community server needs)
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC", "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true", "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true", "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "-XX:+ExitOnOutOfMemoryError",
]


def home() -> Path:
    return Path(os.environ.get("GRAPHKIT_NEO4J_HOME", ROOT / ".neo4j")).resolve()


def cache() -> Path:
    return Path(os.environ.get("GRAPHKIT_NEO4J_CACHE", ROOT / ".cache" / "neo4j")).resolve()


def bolt_port() -> int:
    return int(os.environ.get("NEO4J_BOLT_PORT", "7687"))


def bolt_uri() -> str:
    scheme = "bolt+ssc" if os.environ.get("NEO4J_BOLT_TLS", "off").lower() == "required" else "bolt"
    return f"{scheme}://127.0.0.1:{bolt_port()}"


def say(message: str) -> None:
    print(f"neo4j: {message}", file=sys.stderr, flush=True)


# --- assembly ---------------------------------------------------------------------------

def _pom(artifacts: list[tuple[str, str, str]]) -> str:
    deps = "\n".join(
        f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
        for g, a, v in artifacts
    )
    return f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>graphkit.local</groupId><artifactId>runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
{deps}
  </dependencies>
</project>
"""


def _copy_dependencies(artifacts: list[tuple[str, str, str]], target: Path) -> None:
    """Let Maven resolve ``artifacts`` with their runtime dependencies and copy the jars."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise SystemExit("neo4j: Maven (mvn) is needed to assemble Neo4j; install the 'maven' package")
    with tempfile.TemporaryDirectory(prefix="graphkit-mvn-") as tmp:
        (Path(tmp) / "pom.xml").write_text(_pom(artifacts), encoding="utf-8")
        staging = Path(tmp) / "jars"
        cmd = [mvn, "-B", "-q", "-f", str(Path(tmp) / "pom.xml"), "dependency:copy-dependencies",
               f"-DoutputDirectory={staging}", "-DincludeScope=runtime"]
        repo = os.environ.get("GRAPHKIT_MAVEN_REPO")
        if repo:
            cmd.append(f"-Dmaven.repo.local={repo}")
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stdout + done.stderr).strip().splitlines()[-20:]
            raise SystemExit("neo4j: Maven could not fetch the jars:\n" + "\n".join(tail))
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(staging), str(target))


def _artifact_key(jar: str) -> str:
    """``commons-lang3-3.18.0.jar`` -> ``commons-lang3`` (name without version)."""
    stem = jar[:-4]
    parts = stem.split("-")
    for i, part in enumerate(parts):
        if part[:1].isdigit():
            return "-".join(parts[:i])
    return stem


ASSEMBLY_LAYOUT = "layout 2"
"""Written first in READY; a cache assembled by an older layout (layout 1 dropped GDS's
annotations jar, so GDS procedures failed) is assembled again."""


def assemble() -> Path:
    """Fetch Neo4j and GDS jars into the cache once; return the version's folder."""
    dist = cache() / f"neo4j-{NEO4J_VERSION}-gds-{GDS_VERSION}"
    ready = dist / "READY"
    if ready.exists() and ready.read_text(encoding="utf-8").startswith(ASSEMBLY_LAYOUT):
        return dist
    started = time.monotonic()
    say(f"assembling Neo4j Community {NEO4J_VERSION} and GDS {GDS_VERSION} from Maven Central into {dist}")
    dist.mkdir(parents=True, exist_ok=True)
    _copy_dependencies([NEO4J_ARTIFACT], dist / "lib")
    _copy_dependencies(GDS_ARTIFACTS, dist / "gds-all")
    # The plugin folder holds only what Neo4j's own lib/ does not already provide. GDS's own
    # jars always go in: their names can match a Neo4j jar of another group (GDS's
    # annotations-<v>.jar is not Neo4j's annotations jar; without it most procedures fail).
    in_lib = {_artifact_key(j.name) for j in (dist / "lib").glob("*.jar")}
    plugins = dist / "plugins"
    if plugins.exists():
        shutil.rmtree(plugins)
    plugins.mkdir()
    for jar in sorted((dist / "gds-all").glob("*.jar")):
        if jar.name.endswith(f"-{GDS_VERSION}.jar") or _artifact_key(jar.name) not in in_lib:
            shutil.copy2(jar, plugins / jar.name)
    shutil.rmtree(dist / "gds-all")
    ready.write_text(f"{ASSEMBLY_LAYOUT}\n{time.monotonic() - started:.1f} s\n", encoding="utf-8")
    say(f"assembled in {time.monotonic() - started:.1f} s")
    return dist


# --- configuration and password ---------------------------------------------------------

def _config(dist: Path) -> str:
    h = home()
    port = bolt_port()
    http = os.environ.get("NEO4J_HTTP_PORT")
    lines = [
        "# Written by scripts/neo4j on every start; edit the script or its environment, not this file.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}",
        f"server.http.enabled={'true' if http else 'false'}",
        f"server.http.listen_address=127.0.0.1:{http or 7474}",
        "server.https.enabled=false",
        "dbms.usage_report.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.memory.heap.initial_size={os.environ.get('NEO4J_HEAP', '1g')}",
        f"server.memory.heap.max_size={os.environ.get('NEO4J_HEAP', '1g')}",
        f"server.memory.pagecache.size={os.environ.get('NEO4J_PAGECACHE', '1g')}",
        "db.tx_log.rotation.retention_policy=200M size",
        "db.logs.query.parameter_logging_enabled=false",  # parameters are the sensitive records
        # Bolt's network threads wait 5 s for quiet twice on shutdown (10 of a stop's 11 s);
        # graphkit stops the server only when nothing talks to it (stop, or push --bulk)
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        f"server.directories.data={h / 'data'}",
        f"server.directories.logs={h / 'logs'}",
        f"server.directories.run={h / 'run'}",
        f"server.directories.import={h / 'import'}",
        f"server.directories.plugins={dist / 'plugins'}",
        f"server.directories.lib={dist / 'lib'}",
        *_tls_lines(),
        "dbms.security.procedures.unrestricted=gds.*",
        "dbms.security.procedures.allowlist=gds.*,db.*,dbms.*",
    ]
    return "\n".join(lines) + "\n"


def _tls_lines() -> list[str]:
    """Bolt TLS from NEO4J_BOLT_TLS: off (default), optional or required, with a self-signed
    certificate for 127.0.0.1 made with openssl on first use (clients use bolt+ssc://)."""
    level = os.environ.get("NEO4J_BOLT_TLS", "off").lower()
    if level == "off":
        return ["server.bolt.tls_level=DISABLED"]
    if level not in ("optional", "required"):
        raise SystemExit("neo4j: NEO4J_BOLT_TLS must be off, optional or required")
    certs = home() / "certificates" / "bolt"
    if not (certs / "public.crt").exists():
        certs.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(certs / "private.key"), "-out", str(certs / "public.crt")],
            capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit("neo4j: openssl could not make a certificate:\n" + done.stderr[-1000:])
        os.chmod(certs / "private.key", 0o600)
    return [
        f"server.bolt.tls_level={level.upper()}",
        "dbms.ssl.policy.bolt.enabled=true",
        f"dbms.ssl.policy.bolt.base_directory={certs}",
        "dbms.ssl.policy.bolt.private_key=private.key",
        "dbms.ssl.policy.bolt.public_certificate=public.crt",
        "dbms.ssl.policy.bolt.client_auth=NONE",
    ]


def _password_file() -> Path:
    return home() / "password"


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(path, 0o600)


def password() -> str:
    """The server's password: NEO4J_PASSWORD, else the one stored (or generated) in .neo4j/password."""
    stored = _password_file().read_text(encoding="utf-8").strip() if _password_file().exists() else None
    wanted = os.environ.get("NEO4J_PASSWORD")
    if wanted:
        return wanted
    if stored:
        return stored
    # Letters and digits only: neo4j-admin reads a leading "-" as an option (token_urlsafe
    # could start with one, and set-initial-password then failed with "Missing required parameter").
    generated = "gk" + secrets.token_hex(16)
    _write_private(_password_file(), generated + "\n")
    return generated


def _java_env(dist: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(home())
    env["NEO4J_CONF"] = str(home() / "conf")
    env.pop("NEO4J_PASSWORD", None)  # the server process does not need it
    return env


def _set_initial_password(dist: Path, secret: str) -> None:
    """Set the neo4j user's password before the first start (via an @argfile, not argv)."""
    if (home() / "data" / "dbms" / "auth.ini").exists() or (home() / "data" / "databases" / "system").exists():
        stored = _password_file().read_text(encoding="utf-8").strip() if _password_file().exists() else None
        if stored is not None and stored != secret:
            raise SystemExit(
                f"neo4j: the database in {home()} was initialised with another password "
                f"(stored in {_password_file()}); unset NEO4J_PASSWORD, or stop the server and "
                f"remove {home() / 'data'} to start afresh"
            )
        return
    _write_private(_password_file(), secret + "\n")
    argfile = home() / "run" / "initial-password.arg"
    _write_private(argfile, secret + "\n")
    try:
        done = subprocess.run(
            ["java", "-cp", str(dist / "lib" / "*"), ADMIN_CLASS, "dbms", "set-initial-password", f"@{argfile}"],
            env=_java_env(dist), capture_output=True, text=True,
        )
    finally:
        argfile.unlink(missing_ok=True)
    if done.returncode != 0:
        raise SystemExit("neo4j: could not set the initial password:\n" + done.stderr.replace(secret, "****")[-2000:])


# --- process ----------------------------------------------------------------------------

def _pid_file() -> Path:
    return home() / "run" / "graphkit-neo4j.pid"


def _log_file() -> Path:
    return home() / "logs" / "console.log"


def running_pid() -> int | None:
    """The server's pid if our pid file names a live Neo4j process of this home, else None."""
    try:
        pid = int(_pid_file().read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
    except (OSError, ValueError):
        return None
    if MAIN_CLASS in cmdline and str(home()) in cmdline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return None
        return None if state == "Z" else pid
    return None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _bolt_answers(secret: str, timeout: float = 5.0) -> tuple[bool, str]:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, DriverError

    try:
        with GraphDatabase.driver(bolt_uri(), auth=("neo4j", secret), connection_timeout=timeout,
                                  max_connection_lifetime=30) as driver:
            driver.verify_connectivity()
            with driver.session(database="neo4j") as session:
                session.run("RETURN 1").consume()
        return True, ""
    except AuthError:
        return False, "the server refused the password"
    except (ServiceUnavailable, Neo4jError, DriverError, OSError) as err:
        return False, type(err).__name__


def log_tail(lines: int = 40) -> str:
    chunks = []
    for path in (_log_file(), home() / "logs" / "neo4j.log"):
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            chunks.append(f"--- {path} (last {len(text)} lines)\n" + "\n".join(text))
    return "\n".join(chunks) or "(no log written)"


def _driver_missing() -> str | None:
    """Why this python cannot talk Bolt (start needs the driver to see the server answer), or None."""
    import importlib.util

    if importlib.util.find_spec("neo4j") is None:
        return (f"{sys.executable} has no Neo4j Python driver (the `neo4j` package), which start "
                "needs to check that the server answers; install graphkit's dependencies into it "
                "(`python3 -m pip install '.[test]'`) or run with PYTHON=/path/to/that/python; "
                "nothing was started")
    return None


def start(keep_conf: bool = False) -> int:
    """Start the server; ``keep_conf``: with the conf/neo4j.conf of its last start (a restart
    after an import), not one written from this environment."""
    t0 = time.monotonic()
    missing = _driver_missing()  # before Java starts: never leave a server nobody can check
    if missing:
        say(missing)
        return 2
    secret = password()
    pid = running_pid()
    if pid is not None:
        ok, why = _bolt_answers(secret)
        if ok:
            say(f"already running (pid {pid}) at {bolt_uri()}")
            return 0
        say(f"process {pid} is up but Bolt does not answer ({why}); waiting")
        return _wait_for_bolt(pid, secret, t0)
    dist = assemble()
    h = home()
    for sub in ("conf", "data", "logs", "run", "import"):
        (h / sub).mkdir(parents=True, exist_ok=True)
    if not keep_conf or not (h / "conf" / "neo4j.conf").exists():
        (h / "conf" / "neo4j.conf").write_text(_config(dist), encoding="utf-8")
    _set_initial_password(dist, secret)
    heap = _conf_values().get("server.memory.heap.max_size", os.environ.get("NEO4J_HEAP", "1g"))
    cmd = ["java", f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS,
           f"-Dgraphkit.neo4j.home={h}",
           "-cp", f"{dist / 'plugins'}/*:{dist / 'lib'}/*", MAIN_CLASS,
           f"--home-dir={h}", f"--config-dir={h / 'conf'}"]
    log = open(_log_file(), "ab")
    log.write(f"\n--- graphkit scripts/neo4j start {time.strftime('%Y-%m-%dT%H:%M:%S')}\n".encode())
    log.flush()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env=_java_env(dist), cwd=h, start_new_session=True)
    log.close()
    _pid_file().write_text(f"{proc.pid}\n", encoding="utf-8")
    return _wait_for_bolt(proc.pid, secret, t0)


def _wait_for_bolt(pid: int, secret: str, t0: float) -> int:
    limit = float(os.environ.get("NEO4J_START_TIMEOUT", "180"))
    why = "not started"
    while time.monotonic() - t0 < limit:
        if not _alive(pid):
            say(f"the server exited during start-up.\n{log_tail()}")
            return 1
        ok, why = _bolt_answers(secret, timeout=2.0)
        if ok:
            say(f"running (pid {pid}) at {bolt_uri()}, ready in {time.monotonic() - t0:.1f} s")
            return 0
        if why == "the server refused the password":
            break
        time.sleep(0.25)  # Bolt answers within a second of the log's "Started": poll often
    say(f"Bolt did not answer at {bolt_uri()} within {limit:.0f} s ({why}); stopping it.\n{log_tail()}")
    _stop_pid(pid)
    return 1


def _stop_pid(pid: int, grace: float = 60.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if running_pid() != pid:
            break
        time.sleep(0.3)
    else:
        say(f"pid {pid} did not stop in {grace:.0f} s; killing it")
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    # Reap it if it is our child (it is not, across invocations; then init reaps it).
    for _ in range(50):
        if running_pid() != pid:
            return
        time.sleep(0.1)


def stop() -> int:
    pid = running_pid()
    if pid is None:
        say("not running")
        _pid_file().unlink(missing_ok=True)
        return 0
    t0 = time.monotonic()
    _stop_pid(pid)
    _pid_file().unlink(missing_ok=True)
    say(f"stopped (pid {pid}) in {time.monotonic() - t0:.1f} s")
    return 0


def _conf_values() -> dict[str, str]:
    """The settings of the conf/neo4j.conf the server was last started with."""
    path = home() / "conf" / "neo4j.conf"
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines()
             if "=" in line and not line.lstrip().startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def _use_started_settings() -> None:
    """Point bolt_uri() at the port and TLS level the conf holds (a restart keeps them)."""
    conf = _conf_values()
    port = conf.get("server.bolt.listen_address", "").rpartition(":")[2]
    if port.isdigit():
        os.environ["NEO4J_BOLT_PORT"] = port
    level = conf.get("server.bolt.tls_level", "DISABLED").lower()
    os.environ["NEO4J_BOLT_TLS"] = "off" if level == "disabled" else level


def import_full(manifest_path: str) -> int:
    """Stop the server, run ``neo4j-admin database import full`` on the files a manifest names,
    start the server again with the same conf; print the seconds of each phase as JSON.

    The manifest (JSON, written by ``graphkit push --bulk``): ``database``, ``nodes`` and
    ``relationships`` (lists of CSV paths, each with its own header line), ``array_delimiter``.
    The database is replaced (``--overwrite-destination``): graphkit checks that it is empty or
    that the user said ``--overwrite`` before calling this.
    """
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    database = str(manifest.get("database", "neo4j"))
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]{0,62}", database):
        say(f"not a database name: {database!r}")
        return 2
    if not (home() / "conf" / "neo4j.conf").exists():
        say(f"no server configured in {home()} (run `scripts/neo4j start` once first)")
        return 2
    _use_started_settings()
    phases: dict[str, float] = {}
    cpu: dict[str, float] = {}
    t0 = time.monotonic()
    pid = running_pid()
    if pid is not None:
        _stop_pid(pid)
        _pid_file().unlink(missing_ok=True)
    phases["stop"] = time.monotonic() - t0
    done, phases["import"], cpu["import"] = admin_import(manifest)
    t0 = time.monotonic()
    started = start(keep_conf=True)
    phases["start"] = time.monotonic() - t0
    pid = running_pid()
    cpu["start"] = process_cpu(pid) if pid is not None else 0.0
    print(json.dumps({"phases": phases, "cpu": cpu, "import_rc": done.returncode, "start_rc": started}))
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-25:]
        say("neo4j-admin database import failed (full output in "
            f"{home() / 'logs' / 'import.log'}):\n" + "\n".join(tail))
        return 1
    return started


def admin_import(manifest: dict) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``neo4j-admin database import full`` on the files ``manifest`` names, the server
    being stopped; return the finished process, its wall seconds and CPU seconds (the
    output is kept in logs/import.log)."""
    import resource

    dist = assemble()
    database = str(manifest.get("database", "neo4j"))
    report = home() / "logs" / "import-report.txt"
    heap = _conf_values().get("server.memory.heap.max_size", "1g")
    cmd = ["java", f"-Xmx{heap}", "-cp", str(dist / "lib" / "*"), ADMIN_CLASS, "database", "import", "full",
           database, "--overwrite-destination=true", *_multiline_options(manifest), "--skip-duplicate-nodes=false",
           "--skip-bad-relationships=false", f"--array-delimiter={manifest.get('array_delimiter', 'U+001F')}",
           f"--report-file={report}",
           f"--max-off-heap-memory={os.environ.get('NEO4J_IMPORT_MEMORY', '2G')}",  # default: 90% of free RAM
           *(f"--nodes={path}" for path in manifest.get("nodes", [])),
           *(f"--relationships={path}" for path in manifest.get("relationships", []))]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    done = subprocess.run(cmd, env=_java_env(dist), capture_output=True, text=True)
    seconds = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    (home() / "logs" / "import.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    return done, seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far; 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_PLAIN_PATH = re.compile(r"[A-Za-z0-9_./-]+")


def _multiline_options(manifest: dict) -> list[str]:
    """neo4j-admin's options for values that span lines. Its single-line parser is much
    faster (it splits a file between threads), so only the files the manifest lists under
    ``multiline`` are read as multiline (``--multiline-fields-format=v2``, which takes paths
    as regular expressions: used only for paths that match themselves); a manifest without
    that list (an older graphkit) has every file read as multiline.

    >>> _multiline_options({"multiline": []})
    ['--multiline-fields=false']
    >>> _multiline_options({"multiline": ["/h/import/b/nodes-multiline-00003.csv"]})
    ['--multiline-fields-format=v2', '--multiline-fields=/h/import/b/nodes-multiline-00003.csv']
    >>> _multiline_options({})
    ['--multiline-fields=true']
    """
    paths = manifest.get("multiline")
    if paths is None:
        return ["--multiline-fields=true"]
    if not paths:
        return ["--multiline-fields=false"]
    if all(_PLAIN_PATH.fullmatch(str(path)) for path in paths):
        return ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(str(path) for path in paths)]
    return ["--multiline-fields=true"]


def status() -> int:
    pid = running_pid()
    if pid is None:
        print("stopped")
        return 3
    print(f"running {bolt_uri()} (pid {pid}, home {home()})")
    return 0


def env() -> int:
    secret = password()
    print(f"export NEO4J_URI={shlex.quote(bolt_uri())}")
    print("export NEO4J_USERNAME=neo4j")
    print(f"export NEO4J_PASSWORD={shlex.quote(secret)}")
    print("export NEO4J_DATABASE=neo4j")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "import":
        return import_full(argv[1])
    commands = {"start": start, "stop": stop, "status": status, "env": env,
                "assemble": lambda: (assemble(), 0)[1]}
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
