// libFuzzer's driver, for a program with a main of its own (a Swift executable has one): it runs
// the fuzzing loop with the command line's libFuzzer flags, calling `test` with each input.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));
