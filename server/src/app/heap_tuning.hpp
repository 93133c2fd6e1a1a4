#pragma once
// The serving process's heap (glibc malloc): how many arenas its threads share, and giving
// back what they no longer use. Measured in bench/RESULTS.md; each setting says why there.

namespace sciweek::app {

// Once, before the server starts its threads.
void TuneHeapForServing();

// Hands the free memory of every arena back to the kernel; for the upkeep, every few seconds.
void ReturnFreeHeap();

}  // namespace sciweek::app
