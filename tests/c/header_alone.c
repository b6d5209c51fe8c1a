/* The header compiles on its own, as C11 and as C++17, with warnings as errors. */
#include "sonoran.h"

int main(void) {
  sonoran_callback callback = 0;
  (void)callback;
  return sonoran_version() == 0;
}
