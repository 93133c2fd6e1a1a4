#include "app/heap_tuning.hpp"

#include <malloc.h>

namespace sciweek::app {

void TuneHeapForServing() {
  // Threads that share an arena wait for its lock. With two arenas for the server's dozen
  // threads, a SQLite hot session spent 9 % of the server's samples waiting for or waking
  // another thread on one (perf); eight arenas took its CPU a reservation from 145 to 113 µs and
  // its rate up by a fifth (bench/RESULTS.md, 2026-12-05). glibc's own default on two cores is
  // sixteen.
  mallopt(M_ARENA_MAX, 8);
  // glibc hands a free heap top of over 128 KB back to the kernel at once. SQLite frees a
  // RETURNING statement's scratch table after every run, so a hot session's writer shrank and
  // regrew its heap over and over, each shrink a TLB flush on both cores
  // (perf: 12 % of the server's samples). Up to 2 MB stays for reuse: on a SQLite hot
  // session, CPU a reservation -6 % and no slow runs (bench/RESULTS.md, 2026-12-05).
  mallopt(M_TRIM_THRESHOLD, 2 << 20);
}

void ReturnFreeHeap() {
  // More arenas keep more free memory: six xlsx exports of 100,000 units left the idle server
  // at 60 MB with eight arenas against 48 MB with two (each export's pages stay in the arena of
  // the worker that ran it). Trimming every arena gives those pages back (44 MB again); its
  // walk over the arenas' free lists took 0.1-0.8 ms, and a hot session ran level with it
  // (bench/RESULTS.md).
  malloc_trim(0);
}

}  // namespace sciweek::app
