# One-word entry points. Every target installs what it needs first (`tools`), so a fresh machine
# only needs rustup, cargo, Node.js/npm and apt (see README).
#
#   make serve   build and serve the playground, cross-origin isolated, on http://127.0.0.1:8080
#   make test    every test tier: native, browser (wasm-bindgen-test), end to end (WebDriver)
#   make dist    a static release build in dist/
#   make editor  the lesson page's Python editor (CodeMirror 6), bundled into www/editor/dist/
#   make bench   the figures: event-loop overhead, the interpreter against python3, thread-pool
#                speed-up, download size

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

WASM_BINDGEN_VERSION := 0.2.130
TRUNK_VERSION := 0.22.1
BINARYEN_VERSION := 132.0.0
TOOLS := $(CURDIR)/.tools
# wasm-opt comes from the binaryen npm package: Debian's binaryen is too old for this wasm, and
# trunk would otherwise try to download one.
# `cargo install` puts its binaries in $CARGO_HOME/bin (~/.cargo/bin unless CARGO_HOME is set).
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(TOOLS)/node_modules/.bin:$(CARGO_BIN):$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
# The toolchain named in rust-toolchain.toml is not installed on first use on these machines.
export RUSTUP_AUTO_INSTALL := 0

.PHONY: tools toolchain wasm-bindgen trunk wasm-opt browser editor serve dist test test-native test-browser test-e2e bench clean

tools: toolchain wasm-bindgen trunk wasm-opt

toolchain:
	rustup toolchain install --no-self-update

# Installed WITHOUT --locked: the registry index here lacks a version its lock file pins.
wasm-bindgen: toolchain
	if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	fi

# trunk 0.22 needs a newer rustc than stable here; the pinned nightly builds it.
trunk: toolchain
	if ! trunk --version 2>/dev/null | grep -q "$(TRUNK_VERSION)"; then
	  cargo install trunk --version $(TRUNK_VERSION) --locked
	fi

wasm-opt:
	if ! [ -x "$(TOOLS)/node_modules/.bin/wasm-opt" ]; then
	  mkdir -p "$(TOOLS)"
	  npm install --prefix "$(TOOLS)" --no-audit --no-fund --silent binaryen@$(BINARYEN_VERSION)
	fi

# Chromium and ChromeDriver from Debian, for the browser and end-to-end tiers.
browser:
	if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
	  SUDO=$$( [ "$$(id -u)" = 0 ] && echo "" || echo sudo )
	  $$SUDO apt-get update -qq
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver
	fi

# The editor is loaded by the page only when the learner presses Edit; index.html copies the bundle
# into the site, and Trunk.toml's pre_build hook runs this target, so a plain `trunk serve` has it too.
# npm ci runs only when node_modules is missing or older than the lock file (npm ci writes
# node_modules/.package-lock.json); esbuild only when editor.js or the lock file is newer than the bundle.
EDITOR_DIR := www/editor
EDITOR_BUNDLE := $(EDITOR_DIR)/dist/codemirror.js

editor: $(EDITOR_BUNDLE)

$(EDITOR_DIR)/node_modules/.package-lock.json: $(EDITOR_DIR)/package-lock.json
	npm ci --prefix $(EDITOR_DIR) --no-audit --no-fund --silent
	touch $@

$(EDITOR_BUNDLE): $(EDITOR_DIR)/editor.js $(EDITOR_DIR)/package-lock.json | $(EDITOR_DIR)/node_modules/.package-lock.json
	cd $(EDITOR_DIR)
	node_modules/.bin/esbuild editor.js --bundle --format=esm --minify --outfile=dist/codemirror.js --log-level=warning

serve: tools editor
	trunk serve

dist: tools editor
	trunk build --release

test: test-native test-browser test-e2e

test-native: toolchain
	cargo test -p concurrency-playground

test-browser: tools browser editor
	cargo test -p concurrency-playground --target wasm32-unknown-unknown --test web

test-e2e: dist browser
	cargo test -p e2e -- --test-threads=1

# The interpreter's figures compare python3 with the native runner, built here first.
bench: dist browser
	cargo build --release --bin pyrun
	cargo run --release -p e2e --bin bench

clean:
	cargo clean
	rm -rf dist $(EDITOR_DIR)/dist
