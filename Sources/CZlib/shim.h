// zlib, for reading gzip-compressed logs. Imported by SextantIngest only.
#ifndef SEXTANT_CZLIB_SHIM_H
#define SEXTANT_CZLIB_SHIM_H
#include <zlib.h>

/// `inflateInit2` is a macro; Swift needs a function. windowBits 15 + 32: zlib or gzip, detected.
static inline int sextant_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
#endif
