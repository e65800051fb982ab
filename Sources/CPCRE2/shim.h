#ifndef CPCRE2_SHIM_H
#define CPCRE2_SHIM_H
// pcre2.h refuses to compile without a code unit width, and a system-library
// target cannot pass -D, so it is set here.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// PCRE2_UNSET is a cast macro that Swift does not import; a function does.
static inline PCRE2_SIZE cpcre2_unset(void) { return PCRE2_UNSET; }

static inline int cpcre2_jit_available(void) {
  uint32_t jit = 0;
  return pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit == 1;
}
#endif
