// Everything is in the header (static inline, for Swift to inline).
#include "CByteScan.h"
