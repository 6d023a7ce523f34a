# Sourced by the fetch-*.sh scripts: downloads Debian packages with a private apt sources list and
# state folder under the user's cache, so the machine's own apt configuration is never touched, and
# unpacks them with dpkg -x (nothing is installed). Downloads are cached across `mvn clean`.
#
# unpack_debian_packages TAG BIN OUTDIR SUITE MIRROR OVERRIDE PACKAGE...
#   TAG       name used in messages
#   BIN       the executable the caller needs, inside OUTDIR (done when it already exists)
#   OUTDIR    folder the packages are unpacked into (replaced)
#   SUITE     Debian suite, e.g. trixie
#   MIRROR    Debian mirror URL
#   OVERRIDE  path of an executable the user already has (may be empty): linked as BIN instead
unpack_debian_packages() {
  local tag=$1 bin=$2 outdir=$3 suite=$4 mirror=$5 override=$6
  shift 6
  local packages=("$@")

  if [[ -n "$override" ]]; then
    mkdir -p "$(dirname "$bin")"
    ln -sf "$override" "$bin"
    echo "$tag: using $override"
    return 0
  fi
  if [[ -x "$bin" ]]; then
    echo "$tag: already present at $bin"
    return 0
  fi
  local tool
  for tool in apt-get dpkg; do
    command -v "$tool" >/dev/null || {
      echo "$tag: needs $tool (Debian/Ubuntu), or a binary you already have (see the script's header)" >&2
      return 1
    }
  done

  local cache=${XDG_CACHE_HOME:-$HOME/.cache}/ev-observer/apt-$suite
  mkdir -p "$cache/lists/partial" "$cache/archives/partial" "$cache/debs"
  echo "deb $mirror $suite main" > "$cache/sources.list"
  local apt_opts=(
    -o "Dir::Etc::sourcelist=$cache/sources.list"
    -o "Dir::Etc::sourceparts=/dev/null"
    -o "Dir::State::Lists=$cache/lists"
    -o "Dir::State::status=/dev/null"
    -o "Dir::Cache=$cache"
    -o "Dir::Cache::archives=$cache/archives"
    -o "Debug::NoLocking=1"
    -o "APT::Sandbox::User=$(id -un)"
  )
  local missing=() p
  for p in "${packages[@]}"; do
    ls "$cache"/debs/"${p}"_*.deb >/dev/null 2>&1 || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    echo "$tag: downloading ${missing[*]} from Debian $suite"
    apt-get -q "${apt_opts[@]}" update >/dev/null
    (cd "$cache/debs" && apt-get -q "${apt_opts[@]}" download "${missing[@]}" >/dev/null)
  fi
  rm -rf "$outdir"
  mkdir -p "$outdir"
  for p in "${packages[@]}"; do
    dpkg -x "$(ls "$cache"/debs/"${p}"_*.deb | head -n1)" "$outdir"
  done
  echo "$tag: ${packages[*]} unpacked, binary at $bin"
}
