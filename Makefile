# vxgw — one Makefile builds everything into $(BUILD).
#   make            build libraries, tools and unit tests (build/)
#   make asan       same with address+undefined sanitizers (build/asan/)
#   make fuzz       libFuzzer targets with clang (build/fuzz/)
#   make check      all tests: unit (plain + asan), fuzz smoke, namespace tests (root)
#   make deps       install missing Debian packages (idempotent)
#   make demo       the hybrid lab (cluster + gateway + physical router) in namespaces (root)
#   make demo-down  remove what an interrupted demo left
#   make bench      benchmarks, printed against a baseline run side by side (root)
#   make clean

BUILD   ?= build
CC      ?= cc
PKGS    := libmnl jansson libsystemd
SAN     ?=

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# net-snmp (AgentX subagent in gwd): its own config tool, not pkg-config.
SNMP_LIBS  := -lnetsnmpagent -lnetsnmp
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wvla
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 $(WARN) -D_GNU_SOURCE -fno-common $(PKG_CFLAGS)
LDFLAGS ?=
ifeq ($(SAN),1)
  CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDFLAGS += -fsanitize=address,undefined
endif

# evpn/: the shared library. nl.c is the only file that talks to the kernel; unit
# tests link tests/unit/nl_stub.c in its place.
EVPN_SRCS  := $(filter-out evpn/nl.c,$(wildcard evpn/*.c))
EVPN_OBJS  := $(EVPN_SRCS:%.c=$(BUILD)/obj/%.o)
NL_OBJ     := $(BUILD)/obj/evpn/nl.o
EVPN_LIB   := $(BUILD)/lib/libvxgw-evpn.a

CNI_SRCS   := $(filter-out cni/vxgw-cni.c,$(wildcard cni/*.c))
CNI_OBJS   := $(CNI_SRCS:%.c=$(BUILD)/obj/%.o)
CNI_LIB    := $(BUILD)/lib/libvxgw-cni.a

GWD_SRCS   := $(wildcard gwd/*.c)
GWD_OBJS   := $(GWD_SRCS:%.c=$(BUILD)/obj/%.o)
GWD_LIB    := $(BUILD)/lib/libvxgw-gwd.a

BINS       := $(BUILD)/bin/vxgw-vtep $(BUILD)/bin/vxgw-cni $(BUILD)/bin/vxgw-evpn \
              $(BUILD)/bin/gwd $(BUILD)/bin/gwctl

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_SUPPORT := $(BUILD)/obj/tests/unit/nl_stub.o $(BUILD)/obj/tests/unit/nlmsg_build.o

.SECONDARY:
.PHONY: all asan fuzz check check-unit check-mib check-ns deps demo demo-down bench bench-cni bench-evpn bench-gwd bench-snmp clean
all: $(EVPN_LIB) $(CNI_LIB) $(GWD_LIB) $(BINS) $(UNIT_BINS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(EVPN_LIB): $(EVPN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(GWD_LIB): $(GWD_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(CNI_LIB): $(CNI_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/bin/vxgw-cni: $(BUILD)/obj/cni/vxgw-cni.o $(CNI_LIB) $(NL_OBJ) $(EVPN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bin/vxgw-evpn: $(BUILD)/obj/evpn/cli/vxgw-evpn.o $(NL_OBJ) $(EVPN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bin/gwd: $(BUILD)/obj/gwd/cli/gwd.o $(GWD_LIB) $(NL_OBJ) $(EVPN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(SNMP_LIBS)

$(BUILD)/bin/gwctl: $(BUILD)/obj/gwd/cli/gwctl.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bin/vxgw-vtep: $(BUILD)/obj/evpn/cli/vxgw-vtep.o $(NL_OBJ) $(EVPN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(UNIT_SUPPORT) $(GWD_LIB) $(CNI_LIB) $(EVPN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS)

asan:
	$(MAKE) BUILD=$(BUILD)/asan SAN=1 all

# libFuzzer needs clang; each target links the library with sanitizers.
FUZZ_CFLAGS := -std=c17 -g -O1 -D_GNU_SOURCE $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined
FUZZ_SRCS  := $(wildcard fuzz/fuzz_*.c)
fuzz: $(FUZZ_SRCS:fuzz/%.c=$(BUILD)/fuzz/%) $(BUILD)/fuzz/corpus/.seeded
# Seeds: kernel-shaped messages and typical strings, so runs start deep in the parsers.
$(BUILD)/fuzz/corpus/.seeded: $(BUILD)/fuzz/gen_seeds $(wildcard fuzz/seeds/gwd_ctl/*)
	mkdir -p $(BUILD)/fuzz/corpus/fuzz_netlink $(BUILD)/fuzz/corpus/fuzz_text $(BUILD)/fuzz/corpus/fuzz_cni $(BUILD)/fuzz/corpus/fuzz_frr
	$< $(BUILD)/fuzz/corpus/fuzz_netlink $(BUILD)/fuzz/corpus/fuzz_text $(BUILD)/fuzz/corpus/fuzz_cni && touch $@
	cp tests/unit/data/frr/* $(BUILD)/fuzz/corpus/fuzz_frr/
	mkdir -p $(BUILD)/fuzz/corpus/fuzz_gwd_config && cp config/gwd.json $(BUILD)/fuzz/corpus/fuzz_gwd_config/
	mkdir -p $(BUILD)/fuzz/corpus/fuzz_gwd_edit && cp config/gwd.json $(BUILD)/fuzz/corpus/fuzz_gwd_edit/
	mkdir -p $(BUILD)/fuzz/corpus/fuzz_gwd_ctl && cp fuzz/seeds/gwd_ctl/* $(BUILD)/fuzz/corpus/fuzz_gwd_ctl/
	mkdir -p $(BUILD)/fuzz/corpus/fuzz_gwd_mib
$(BUILD)/fuzz/gen_seeds: fuzz/gen_seeds.c tests/unit/nlmsg_build.c $(wildcard evpn/*.c)
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -D_GNU_SOURCE -O1 -g $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS)
FUZZ_LIB_SRCS := $(wildcard evpn/*.c) $(CNI_SRCS) $(filter-out gwd/gwd_snmp.c,$(GWD_SRCS))
$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_LIB_SRCS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_LIB_SRCS) $(PKG_LIBS)

check: all asan fuzz
	BUILD=$(BUILD) tests/check.sh

check-unit: all
	tests/run-unit.sh $(BUILD)/tests

check-mib:
	tests/mib/check-mib.sh

check-ns: all
	BUILD=$(BUILD) tests/ns/run.sh

deps:
	scripts/install-deps

demo: all
	BUILD=$(BUILD) scripts/demo.sh

demo-down:
	BUILD=$(BUILD) scripts/demo.sh down

bench: bench-cni bench-evpn bench-gwd bench-snmp

bench-evpn: all
	BUILD=$(BUILD) bench/evpn.sh

bench-cni: all
	BUILD=$(BUILD) bench/cni.sh

bench-gwd: all
	BUILD=$(BUILD) bench/gwd.sh

$(BUILD)/bench/mib_rows: bench/mib_rows.c $(GWD_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

# SNMP: cost of MIB rows in gwd, and a walk through the subagent vs a pass_persist agent.
bench-snmp: all $(BUILD)/bench/mib_rows
	@echo "bench-snmp: VXGW-MIB rows in gwd's model"
	$(BUILD)/bench/mib_rows 100000
	BUILD=$(BUILD) bench/snmp.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
