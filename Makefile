# Thin driver over Meson + Ninja. Every target installs what it needs first (tools/deps.sh).
BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
PORT       ?= 8080
DB         ?= innomon.db
FUZZ_SECONDS ?= 10
CRASH_TRIALS ?= 200
CRASH_SEED ?= 1

.PHONY: all deps build run test test-unit test-san test-http test-browser test-postgres test-postgres-suites bench fuzz clean golden lint crash

all: build

deps:
	@tools/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	@test -f $(DB) || $(BUILD)/innomon init --db $(DB)
	$(BUILD)/innomon serve --db $(DB) --port $(PORT) --bind 127.0.0.1

$(BUILD_SAN)/build.ninja:
	meson setup $(BUILD_SAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

test: build $(BUILD_SAN)/build.ninja
	tools/lint.sh
	python3 tools/layers.py $(BUILD)
	meson test -C $(BUILD) --print-errorlogs --num-processes 2
	ninja -C $(BUILD_SAN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  meson test -C $(BUILD_SAN) --suite unit --print-errorlogs --num-processes 2
	tools/browser-test.sh $(BUILD)
	tools/pg-test.sh $(MAKE) --no-print-directory test-postgres-suites

# The store, HTTP and browser suites again on PostgreSQL (a throw-away cluster: tools/pg-test.sh),
# the two-server, concurrency and migrate tests among them (suite http); the store suite also
# under ASan+UBSan, for the PostgreSQL driver.
test-postgres: build $(BUILD_SAN)/build.ninja
	ninja -C $(BUILD_SAN)
	tools/pg-test.sh $(MAKE) --no-print-directory test-postgres-suites

test-postgres-suites:
	meson test -C $(BUILD) --suite store --suite http --print-errorlogs --num-processes 2
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  meson test -C $(BUILD_SAN) --suite store --print-errorlogs --num-processes 2
	tools/browser-test.sh $(BUILD)

# kill -9 during imports, import commits and API writes: CRASH_TRIALS seeded trials (tests/crash)
crash: build
	python3 tests/crash/crash.py $(BUILD)/innomon . --trials $(CRASH_TRIALS) --seed $(CRASH_SEED) \
	  --summary $(BUILD)/crash-summary.json

golden: build
	INNOMON_GOLDEN_WRITE=1 meson test -C $(BUILD) --suite golden --print-errorlogs

bench: build
	@tools/deps.sh bench
	bench/run.sh $(BUILD)

$(BUILD_FUZZ)/build.ninja:
	CC=clang-14 meson setup $(BUILD_FUZZ) --buildtype=debug -Dfuzz=true -Db_lundef=false -Db_sanitize=address,undefined

fuzz: deps $(BUILD_FUZZ)/build.ninja
	ninja -C $(BUILD_FUZZ)
	tools/fuzz.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

lint: build
	tools/lint.sh
	python3 tools/layers.py $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)
