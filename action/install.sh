# pacenote action: installs pacenote into $ROOT/bin. With install: auto or
# release, the prebuilt binary of the release of this version, when that
# release was built from the action's own commit, after checking its SHA-256
# against the release's SHA256SUMS; with install: auto, when there is no such
# release or no binary for this runner, builds that exact commit with
# `cargo install --locked --git`. A checksum mismatch is never a reason to
# build instead: it stops the job. Expects REPO, REF, VERSION, TARGET, ROOT,
# PACENOTE_INSTALL and SERVER_URL (github.server_url).

sha256() {
  if command -v sha256sum > /dev/null; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

fetch() {
  curl --fail --silent --show-error --location --retry 3 \
    --proto '=https,file' --proto-redir '=https' --output "$2" "$1"
}

installed=""
if [ "$PACENOTE_INSTALL" != source ] && [ -n "$TARGET" ]; then
  tag="v${VERSION}"
  base="${SERVER_URL}/${REPO}/releases/download/${tag}"
  archive="pacenote-${tag}-${TARGET}.tar.gz"
  dl="$RUNNER_TEMP/pacenote-download"
  rm -rf "$dl"
  mkdir -p "$dl"
  why=""
  if ! fetch "$base/SHA256SUMS" "$dl/SHA256SUMS" 2> "$dl/err" \
    || ! fetch "$base/SOURCE_COMMIT" "$dl/SOURCE_COMMIT" 2>> "$dl/err"; then
    why="no release ${tag} at ${SERVER_URL}/${REPO}"
  else
    built_from="$(head -c 64 "$dl/SOURCE_COMMIT" | tr -d '\r\n')"
    case "$built_from" in
      *[!0-9a-f]*) built_from="(not a commit)" ;;
    esac
    [ "${#built_from}" = 40 ] || built_from="(not a commit)"
    case "$REF" in
      "$built_from" | "$tag") ;;
      *) why="release ${tag} was built from ${built_from}, not from ${REF}" ;;
    esac
  fi
  if [ -z "$why" ] && ! fetch "$base/$archive" "$dl/$archive" 2>> "$dl/err"; then
    why="release ${tag} has no ${archive}"
  fi
  if [ -z "$why" ]; then
    expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$dl/SHA256SUMS")"
    actual="$(sha256 "$dl/$archive")"
    if [ -z "$expected" ]; then
      echo "::error title=pacenote::SHA256SUMS of release ${tag} lists no ${archive}; refusing to install it"
      exit 1
    fi
    if [ "$expected" != "$actual" ]; then
      echo "::error title=pacenote::checksum mismatch for ${archive}: SHA256SUMS of release ${tag} says ${expected}, the downloaded file is ${actual}; refusing to install it"
      exit 1
    fi
    echo "${archive}: SHA-256 ${actual}, as SHA256SUMS says"
    if [ "$RUNNER_OS" = Windows ]; then
      # GNU tar would read the drive letter of D:\a\_temp as a remote host.
      tar --force-local -xzf "$dl/$archive" -C "$dl"
    else
      tar -xzf "$dl/$archive" -C "$dl"
    fi
    mkdir -p "$ROOT/bin"
    for exe in pacenote pacenote.exe; do
      if [ -f "$dl/pacenote-${tag}-${TARGET}/${exe}" ]; then
        cp "$dl/pacenote-${tag}-${TARGET}/${exe}" "$ROOT/bin/${exe}"
        chmod +x "$ROOT/bin/${exe}"
        installed="$ROOT/bin/${exe}"
      fi
    done
    if [ -z "$installed" ]; then
      echo "::error title=pacenote::${archive} holds no pacenote binary"
      exit 1
    fi
  else
    echo "${why}"
  fi
elif [ "$PACENOTE_INSTALL" != source ]; then
  echo "no prebuilt pacenote for ${RUNNER_OS}/${RUNNER_ARCH}"
fi

if [ -z "$installed" ]; then
  if [ "$PACENOTE_INSTALL" = release ]; then
    echo "::error title=pacenote::no verified prebuilt pacenote for this runner (install: release); use install: auto to build it from source"
    exit 1
  fi
  echo "building pacenote from ${SERVER_URL}/${REPO} at ${REF}"
  cargo install --locked --root "$ROOT" --git "${SERVER_URL}/${REPO}" --rev "$REF" pacenote
fi
"$ROOT/bin/pacenote" --version
