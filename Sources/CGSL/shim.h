// The C surface of GNU GSL that Sextant uses, plus accessors Swift cannot reach directly.
// Imported by SextantStats only.
#ifndef SEXTANT_CGSL_SHIM_H
#define SEXTANT_CGSL_SHIM_H

#include <stdint.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_exp.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hyperg.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_sf_result.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/// `gsl_rng_mt19937` is a mutable C global, which Swift 6 strict concurrency rejects.
static inline const gsl_rng_type *sextant_rng_mt19937(void) { return gsl_rng_mt19937; }

/// GSL's Mersenne Twister state (rng/mt.c, unchanged since GSL 1.0): 624 words and a position.
typedef struct {
    unsigned long mt[624];
    int mti;
} sextant_mt19937_state;

/// Loads a Mersenne Twister state word by word, the way NumPy seeds MT19937 from a SeedSequence:
/// `key[0..623]` are the state words and `position` the index of the next word to temper.
/// Returns 0 on success, or -1 when `r` is not an MT19937 generator of the expected layout.
static inline int sextant_mt19937_load(gsl_rng *r, const uint32_t *key, int position) {
    if (r->type != gsl_rng_mt19937 || gsl_rng_size(r) != sizeof(sextant_mt19937_state)) {
        return -1;
    }
    sextant_mt19937_state *state = (sextant_mt19937_state *)gsl_rng_state(r);
    for (int i = 0; i < 624; i++) {
        state->mt[i] = (unsigned long)key[i];
    }
    state->mti = position;
    return 0;
}

#endif
