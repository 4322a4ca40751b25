# shellcheck shell=bash
# Sourced by scripts/test, scripts/demo and scripts/lock (from the repository root): one place that
# decides which Python environment graphkit is installed into and how Debian packages are installed.
#
#   use_project_env DIR   the active virtual environment ($VIRTUAL_ENV) when one is active,
#                         otherwise DIR in the checkout (e.g. .venv, git-ignored), created on first
#                         use with `python3 -m venv`. It is then activated for the rest of the
#                         script: VIRTUAL_ENV is exported and its bin/ put first on PATH, so
#                         `python3`, `pip` and the console scripts (graphkit, pytest, ...) are the
#                         environment's own. Debian's externally managed Python (PEP 668) is never
#                         installed into.
#   apt_install PKG...    apt-get install as root, or through sudo.
#
# GRAPHKIT_PYTHON names the interpreter a new environment is made from (default: python3).

apt_install() {
    local sudo_cmd=()
    [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    echo "scripts/${0##*/}: installing Debian packages: $*" >&2
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$@"
}

_make_venv() {
    local dir=$1 base=${GRAPHKIT_PYTHON:-python3} version
    command -v "$base" >/dev/null 2>&1 || { echo "scripts/${0##*/}: $base not found; graphkit needs Python >= 3.11" >&2; return 1; }
    "$base" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        { echo "scripts/${0##*/}: graphkit needs Python >= 3.11; $base is $("$base" -V 2>&1)" >&2; return 1; }
    version=$("$base" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) separately, in python3.X-venv.
    if ! "$base" -c 'import ensurepip' >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
        apt_install "python$version-venv" || true
    fi
    echo "scripts/${0##*/}: creating the virtual environment $dir (Python $version)" >&2
    if "$base" -c 'import ensurepip' >/dev/null 2>&1; then
        "$base" -m venv "$dir" && return 0
    fi
    # No ensurepip and no apt: virtualenv (from PyPI, into a private folder: --target is allowed
    # even on an externally managed Python) carries its own pip.
    rm -rf "$dir" .cache/virtualenv
    "$base" -m pip install -q --disable-pip-version-check --target .cache/virtualenv virtualenv &&
        PYTHONPATH=.cache/virtualenv "$base" -m virtualenv -q "$dir" && return 0
    echo "scripts/${0##*/}: cannot create a virtual environment with $base: install python$version-venv" \
         "(Debian/Ubuntu) or activate a virtual environment and run again" >&2
    return 1
}

use_project_env() {
    local dir=$1
    if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
        dir=$VIRTUAL_ENV
    elif [ ! -x "$dir/bin/python" ]; then
        rm -rf "$dir"
        _make_venv "$dir" || exit 1
    fi
    VIRTUAL_ENV=$(cd "$dir" && pwd)
    export VIRTUAL_ENV
    export PATH="$VIRTUAL_ENV/bin:$PATH"
    unset PYTHONHOME
    hash -r
    echo "scripts/${0##*/}: Python environment $VIRTUAL_ENV ($(python3 -V 2>&1))" >&2
}
