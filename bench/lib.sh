# Shared by the benchmark scripts (sourced): Debian packages they need, and a Python >= 3.12.

say() { printf '== %s\n' "$*" >&2; }

# install_packages PACKAGE...: apt-get installs them as root; otherwise says what to install and stops.
install_packages() {
    [ $# -gt 0 ] || return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing packages: $* (install them, e.g. sudo apt-get install $*)" >&2
        exit 1
    fi
    say "installing $*"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# find_python WHY: sets $python to a Python >= 3.12 (the default python3, else pyenv's), or stops saying WHY.
find_python() {
    python=
    for candidate in python3 python3.13 python3.12 $(ls -d "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
            python=$candidate
            return 0
        fi
    done
    echo "Python >= 3.12 is needed ($1); install it (e.g. with pyenv)" >&2
    exit 1
}
