#!/usr/bin/env bash
# Makes .tools/bin/cfn-guard available and prints its path.
# Uses a cfn-guard 3.x already on PATH; otherwise takes the binary shipped inside the pinned npm package
# @cdklabs/cdk-validator-cfnguard (npm pack fetches only that tarball: no dependencies, no install scripts).
set -euo pipefail

NPM_VERSION="${1:-0.0.62}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tools/bin"
target="$dest/cfn-guard"

works() { [ -x "$1" ] && "$1" --version 2>/dev/null | grep -Eq '^cfn-guard 3\.'; }

if works "$target"; then echo "$target"; exit 0; fi
mkdir -p "$dest"

if existing="$(command -v cfn-guard 2>/dev/null)" && [ "$existing" != "$target" ] && works "$existing"; then
  ln -sf "$existing" "$target"
  echo "$target"; exit 0
fi

case "$(uname -s)" in
  Linux) os=ubuntu ;;
  Darwin) os=macos ;;
  *) echo "install-cfn-guard: no cfn-guard binary for $(uname -s); put cfn-guard 3.x on PATH" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) echo "install-cfn-guard: no cfn-guard binary for $(uname -m); put cfn-guard 3.x on PATH" >&2; exit 1 ;;
esac
command -v npm >/dev/null || { echo "install-cfn-guard: cfn-guard is not on PATH and npm is missing to fetch it" >&2; exit 1; }

work="$(mktemp -d "$root/.tools/fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "Installing cfn-guard from @cdklabs/cdk-validator-cfnguard@$NPM_VERSION ..." >&2
( cd "$work" && npm pack --silent "@cdklabs/cdk-validator-cfnguard@$NPM_VERSION" >/dev/null 2>"$work/npm.err" ) || {
  echo "install-cfn-guard: npm pack failed:" >&2; sed -n '1,5p' "$work/npm.err" >&2; exit 1; }
tar -xzf "$work"/*.tgz -C "$work" "package/bin/$os/$arch/cfn-guard"
install -m 0755 "$work/package/bin/$os/$arch/cfn-guard" "$target.partial"
mv -f "$target.partial" "$target"
works "$target" || { echo "install-cfn-guard: $target does not run" >&2; exit 1; }
echo "$target"
