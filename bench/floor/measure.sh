#!/usr/bin/env bash
# Builds bench/floor as Trunk builds the page (cargo release for wasm32, wasm-bindgen --target web,
# wasm-opt -Oz with the page's flags) without and with Leptos, and prints gzip -9 and brotli -q 11
# of the wasm and its JS. Run from the repository after `./x setup` (docs/weight.md, section 9).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$root/rust-toolchain.toml")
opt="$root/.tools/node_modules/binaryen/bin/wasm-opt"
for variant in core leptos; do
  features=()
  [ "$variant" = leptos ] && features=(--features leptos)
  cargo +"$toolchain" build --quiet --release --target wasm32-unknown-unknown "${features[@]}"
  out="target/out-$variant"
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" target/wasm32-unknown-unknown/release/floor.wasm
  "$opt" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types -Oz --low-memory-unused --zero-filled-memory "$out/floor_bg.wasm" -o "$out/floor.wasm"
  for f in "$out/floor.wasm" "$out/floor.js"; do
    printf '%-7s %-11s gzip %7d  brotli %7d\n' "$variant" "${f##*/}" "$(gzip -9 -n -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
  done
done
