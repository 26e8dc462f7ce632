# The one entry point for people and CI. `make localnet` and `make test` are the whole set-up
# on a fresh machine: they install what is missing (npm packages, CometBFT) first.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin

COMETBFT_VERSION := v0.38.25
TOOLS := $(CURDIR)/.tools/bin
COMETBFT := $(TOOLS)/cometbft
COMETBFT_STAMP := $(TOOLS)/.cometbft-$(COMETBFT_VERSION)
NODE_STAMP := node_modules/.installed
TSX := node --require tsx/cjs

.PHONY: install localnet localnet-start localnet-stop localnet-reset localnet-status localnet-full-node test test-unit soak typecheck build bench clean

install: $(NODE_STAMP) $(COMETBFT_STAMP)

$(NODE_STAMP): package.json package-lock.json chain/package.json proto/package.json sdk/package.json nodes/package.json
	# `npm ci` refuses lock files that lack optional binaries of other platforms, which this
	# registry does not serve; `npm install` installs the locked versions all the same.
	npm install --no-audit --no-fund
	@touch $@

# Pinned: `@latest` resolves to v1.0.1, which speaks another ABCI wire format.
$(COMETBFT_STAMP):
	@mkdir -p $(TOOLS)
	CGO_ENABLED=0 GOBIN=$(TOOLS) go install github.com/cometbft/cometbft/cmd/cometbft@$(COMETBFT_VERSION)
	@$(COMETBFT) version
	@touch $@

# `make localnet VALIDATORS=4`: four validators on this machine (1 to 4; ports in localnet/README.md).
# Left out: as many as the net in .localnet/ has, 1 for a new one.
LOCALNET_ARGS = $(if $(VALIDATORS),--validators $(VALIDATORS))

localnet: install
	$(TSX) localnet/scripts/localnet.ts run $(LOCALNET_ARGS)

localnet-start: install
	$(TSX) localnet/scripts/localnet.ts start $(LOCALNET_ARGS)

# Joins a full node to the running localnet (foreground; state from blocks, or with
# STATE_SYNC=1 from the newest snapshot the validators offer).
localnet-full-node: install
	$(TSX) localnet/scripts/localnet.ts full-node $(if $(STATE_SYNC),--state-sync)

localnet-stop: $(NODE_STAMP)
	$(TSX) localnet/scripts/localnet.ts stop

localnet-reset: $(NODE_STAMP)
	$(TSX) localnet/scripts/localnet.ts reset

localnet-status: $(NODE_STAMP)
	$(TSX) localnet/scripts/localnet.ts status

typecheck: $(NODE_STAMP)
	npx tsc -p tsconfig.check.json

# Every test: unit tests and integration tests that start a real CometBFT with our app.
test: install typecheck
	npx jest --maxWorkers=2

test-unit: $(NODE_STAMP)
	npx jest --maxWorkers=2 --testPathIgnorePatterns '\.int\.test\.ts$$'

# The long fault tests (chain/test/faults with FAULT_SOAK=1): each validator stopped in turn for
# 300 blocks, and 100 SIGKILLs of apps and CometBFTs; FAULT_KILLS, FAULT_MINUTES, FAULT_SEED,
# FAULT_DOWN_BLOCKS, FAULT_CYCLES change them (see chain/test/faults/validators.int.test.ts).
soak: install
	FAULT_SOAK=1 npx jest --maxWorkers=1 --selectProjects chain --testPathPatterns 'chain/test/faults/'

build: $(NODE_STAMP)
	npx tsc -p chain/tsconfig.json

bench: install
	$(TSX) bench/run.ts

clean:
	rm -rf chain/dist

# Regenerate proto/gen/ts (ts-proto code, committed) from proto/**/*.proto with buf and ts-proto
# from node_modules; no network. The output is byte-stable, so no formatting pass follows;
# proto/src/gen.test.ts fails when the committed code differs from a fresh run.
.PHONY: proto
proto: $(NODE_STAMP)
	cd proto && ../node_modules/.bin/buf generate
	$(TSX) chain/src/api/descriptors/generate.ts
