#!/usr/bin/env bash
# Installs the native libraries Mede.ML uses, from Debian packages. Idempotent: installs only what is missing.
#   libopenblas0-pthread  OpenBLAS, the native GEMM path of the neural core (optional at run time)
#   libmujoco2.2.2        MuJoCo 2.2.2 runtime, for Hopper, Walker2d and the Ant tasks
#   libmujoco-dev         MuJoCo headers, used by build/generate-mujoco-structs.py and the offsetof test
#   gcc, python3          only when missing: the struct-layout test compiles the generator's offsetof probe
#   python3-torch, python3-numpy  Debian's PyTorch, for the PyTorch interchange tests of Mede.ML.TorchSharp (they load
#                         exported files with /usr/bin/python3) and the reference benchmark in ../shared/bench
set -euo pipefail

packages=(libopenblas0-pthread libmujoco2.2.2 libmujoco-dev python3-torch python3-numpy)
missing=()
# The MuJoCo layout test compiles an offsetof probe (gcc) that build/generate-mujoco-structs.py writes (python3).
command -v gcc >/dev/null 2>&1 || packages+=(gcc libc6-dev)
command -v python3 >/dev/null 2>&1 || packages+=(python3)
for p in "${packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    echo "install-native: $p is already installed"
  else
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-native: nothing to do"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  sudo_hint="sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  echo "install-native: missing ${missing[*]}, and this is not root. Run:" >&2
  echo "  $sudo_hint" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-native: installing ${missing[*]}"
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
  echo "install-native: refreshing the package lists (apt-get update) and trying again"
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "install-native: installed ${missing[*]}"
