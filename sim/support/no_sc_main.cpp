// For executables with their own main() (the nmx CLI, the test runners): libsystemc.so
// ships a main() that calls sc_main(), so linking it needs an sc_main even though ours is
// never called. A program that wants SystemC's main defines sc_main instead of linking this.
#include <cstdio>

extern "C" int sc_main(int, char*[]) {
  std::fprintf(stderr, "nmx: sc_main is not the entry point of this program\n");
  return 3;
}
