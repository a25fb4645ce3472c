// Byte classes of 64 bytes at once, as bit masks (bit i for byte i): what the CSV reader scans
// records with. Clang lowers the vector comparisons to the machine's SIMD instructions (SSE2's
// pcmpeqb and pmovmskb on x86-64, NEON on arm64); Swift has no portable way to turn a vector
// comparison into a bit mask as cheaply.
#ifndef CBYTESCAN_H
#define CBYTESCAN_H

#include <stdint.h>

typedef uint8_t sextant_bytes64 __attribute__((ext_vector_type(64)));
typedef _Bool sextant_bits64 __attribute__((ext_vector_type(64)));

/// The masks of one 64-byte block.
typedef struct {
    /// The commas.
    uint64_t commas;
    /// The line-end bytes (`line_end`) and the quotes.
    uint64_t stops;
    /// The bytes that are not ASCII (0x80 and above).
    uint64_t high;
} sextant_masks64;

/// The masks of the 64 bytes at `bytes` (which must all be readable), with `line_end` (LF or CR)
/// as the line end.
static inline __attribute__((always_inline)) sextant_masks64 sextant_scan64(const uint8_t *bytes, uint8_t line_end) {
    sextant_bytes64 v;
    __builtin_memcpy(&v, bytes, 64);
    sextant_masks64 masks;
    masks.commas = __builtin_bit_cast(uint64_t, __builtin_convertvector(v == (uint8_t)',', sextant_bits64));
    masks.stops = __builtin_bit_cast(uint64_t, __builtin_convertvector((v == line_end) | (v == (uint8_t)'"'), sextant_bits64));
    masks.high = __builtin_bit_cast(uint64_t, __builtin_convertvector(v >= (uint8_t)0x80, sextant_bits64));
    return masks;
}

/// The quotes among the 64 bytes at `bytes` (which must all be readable).
static inline __attribute__((always_inline)) uint64_t sextant_quotes64(const uint8_t *bytes) {
    sextant_bytes64 v;
    __builtin_memcpy(&v, bytes, 64);
    return __builtin_bit_cast(uint64_t, __builtin_convertvector(v == (uint8_t)'"', sextant_bits64));
}

#endif
