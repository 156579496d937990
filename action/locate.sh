# pacenote action: which pacenote to install, where, and under which cache
# key. Expects ACTION_REPOSITORY, ACTION_REF (either may be empty: composite
# actions do not always see them), PACENOTE_INSTALL (auto, release, source or
# path) and the runner's RUNNER_OS and RUNNER_ARCH.

case "$PACENOTE_INSTALL" in
  auto | release | source | path) ;;
  *)
    echo "::error title=pacenote::input install is '${PACENOTE_INSTALL}'; it must be auto, release, source or path"
    exit 1
    ;;
esac
if [ "$PACENOTE_INSTALL" = path ]; then
  command -v pacenote > /dev/null || {
    echo "::error title=pacenote::install: path, but there is no pacenote on PATH"
    exit 1
  }
  echo "cache=false" >> "$GITHUB_OUTPUT"
  exit 0
fi

# The action's own repository and ref; when the runner leaves them empty,
# from its folder, which the runner names _actions/OWNER/REPO/REF.
repo="$ACTION_REPOSITORY"
ref="$ACTION_REF"
path="${GITHUB_ACTION_PATH%/}"
if [ -z "$ref" ]; then ref="${path##*/}"; fi
if [ -z "$repo" ]; then
  parent="${path%/*}"
  repo="${parent%/*}"
  repo="${repo##*/}/${parent##*/}"
fi
case "$repo" in
  */*/* | *[!A-Za-z0-9_./-]* | /* | */ | '')
    echo "::error title=pacenote::cannot tell the action's repository (got '${repo}'); use it as OWNER/REPO@COMMIT"
    exit 1
    ;;
esac
case "$ref" in
  *[!A-Za-z0-9_./-]* | '')
    echo "::error title=pacenote::cannot tell the action's ref (got '${ref}'); pin it to a full commit SHA"
    exit 1
    ;;
esac
version="$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)"
[ -n "$version" ] || {
  echo "::error title=pacenote::no version in the action's Cargo.toml"
  exit 1
}

case "$RUNNER_OS/$RUNNER_ARCH" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac

root="$HOME/.pacenote/$version"
{
  echo "cache=true"
  echo "repo=${repo}"
  echo "ref=${ref}"
  echo "version=${version}"
  echo "target=${target}"
  echo "root=${root}"
  echo "key=pacenote-${RUNNER_OS}-${RUNNER_ARCH}-${PACENOTE_INSTALL}-${ref}"
} >> "$GITHUB_OUTPUT"
echo "${root}/bin" >> "$GITHUB_PATH"
echo "pacenote ${version} from ${repo} at ${ref} (install: ${PACENOTE_INSTALL}, target: ${target:-none})"
