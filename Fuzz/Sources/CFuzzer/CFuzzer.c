// Only a header: LLVMFuzzerRunDriver is libFuzzer's, linked by -sanitize=fuzzer.
#include "CFuzzer.h"
